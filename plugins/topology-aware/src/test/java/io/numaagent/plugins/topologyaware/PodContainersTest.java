package io.numaagent.plugins.topologyaware;

import static io.numaagent.plugins.topologyaware.Harness.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.TestMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod task that lists its containers: each container is placed on its own (its own requests and QoS)
 * and its decisions name its sub-cgroup; restart keeps both, removing the pod releases both.
 */
class PodContainersTest {

    private static final String POD = "/kubepods/pod1";
    private static final String APP = POD + "/app";
    private static final String SIDECAR = POD + "/sidecar";

    @TempDir
    Path state;

    /** A guaranteed 2-CPU container and a burstable sidecar in one pod. */
    private Harness podOfAppAndSidecar() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        h.pod(POD, container(APP, QosClass.GUARANTEED, 2000, 2000, 100, 100),
                container(SIDECAR, QosClass.BURSTABLE, 100, 500, 10, 50));
        return h;
    }

    @Test
    void twoSocketFourNodeSixteenCpusGuaranteedContainerExclusiveSidecarShared() {
        Harness h = podOfAppAndSidecar();

        assertThat(h.step()).containsExactly(
                new SetCpus("topology-aware", POD, APP, CpuSet.parse("4-5"), "exclusive CPUs of NUMA node #1"),
                new SetCpuShares("topology-aware", POD, APP, 2048, "2 exclusive CPUs of NUMA node #1"),
                new SetMems("topology-aware", POD, APP, NodeSet.of(1), "dram memory of NUMA node #1"),
                new SetCpus("topology-aware", POD, SIDECAR, CpuSet.parse("8-11"), "shared CPUs of NUMA node #2"),
                new SetCpuShares("topology-aware", POD, SIDECAR, 102, "100m of the shared CPUs of NUMA node #2"),
                new SetMems("topology-aware", POD, SIDECAR, NodeSet.of(2), "dram memory of NUMA node #2"));
        assertThat(h.plugin.allocator().grant(APP).kind()).hasToString("exclusive");
        assertThat(h.plugin.allocator().grant(SIDECAR).kind()).hasToString("shared");
        assertThat(h.plugin.allocator().grant(POD)).isNull();
    }

    @Test
    void twoSocketFourNodeSixteenCpusRestartKeepsBothContainersAndDecidesNothing() {
        Harness h = podOfAppAndSidecar();
        h.step();
        Map<String, String> before = h.placement();

        h.plugin = h.newPlugin();

        assertThat(h.step()).isEmpty();
        assertThat(h.placement()).isEqualTo(before).containsOnlyKeys(APP, SIDECAR);
        assertThat(h.plugin.allocator().grant(APP)).isNotNull();
        assertThat(h.plugin.allocator().grant(SIDECAR)).isNotNull();
    }

    @Test
    void twoSocketFourNodeSixteenCpusRemovingThePodReleasesBothContainers() throws IOException {
        Harness h = podOfAppAndSidecar();
        h.bestEffort("/kubepods/be");
        h.step();

        h.remove(POD);

        assertThat(h.step()).as("the best-effort container's pool (node #3) is not affected").isEmpty();
        assertThat(h.plugin.allocator().grants()).extracting(g -> g.id()).containsExactly("/kubepods/be");
        assertThat(Files.readString(state.resolve(GrantStore.FILE))).doesNotContain(APP).doesNotContain(SIDECAR);

        h.guaranteed("/kubepods/g2", 2000);
        assertThat(h.step()).as("the released exclusive CPUs are free again").contains(new SetCpus("topology-aware",
                "/kubepods/g2", CpuSet.parse("4-5"), "exclusive CPUs of NUMA node #1"));
    }

    /**
     * The pod of e2e/tests/agent-topology-aware-pod.sh on its guests: a guaranteed 2-CPU app, a burstable
     * sidecar (100m, limit 500m) and a best-effort logger of one pod, placed in their order (CPU 0 is
     * reserved); a restart decides nothing. The e2e test expects the same sets in the cgroups' files.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("e2eGuests")
    void e2eGuestPodOfThreeContainers(String topology, TestMachine machine, String app, String sidecar,
                                       String logger) {
        Harness h = new Harness(machine, state, Map.of());
        h.pod("/e2e/pod1", container("/e2e/pod1/app", QosClass.GUARANTEED, 2000, 2000, 64, 64),
                container("/e2e/pod1/sidecar", QosClass.BURSTABLE, 100, 500, 16, 32),
                container("/e2e/pod1/logger", QosClass.BEST_EFFORT, 0, 0, 0, 0));
        h.step();
        Map<String, String> placed = h.placement();

        assertThat(placed).containsExactly(Map.entry("/e2e/pod1/app", app), Map.entry("/e2e/pod1/logger", logger),
                Map.entry("/e2e/pod1/sidecar", sidecar));
        h.plugin = h.newPlugin();
        assertThat(h.step()).as("restart").isEmpty();
        assertThat(h.placement()).isEqualTo(placed);
    }

    static Stream<Arguments> e2eGuests() {
        return Stream.of(
                // NUMA #1 is the leaf with most sliceable CPUs (#0 has reserved CPU 0); the sidecar and the
                // logger take the two other empty leaves, lower id first
                Arguments.of("fourNodeTwoSocket", TestMachine.qemu(2, 1, 2, 2, 1, 1L << 30), "2-3 / 1", "4-5 / 2",
                        "6-7 / 3"),
                // the app takes all of NUMA #1; the others fit only NUMA #0's one shared CPU (deeper than the
                // socket; its DRAM only: the CPU-less nodes are HBM, never given unless asked for)
                Arguments.of("twoNodePlusTwoCpuless", PlacementSequenceTest.twoNodePlusTwoCpuless(), "2-3 / 1", "1 / 0",
                        "1 / 0"));
    }
}
