package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Annotations through the whole plugin: read from the task by the annotations package and acted on by
 * the allocator, in both annotation families; a malformed one is logged once and ignored.
 */
class AnnotatedPlacementTest {

    @TempDir
    Path state;

    @Test
    void twoSocketFourNodeSixteenCpusIsolatedHideHyperthreadsAndAffinityAnnotations() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus().isolated("12-13"), state, Map.of());
        h.guaranteed("/iso", 2000).annotate("/iso", Map.of("prefer-isolated-cpus.resource-policy.nri.io/pod", "true"));
        h.bestEffort("/ht").annotate("/ht", Map.of("hide-hyperthreads.cri-resource-manager.intel.com/pod", "true"));
        h.step();
        // with isolcpus=12-13 the reserved CPU is 8: of the packages, the tighter fit (socket #1) is preferred
        assertThat(h.placement()).containsEntry("/iso", "12-13 / 3").containsEntry("/ht", "0,2 / 0");

        // an affinity's default scope is its own pod: the scope takes in the namespace
        h.add("/near", QosClass.BURSTABLE, 500, 1000, 100, 200, Map.of("io.kubernetes.container.name", "near"))
                .annotate("/near", Map.of("resource-policy.nri.io/affinity", """
                        near:
                        - scope: {key: namespace, operator: Equals, values: [""]}
                          match: {key: name, operator: Equals, values: [iso]}
                          weight: 10
                        """));
        h.step();
        assertThat(h.placement()).as(h.context.log().lines().toString()).containsEntry("/near", "14-15 / 3");
    }

    @Test
    void twoSocketHbmAndPmemNodesMemoryTypeAnnotationAndAMalformedOneLoggedOnce() {
        Harness h = new Harness(TestMachine.twoSocketHbmAndPmemNodes(), state, Map.of());
        h.add("/hbm", QosClass.GUARANTEED, 500, 500, 100, 100)
                .annotate("/hbm", Map.of("memory-type.resource-policy.nri.io/pod", "hbm",
                        "prefer-shared-cpus.resource-policy.nri.io/pod", "perhaps"));
        h.step();
        h.step();

        assertThat(h.placement()).containsEntry("/hbm", "4-7 / 3");
        assertThat(h.context.log().lines().stream().filter(l -> l.message().contains("ignoring annotation")))
                .singleElement().satisfies(l -> assertThat(l.message()).contains("prefer-shared-cpus"));
    }
}
