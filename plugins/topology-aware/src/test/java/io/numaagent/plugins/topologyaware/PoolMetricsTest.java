package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.InMemoryMetrics;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool metrics after a placement on the reference's n4c16 VM, and after a release. */
class PoolMetricsTest {

    @TempDir
    Path state;

    @Test
    void twoSocketFourNodeSixteenCpusPoolSizesGrantsSharedSetsAndContainers() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        h.guaranteed("/g2", 2000).add("/bu", QosClass.BURSTABLE, 1500, 2000, 100, 200).bestEffort("/be")
                .guaranteed("/g1", 1000);
        h.step();
        InMemoryMetrics m = h.context.metrics();

        assertThat(m.value("topology_aware_pool_cpus", "NUMA node #0", "reserved")).isEqualTo(1.0);
        assertThat(m.value("topology_aware_pool_cpus", "NUMA node #0", "sharable")).isEqualTo(3.0);
        assertThat(m.value("topology_aware_pool_cpus", "root", "sharable")).isEqualTo(15.0);
        assertThat(m.value("topology_aware_pool_shared_cpus", "NUMA node #1")).isEqualTo(2.0);
        assertThat(m.value("topology_aware_pool_shared_cpus", "NUMA node #3")).isEqualTo(3.0);
        assertThat(m.value("topology_aware_pool_shared_cpus", "root")).isEqualTo(12.0);
        assertThat(m.value("topology_aware_pool_granted_cpus", "NUMA node #2", "shared")).isEqualTo(1.5);
        assertThat(m.value("topology_aware_pool_granted_cpus", "NUMA node #1", "exclusive")).isEqualTo(2.0);
        assertThat(m.value("topology_aware_pool_containers", "NUMA node #3")).isEqualTo(2.0);
        assertThat(m.value("topology_aware_grants", "exclusive")).isEqualTo(2.0);
        assertThat(m.value("topology_aware_grants", "shared")).isEqualTo(2.0);
        assertThat(m.of("topology_aware_pool_containers")).hasSize(7);

        h.remove("/g1").step();
        assertThat(m.value("topology_aware_pool_shared_cpus", "NUMA node #3")).isEqualTo(4.0);
        assertThat(m.value("topology_aware_pool_containers", "NUMA node #3")).isEqualTo(1.0);
        assertThat(m.value("topology_aware_grants", "exclusive")).isEqualTo(1.0);
    }
}
