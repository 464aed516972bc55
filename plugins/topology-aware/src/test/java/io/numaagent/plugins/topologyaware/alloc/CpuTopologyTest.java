package io.numaagent.plugins.topologyaware.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.CpuCache;
import io.numaagent.api.snapshot.CpuDetails;
import io.numaagent.api.snapshot.CpuDetails.CoreKind;
import io.numaagent.api.testing.TestMachine;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The clusters and cache groups the CPU allocator works out per machine, written as
 * {@code [E]cpus} per cluster / group in order ({@code E} for E-cores), and whether it is hybrid.
 */
class CpuTopologyTest {

    /** 8 cores × 2 threads (CPUs 0-15, siblings c and c + 8), caches listed with a unified L1 (no L1i), an L3 per 4 cores. */
    static TestMachine oneSocketUnifiedL1TwoL3() {
        return TestMachine.shape(1, 1, 8, 2, 0).details("0-15", c -> {
            CpuSet core = c.siblings();
            CpuSet l3 = c.id() % 8 < 4 ? CpuSet.parse("0-3,8-11") : CpuSet.parse("4-7,12-15");
            return new CpuDetails(core.first(), List.of(new CpuCache(1, "Unified", core.first(), core),
                    new CpuCache(2, "Unified", core.first(), core), new CpuCache(3, "Unified", l3.first(), l3)), 0, 0,
                    "", CoreKind.UNKNOWN);
        });
    }

    static Stream<Arguments> machines() {
        return Stream.of(
                Arguments.of("laptopOneNode: nothing known", TestMachine.laptopOneNode(), false, "", ""),
                Arguments.of("hybridDesktopOneNode: the P-cores joined into one cluster, the E-clusters; the E-core "
                        + "L2s are the cache groups (P-core L2s are cores, the L3 the package)",
                        TestMachine.hybridDesktopOneNode(), true, "0-11 E12-15 E16-19", "E12-15 E16-19"),
                Arguments.of("hybridDesktopOneNode, kernel lists only the P-cores: the others are E-cores",
                        TestMachine.hybridDesktopOneNode().coreKind("12-19", CoreKind.UNKNOWN), true,
                        "0-11 E12-15 E16-19", "E12-15 E16-19"),
                Arguments.of("twoSocketSixL3: one cluster per package (none), an L3 group per CCX",
                        TestMachine.twoSocketSixL3(), false, "",
                        "0-3,24-27 4-7,28-31 8-11,32-35 12-15,36-39 16-19,40-43 20-23,44-47"),
                Arguments.of("twoSocketFourNode, one L3 per socket: the L3 is the package, no groups",
                        TestMachine.twoSocketFourNode().caches("0-7,16-23", "8-15,24-31"), false, "", ""),
                Arguments.of("twoSocketFourNode, an L3 per NUMA node: a group per node",
                        TestMachine.twoSocketFourNode().caches("0-3,16-19", "4-7,20-23", "8-11,24-27", "12-15,28-31"),
                        false, "", "0-3,16-19 4-7,20-23 8-11,24-27 12-15,28-31"),
                Arguments.of("twoSocketFourNode, an L3 across NUMA nodes: no groups, as the reference",
                        TestMachine.twoSocketFourNode().caches("0-5,16-21", "6-7,22-23", "8-15,24-31"), false, "", ""),
                // the reference walks cache indexes as if they were levels: with three caches (L1, L2, L3)
                // it tries levels 2 and 1 only and finds no groups
                Arguments.of("oneSocketUnifiedL1TwoL3: the L3s group, by cache level", oneSocketUnifiedL1TwoL3(), false,
                        "", "0-3,8-11 4-7,12-15"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void clustersAndCacheGroups(String name, TestMachine machine, boolean hybrid, String clusters, String groups) {
        CpuTopology t = new CpuTopology(machine.platform());

        assertThat(t.hybrid).isEqualTo(hybrid);
        assertThat(String.join(" ", t.clusters.stream().map(c -> (c.efficient() ? "E" : "") + c.cpus()).toList()))
                .isEqualTo(clusters);
        assertThat(String.join(" ", t.cacheGroups.stream().map(g -> (g.efficient() ? "E" : "") + g.cpus()).toList()))
                .isEqualTo(groups);
        for (int i = 0; i < t.cacheGroups.size(); i++) {
            assertThat(t.cacheGroups.get(i).id()).isEqualTo(i);
        }
    }
}
