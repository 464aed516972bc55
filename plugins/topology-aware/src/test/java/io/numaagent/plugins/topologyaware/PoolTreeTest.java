package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.CpuDetails;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.plugins.topologyaware.alloc.CpuPicker;
import io.numaagent.plugins.topologyaware.alloc.CpuReservation;
import io.numaagent.plugins.topologyaware.pools.MemoryNodes;
import io.numaagent.plugins.topologyaware.pools.MemoryType;
import io.numaagent.plugins.topologyaware.pools.PoolTree;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pool tree of each named topology (the reference's e2e VMs), with the default reservation
 * ({@code 750m}: one CPU, which the CPU allocator picks as CPU 0): names, post-order ids, CPU classes
 * and memory by kind, as the reference's pools.go builds them.
 */
class PoolTreeTest {

    static Stream<Arguments> trees() {
        return Stream.of(
                Arguments.of("twoSocketFourNodeSixteenCpus (n4c16): virtual root, sockets, NUMA nodes",
                        TestMachine.twoSocketFourNodeSixteenCpus(), """
                        #6 root: reserved 0 sharable 1-15 DRAM 0-3
                          #2 socket #0: reserved 0 sharable 1-7 DRAM 0-1
                            #0 NUMA node #0: reserved 0 sharable 1-3 DRAM 0
                            #1 NUMA node #1: sharable 4-7 DRAM 1
                          #5 socket #1: sharable 8-15 DRAM 2-3
                            #3 NUMA node #2: sharable 8-11 DRAM 2
                            #4 NUMA node #3: sharable 12-15 DRAM 3
                        """),
                Arguments.of("twoSocketTwoDieTwoNodeSmt: dies between sockets and NUMA nodes",
                        TestMachine.twoSocketTwoDieTwoNodeSmt(), """
                        #14 root: reserved 0 sharable 1-31 DRAM 0-7
                          #6 socket #0: reserved 0 sharable 1-15 DRAM 0-3
                            #2 die #0/0: reserved 0 sharable 1-7 DRAM 0-1
                              #0 NUMA node #0: reserved 0 sharable 1-3 DRAM 0
                              #1 NUMA node #1: sharable 4-7 DRAM 1
                            #5 die #0/1: sharable 8-15 DRAM 2-3
                              #3 NUMA node #2: sharable 8-11 DRAM 2
                              #4 NUMA node #3: sharable 12-15 DRAM 3
                          #13 socket #1: sharable 16-31 DRAM 4-7
                            #9 die #1/0: sharable 16-23 DRAM 4-5
                              #7 NUMA node #4: sharable 16-19 DRAM 4
                              #8 NUMA node #5: sharable 20-23 DRAM 5
                            #12 die #1/1: sharable 24-31 DRAM 6-7
                              #10 NUMA node #6: sharable 24-27 DRAM 6
                              #11 NUMA node #7: sharable 28-31 DRAM 7
                        """),
                Arguments.of("twoSocketFourNodeSixteenCpus with isolcpus=4-5: isolated CPUs are a class of their own",
                        TestMachine.twoSocketFourNodeSixteenCpus().isolated("4-5"), """
                        #6 root: isolated 4-5 reserved 0 sharable 1-3,6-15 DRAM 0-3
                          #2 socket #0: isolated 4-5 reserved 0 sharable 1-3,6-7 DRAM 0-1
                            #0 NUMA node #0: reserved 0 sharable 1-3 DRAM 0
                            #1 NUMA node #1: isolated 4-5 sharable 6-7 DRAM 1
                          #5 socket #1: sharable 8-15 DRAM 2-3
                            #3 NUMA node #2: sharable 8-11 DRAM 2
                            #4 NUMA node #3: sharable 12-15 DRAM 3
                        """),
                Arguments.of("fourSocketFourPmemNodes (c4pmem4): each PMEM node joins the socket of its closest DRAM",
                        TestMachine.fourSocketFourPmemNodes(), """
                        #4 root: reserved 0 sharable 1-3 DRAM 0-3 PMEM 4-7
                          #0 socket #0: reserved 0 sharable - DRAM 0 PMEM 6
                          #1 socket #1: sharable 1 DRAM 1 PMEM 7
                          #2 socket #2: sharable 2 DRAM 2 PMEM 4
                          #3 socket #3: sharable 3 DRAM 3 PMEM 5
                        """),
                Arguments.of("twoSocketHbmAndPmemNodes (n6-hbm-cxl): socket #0 gets 0,2,4, socket #1 1,3,5, root 0-5",
                        TestMachine.twoSocketHbmAndPmemNodes(), """
                        #2 root: reserved 0 sharable 1-7 DRAM 0-1 PMEM 4-5 HBM 2-3
                          #0 socket #0: reserved 0 sharable 1-3 DRAM 0 PMEM 4 HBM 2
                          #1 socket #1: sharable 4-7 DRAM 1 PMEM 5 HBM 3
                        """),
                Arguments.of("twoSocketCxlMemorylessNode: node 3 (CPUs 8-9, no memory) gets no pool and is in no "
                                + "memory set (the reference would put it in socket #1's); CPU 7 is offline",
                        TestMachine.twoSocketCxlMemorylessNode(), """
                        #3 root: reserved 0 sharable 1-6,8-9 DRAM 0-1 PMEM 2
                          #0 socket #0: reserved 0 sharable 1-3 DRAM 0 PMEM 2
                          #2 socket #1: sharable 4-6,8-9 DRAM 1
                            #1 NUMA node #1: sharable 4-6 DRAM 1
                        """),
                Arguments.of("twoSocketTwoL3PerSocket (AMD-like, one node per socket): L3 pools under the sockets",
                        TestMachine.qemu(2, 1, 1, 8, 2, 2L << 30).caches("0-7", "8-15", "16-23", "24-31"), """
                        #6 root: reserved 0 sharable 1-31 DRAM 0-1
                          #2 socket #0: reserved 0 sharable 1-15 DRAM 0
                            #0 socket #0/L3 cache #0: reserved 0 sharable 1-7 DRAM 0
                            #1 socket #0/L3 cache #1: sharable 8-15 DRAM 0
                          #5 socket #1: sharable 16-31 DRAM 1
                            #3 socket #1/L3 cache #2: sharable 16-23 DRAM 1
                            #4 socket #1/L3 cache #3: sharable 24-31 DRAM 1
                        """),
                Arguments.of("twoSocketFourNodeSixteenCpus, two L3 caches in each node of socket #0: L3 pools under "
                                + "those NUMA nodes only",
                        TestMachine.twoSocketFourNodeSixteenCpus().caches("0-1", "2-3", "4-5", "6-7", "8-11", "12-15"),
                        """
                        #10 root: reserved 0 sharable 1-15 DRAM 0-3
                          #6 socket #0: reserved 0 sharable 1-7 DRAM 0-1
                            #2 NUMA node #0: reserved 0 sharable 1-3 DRAM 0
                              #0 NUMA node #0/L3 cache #0: reserved 0 sharable 1 DRAM 0
                              #1 NUMA node #0/L3 cache #1: sharable 2-3 DRAM 0
                            #5 NUMA node #1: sharable 4-7 DRAM 1
                              #3 NUMA node #1/L3 cache #2: sharable 4-5 DRAM 1
                              #4 NUMA node #1/L3 cache #3: sharable 6-7 DRAM 1
                          #9 socket #1: sharable 8-15 DRAM 2-3
                            #7 NUMA node #2: sharable 8-11 DRAM 2
                            #8 NUMA node #3: sharable 12-15 DRAM 3
                        """),
                Arguments.of("twoSocketFourNodeSixteenCpus, one L3 per socket (Intel-like): no L3 pools",
                        TestMachine.twoSocketFourNodeSixteenCpus().caches("0-7", "8-15"), """
                        #6 root: reserved 0 sharable 1-15 DRAM 0-3
                          #2 socket #0: reserved 0 sharable 1-7 DRAM 0-1
                            #0 NUMA node #0: reserved 0 sharable 1-3 DRAM 0
                            #1 NUMA node #1: sharable 4-7 DRAM 1
                          #5 socket #1: sharable 8-15 DRAM 2-3
                            #3 NUMA node #2: sharable 8-11 DRAM 2
                            #4 NUMA node #3: sharable 12-15 DRAM 3
                        """),
                Arguments.of("fourNodeTwoSocket e2e guest: QEMU gives each CPU its own L3 id, shared by the CPUs of "
                                + "its node: one cache per node, no L3 pools (not one pool per id over the same CPUs)",
                        qemuGuestL3PerCpuId(), """
                        #6 root: reserved 0 sharable 1-7 DRAM 0-3
                          #2 socket #0: reserved 0 sharable 1-3 DRAM 0-1
                            #0 NUMA node #0: reserved 0 sharable 1 DRAM 0
                            #1 NUMA node #1: sharable 2-3 DRAM 1
                          #5 socket #1: sharable 4-7 DRAM 2-3
                            #3 NUMA node #2: sharable 4-5 DRAM 2
                            #4 NUMA node #3: sharable 6-7 DRAM 3
                        """),
                Arguments.of("twoSocketTwoL3PerSocket with overlapping L3 lists in socket #0 (0-9, 8-15): "
                                + "contradictory, no L3 pools there",
                        TestMachine.qemu(2, 1, 1, 8, 2, 2L << 30).caches("0-9", "8-15", "16-23", "24-31")
                                .details("8-9", c -> new CpuDetails(c.details().cluster(),
                                        c.details().caches().subList(0, 4), 0, 0, "", CpuDetails.CoreKind.UNKNOWN)), """
                        #4 root: reserved 0 sharable 1-31 DRAM 0-1
                          #0 socket #0: reserved 0 sharable 1-15 DRAM 0
                          #3 socket #1: sharable 16-31 DRAM 1
                            #1 socket #1/L3 cache #2: sharable 16-23 DRAM 1
                            #2 socket #1/L3 cache #3: sharable 24-31 DRAM 1
                        """),
                Arguments.of("twoSocketTwoDieTwoNodeSmt, one cluster per die: the dies are left out",
                        TestMachine.twoSocketTwoDieTwoNodeSmt().details("0-31", c -> new CpuDetails(c.die(), List.of(),
                                0, 0, "", CpuDetails.CoreKind.UNKNOWN)), """
                        #10 root: reserved 0 sharable 1-31 DRAM 0-7
                          #4 socket #0: reserved 0 sharable 1-15 DRAM 0-3
                            #0 NUMA node #0: reserved 0 sharable 1-3 DRAM 0
                            #1 NUMA node #1: sharable 4-7 DRAM 1
                            #2 NUMA node #2: sharable 8-11 DRAM 2
                            #3 NUMA node #3: sharable 12-15 DRAM 3
                          #9 socket #1: sharable 16-31 DRAM 4-7
                            #5 NUMA node #4: sharable 16-19 DRAM 4
                            #6 NUMA node #5: sharable 20-23 DRAM 5
                            #7 NUMA node #6: sharable 24-27 DRAM 6
                            #8 NUMA node #7: sharable 28-31 DRAM 7
                        """),
                Arguments.of("twoSocketTwoDieTwoNodeSmt, a cluster per core (x86: per L2): the dies stay",
                        TestMachine.twoSocketTwoDieTwoNodeSmt().caches("0-15", "16-31"), """
                        #14 root: reserved 0 sharable 1-31 DRAM 0-7
                          #6 socket #0: reserved 0 sharable 1-15 DRAM 0-3
                            #2 die #0/0: reserved 0 sharable 1-7 DRAM 0-1
                              #0 NUMA node #0: reserved 0 sharable 1-3 DRAM 0
                              #1 NUMA node #1: sharable 4-7 DRAM 1
                            #5 die #0/1: sharable 8-15 DRAM 2-3
                              #3 NUMA node #2: sharable 8-11 DRAM 2
                              #4 NUMA node #3: sharable 12-15 DRAM 3
                          #13 socket #1: sharable 16-31 DRAM 4-7
                            #9 die #1/0: sharable 16-23 DRAM 4-5
                              #7 NUMA node #4: sharable 16-19 DRAM 4
                              #8 NUMA node #5: sharable 20-23 DRAM 5
                            #12 die #1/1: sharable 24-31 DRAM 6-7
                              #10 NUMA node #6: sharable 24-27 DRAM 6
                              #11 NUMA node #7: sharable 28-31 DRAM 7
                        """),
                Arguments.of("laptopOneNode: one socket, one node: the socket is the root",
                        TestMachine.laptopOneNode(), """
                        #0 socket #0: reserved 0 sharable 1-3 DRAM 0
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void buildsTheReferenceTree(String name, TestMachine machine, String expected) {
        var platform = machine.platform();
        PoolTree tree = PoolTree.build(platform, CpuReservation.resolve(platform, "", "750m", new CpuPicker(platform)));

        assertThat(tree.describe()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void cpuLessNodesAreHbmBelowTheAverageDramNodeSizeElsePmem(String name, TestMachine machine, String expected) {
        MemoryNodes nodes = new MemoryNodes(machine.platform());
        for (var n : machine.nodes()) {
            MemoryType want = !n.hasMemory() ? null : n.hasCpus() ? MemoryType.DRAM
                    : n.memTotalBytes() < (2L << 30) ? MemoryType.HBM : MemoryType.PMEM;
            assertThat(nodes.type(n.id())).as("node %d", n.id()).isEqualTo(want);
        }
    }

    /** e2e/topologies/fourNodeTwoSocket.json as its QEMU guest shows its L3: id = CPU id, shared by the node. */
    static TestMachine qemuGuestL3PerCpuId() {
        return TestMachine.qemu(2, 1, 2, 2, 1, 1L << 30).details("0-7", c -> new CpuDetails(c.id(),
                List.of(new io.numaagent.api.snapshot.CpuCache(3, "Unified", c.id(),
                        io.numaagent.api.CpuSet.range(c.node() * 2, c.node() * 2 + 1))), 0, 0, "",
                CpuDetails.CoreKind.UNKNOWN));
    }
}
