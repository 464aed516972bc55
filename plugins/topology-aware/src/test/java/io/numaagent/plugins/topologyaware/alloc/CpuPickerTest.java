package io.numaagent.plugins.topologyaware.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.CpuDetails;
import io.numaagent.api.snapshot.CpuDetails.CoreKind;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.testing.TestMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sequences of exclusive CPU grants out of one set (what a pool's exclusive picks do), with the exact
 * CPUs of each, in the reference CPU allocator's order: idle packages, idle clusters (hybrid machines),
 * cache groups, idle cores, threads. Each grant's CPUs leave the set before the next. The expectations
 * are worked out from the reference's rules; the rows marked "reference test" are its own allocator
 * test cases (TestAllocatorHelper, TestClusteredCoreKindAllocation) on their machine.
 */
class CpuPickerTest {

    /** One grant: how many CPUs, of which preferred priority, and the CPUs expected ("" when it fails). */
    record Grant(int count, CpuPriority prefer, String expected) {
        @Override
        public String toString() {
            return count + " " + prefer.label() + " -> " + expected;
        }
    }

    static Grant grant(int count, CpuPriority prefer, String expected) {
        return new Grant(count, prefer, expected);
    }

    private static final CpuPriority NONE = CpuPriority.NONE;
    private static final CpuPriority LOW = CpuPriority.LOW;
    private static final CpuPriority NORMAL = CpuPriority.NORMAL;
    private static final CpuPriority HIGH = CpuPriority.HIGH;

    /**
     * The reference allocator's test machine ({@code 2-socket-4-node-40-core}): 80 CPUs, package 0 =
     * 0-19,40-59 and 1 = 20-39,60-79, CPU c and c + 40 are siblings, NUMA nodes with irregular lists.
     */
    static TestMachine twoSocketFourNodeEightyCpus() {
        String[] nodes = {"0-2,5-6,10-12,15-16,40-42,45-46,50-52,55-56", "3-4,7-9,13-14,17-19,43-44,47-49,53-54,57-59",
            "20-22,25-26,30-32,35-36,60-62,65-66,70-72,75-76", "23-24,27-29,33-34,37-39,63-64,67-69,73-74,77-79"};
        List<Cpu> cpus = new ArrayList<>();
        for (int id = 0; id < 80; id++) {
            int core = id % 40;
            int node = 0;
            while (!CpuSet.parse(nodes[node]).contains(id)) {
                node++;
            }
            cpus.add(new Cpu(id, core < 20 ? 0 : 1, 0, core, node, CpuSet.of(core, core + 40), true, false));
        }
        List<NumaNode> nodeList = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            List<Integer> distances = new ArrayList<>();
            for (int m = 0; m < 4; m++) {
                distances.add(m == n ? 10 : m / 2 == n / 2 ? 11 : 21);
            }
            nodeList.add(new NumaNode(n, CpuSet.parse(nodes[n]), 8L << 30, 4L << 30, 4L << 30, distances, -1));
        }
        return TestMachine.of(cpus, nodeList);
    }

    /** The reference test's fake priorities, made by base frequency: high 2,5,8,15,17,42,45,48,55,57, package 0's others low, package 1 normal. */
    static TestMachine twoSocketFourNodeEightyCpusFastCores() {
        return twoSocketFourNodeEightyCpus().frequencies("0-79", 2100000, 3900000)
                .frequencies("2,5,8,15,17,42,45,48,55,57", 2700000, 3900000);
    }

    /**
     * The reference test's cluster layout ({@code cluster1} of TestClusteredCoreKindAllocation) made a real
     * hybrid machine: per package, clusters of 4 CPUs, the fifth and tenth of E-cores (16-19, 56-59; 36-39,
     * 76-79). No cpufreq: P-cores normal, E-cores low.
     */
    static TestMachine twoSocketFourNodeEightyCpusHybridClusters() {
        String[][] clusters = {{"0-3", "4-7", "8-11", "12-15", "16-19", "40-43", "44-47", "48-51", "52-55", "56-59"},
            {"20,22,24,26", "21,23,25,27", "28-31", "32-35", "36-39", "60-63", "64-67", "68-71", "72-75", "76-79"}};
        return withClusters(twoSocketFourNodeEightyCpus(), clusters, "16-19,56-59,36-39,76-79");
    }

    /** The reference test's {@code cluster2}: package 1 has an E-cluster of two (36-37) and one of four (76-79). */
    static TestMachine twoSocketFourNodeEightyCpusUnevenClusters() {
        String[][] clusters = {{"0-3", "4-7", "8-11", "12-15", "16-19", "40-43", "44-47", "48-51", "52-55", "56-59"},
            {"20,22,24,26", "21,23,25,27", "28-31", "32-35", "36-37", "38-39", "60-63", "64-67", "68-71", "72-75",
                "76-79"}};
        return withClusters(twoSocketFourNodeEightyCpus(), clusters, "16-19,56-59,36-37,76-79");
    }

    private static TestMachine withClusters(TestMachine m, String[][] clusters, String eCores) {
        for (String[] inPackage : clusters) {
            for (int id = 0; id < inPackage.length; id++) {
                int cluster = id;
                m.details(inPackage[id], c -> new CpuDetails(cluster, List.of(), 0, 0, "", CoreKind.PERFORMANCE));
            }
        }
        return m.coreKind(eCores, CoreKind.EFFICIENT);
    }

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("twoSocketFourNode: a whole idle package, an idle core then a thread, an idle core, "
                        + "the thread whose core has fewest free CPUs", TestMachine.twoSocketFourNode(), "",
                        List.of(grant(16, NONE, "0-7,16-23"), grant(3, NONE, "8-9,24"), grant(2, NONE, "10,26"),
                                grant(1, NONE, "25"))),
                Arguments.of("twoSocketFourNodeEightyCpus (reference test): too few CPUs",
                        twoSocketFourNodeEightyCpusFastCores(), "2,3,10-14,20", List.of(grant(9, NORMAL, ""))),
                Arguments.of("twoSocketFourNodeEightyCpus (reference test): all of them",
                        twoSocketFourNodeEightyCpusFastCores(), "2,3,10-14,20",
                        List.of(grant(8, NORMAL, "2-3,10-14,20"))),
                Arguments.of("twoSocketFourNodeEightyCpus (reference test): high priority CPUs first",
                        twoSocketFourNodeEightyCpusFastCores(), "2,3,10-25", List.of(grant(4, HIGH, "2-3,15,17"))),
                // the reference's TestClusteredCoreKindAllocation, each from all CPUs
                Arguments.of("twoSocketFourNodeEightyCpusHybridClusters (reference test): P-cores worth one cluster",
                        twoSocketFourNodeEightyCpusHybridClusters(), "", List.of(grant(4, NORMAL, "0-3"))),
                Arguments.of("twoSocketFourNodeEightyCpusHybridClusters (reference test): P-cores worth 2 clusters",
                        twoSocketFourNodeEightyCpusHybridClusters(), "", List.of(grant(8, NORMAL, "0-7"))),
                Arguments.of("twoSocketFourNodeEightyCpusHybridClusters (reference test): the P-cores of a package",
                        twoSocketFourNodeEightyCpusHybridClusters(), "", List.of(grant(32, NORMAL, "0-15,40-55"))),
                Arguments.of("twoSocketFourNodeEightyCpusHybridClusters (reference test): E-cores worth one cluster",
                        twoSocketFourNodeEightyCpusHybridClusters(), "", List.of(grant(4, LOW, "16-19"))),
                Arguments.of("twoSocketFourNodeEightyCpusHybridClusters (reference test): E-cores worth 2 clusters",
                        twoSocketFourNodeEightyCpusHybridClusters(), "", List.of(grant(8, LOW, "16-19,56-59"))),
                Arguments.of("twoSocketFourNodeEightyCpusHybridClusters (reference test): a package and a cluster",
                        twoSocketFourNodeEightyCpusHybridClusters(), "",
                        List.of(grant(36, NORMAL, "0-15,20,22,24,26,40-55"))),
                Arguments.of("twoSocketFourNodeEightyCpusHybridClusters (reference test): a package and 2 clusters",
                        twoSocketFourNodeEightyCpusHybridClusters(), "",
                        List.of(grant(40, NORMAL, "0-15,20-27,40-55"))),
                Arguments.of("twoSocketFourNodeEightyCpusUnevenClusters (reference test): the tighter E-cluster",
                        twoSocketFourNodeEightyCpusUnevenClusters(), "", List.of(grant(2, LOW, "36-37"))),
                Arguments.of("twoSocketFourNodeEightyCpusUnevenClusters (reference test): the tighter E-package",
                        twoSocketFourNodeEightyCpusUnevenClusters(), "", List.of(grant(6, LOW, "36-37,76-79"))),
                Arguments.of("twoSocketFourNodeEightyCpusUnevenClusters (reference test): the E-cores of one package",
                        twoSocketFourNodeEightyCpusUnevenClusters(), "", List.of(grant(8, LOW, "16-19,56-59"))),
                // the reference only logs "no package can satisfy" and goes on taking clusters of both
                // packages (0-7,20,22,24,26); here the step stops and the threads stay in package 0 first
                Arguments.of("twoSocketFourNodeEightyCpusHybridClusters: no package holds the request, no clusters",
                        twoSocketFourNodeEightyCpusHybridClusters(), "0-9,20,22,24,26",
                        List.of(grant(12, NORMAL, "0-9,20,22"))),
                Arguments.of("hybridDesktopOneNode, no priority preferred: E-clusters are never taken whole, P-cores "
                        + "by idle cores, then a single-thread E-core for the odd CPU",
                        TestMachine.hybridDesktopOneNode(), "",
                        List.of(grant(4, NONE, "0-3"), grant(3, NONE, "4-5,12"), grant(2, NONE, "6-7"))),
                Arguments.of("hybridDesktopOneNode, low priority: an E-cluster, half of the other (cache group "
                        + "split by cores), its other half (used cache group of that size), then P-cores",
                        TestMachine.hybridDesktopOneNode(), "",
                        List.of(grant(4, LOW, "12-15"), grant(2, LOW, "16-17"), grant(2, LOW, "18-19"),
                                grant(2, LOW, "0-1"))),
                Arguments.of("hybridDesktopOneNode, normal priority: P-cores before E-cores; all P-cores are the "
                        + "package's idle normal-priority CPUs", TestMachine.hybridDesktopOneNode(), "",
                        List.of(grant(8, NORMAL, "0-7"))),
                Arguments.of("hybridDesktopOneNode, normal priority, 12 CPUs: the package's normal CPUs",
                        TestMachine.hybridDesktopOneNode(), "", List.of(grant(12, NORMAL, "0-11"))),
                Arguments.of("hybridDesktopOneNode, low priority, 8 CPUs: the package's low CPUs",
                        TestMachine.hybridDesktopOneNode(), "", List.of(grant(8, LOW, "12-19"))),
                Arguments.of("twoSocketSixL3: small grants each split a fresh L3 while there are idle ones (in the "
                        + "package that also has used ones first), a whole idle L3, then used L3s of exactly the size, "
                        + "else split", TestMachine.twoSocketSixL3(), "",
                        List.of(grant(4, NONE, "0-1,24-25"), grant(4, NONE, "4-5,28-29"), grant(4, NONE, "8-9,32-33"),
                                grant(4, NONE, "12-13,36-37"), grant(2, NONE, "16,40"),
                                grant(8, NONE, "20-23,44-47"), grant(4, NONE, "14-15,38-39"),
                                grant(4, NONE, "17-18,41-42"))),
                Arguments.of("twoSocketSixL3: a whole idle package", TestMachine.twoSocketSixL3(), "",
                        List.of(grant(24, NONE, "0-11,24-35"))),
                // the reference's "fewest groups of one size" never runs (its best count starts at 0), so it
                // splits the 6-CPU group (0-1,24-25); here the two 2-CPU groups are taken whole
                Arguments.of("twoSocketSixL3: the fewest used L3s of one size that make up the request",
                        TestMachine.twoSocketSixL3(), "0-3,24-25,4,28,8,32", List.of(grant(4, NONE, "4,8,28,32"))),
                // the reference compares package and die ids with CPU counts when ordering used groups, so
                // package 0's group comes first, the step ends short and the whole of it is dropped
                // (idle cores then give 0,12-15,24,36-39 across packages)
                Arguments.of("twoSocketSixL3: used L3s of the idle L3's package first",
                        TestMachine.twoSocketSixL3(), "0,24,12-16,36-40", List.of(grant(10, NONE, "12-16,36-40"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void exclusiveGrants(String name, TestMachine machine, String from, List<Grant> grants) {
        CpuPicker picker = new CpuPicker(machine.platform());
        CpuSet free = from.isEmpty() ? machine.onlineCpus() : CpuSet.parse(from);
        for (Grant g : grants) {
            CpuSet got = picker.take(free, g.count(), g.prefer());
            assertThat(got).as("%s out of %s", g, free).hasToString(g.expected());
            assertThat(free.containsAll(got)).isTrue();
            free = free.difference(got);
        }
    }
}
