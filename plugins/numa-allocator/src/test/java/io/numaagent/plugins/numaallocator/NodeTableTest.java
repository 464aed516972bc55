package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.testing.TestMachine;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeTableTest {

    private static final long GB = Machine.GB;

    /** A topology and the table expected for it. */
    record Row(String name, Supplier<Machine> machine, int[] ids, boolean[] candidate, long totalMemory) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> topologies() {
        return Stream.of(
                new Row("twoNode", Machine::twoNode, new int[] {0, 1}, new boolean[] {true, true}, 192 * GB),
                new Row("fourNode", Machine::fourNode, new int[] {0, 1, 2, 3},
                        new boolean[] {true, true, true, true}, 384 * GB),
                new Row("twoSocketFourNode", Machine::twoSocketFourNode, new int[] {0, 1, 2, 3},
                        new boolean[] {true, true, true, true}, 384 * GB),
                new Row("cxlTwoMemoryOnlyNodes: CPU-less nodes are no candidates", Machine::cxlTwoMemoryOnlyNodes,
                        new int[] {0, 1, 2, 3}, new boolean[] {true, true, false, false}, 384 * GB));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void tableOfTheTopology(Row row) {
        NodeTable nodes = NodeTable.of(row.machine.get().snapshot(1).platform());
        assertThat(nodes.ids).containsExactly(row.ids);
        assertThat(nodes.candidate).containsExactly(row.candidate);
        assertThat(nodes.totalMemory).isEqualTo(row.totalMemory);
        assertThat(nodes.pageBytes).isEqualTo(4096);
        for (int i = 0; i < nodes.size(); i++) {
            assertThat(nodes.cpus[i]).isEqualTo(row.candidate[i] ? Machine.nodeCpus(i) : CpuSet.EMPTY);
            assertThat(nodes.freeBytes[i]).isEqualTo((long) (0.96 * Machine.NODE_SIZE));
        }
    }

    /** Pages are the kernel's (carried in the platform), not WCA's fixed 4 KiB: an arm64 kernel with 64 KiB pages. */
    @ParameterizedTest(name = "twoNode with {0}-byte pages")
    @org.junit.jupiter.params.provider.ValueSource(longs = {4096, 16384, 65536})
    void twoNodePageSizeComesFromThePlatform(long pageSize) {
        Platform p = Machine.twoNode().snapshot(1).platform();
        Platform withPages = new Platform(p.sockets(), p.dies(), p.cores(), p.cpus(), p.onlineCpus(), p.isolatedCpus(),
                p.nodes(), pageSize, p.cgroupVersion());
        assertThat(NodeTable.of(withPages).pageBytes).isEqualTo(pageSize);
    }

    /** topology, cpuset, expected position. */
    record Pinned(String name, Supplier<Machine> machine, String cpus, int position) {
        @Override
        public String toString() {
            return name + ": " + (cpus.isEmpty() ? "no cpus" : cpus) + " -> " + position;
        }
    }

    static Stream<Pinned> cpusets() {
        return Stream.of(
                new Pinned("twoNode", Machine::twoNode, "0-9", 0),
                new Pinned("twoNode", Machine::twoNode, "10-19", 1),
                new Pinned("twoNode: subset of a node", Machine::twoNode, "0-4", -1),
                new Pinned("twoNode: both nodes", Machine::twoNode, "0-19", -1),
                new Pinned("twoNode", Machine::twoNode, "", -1),
                new Pinned("twoNode: beyond every node", Machine::twoNode, "20-29", -1),
                new Pinned("fourNode", Machine::fourNode, "30-39", 3),
                new Pinned("fourNode: straddles two nodes", Machine::fourNode, "25-34", -1),
                new Pinned("twoSocketFourNode", Machine::twoSocketFourNode, "20-29", 2),
                new Pinned("cxlTwoMemoryOnlyNodes", Machine::cxlTwoMemoryOnlyNodes, "10-19", 1),
                new Pinned("cxlTwoMemoryOnlyNodes: every CPU", Machine::cxlTwoMemoryOnlyNodes, "0-19", -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cpusets")
    void positionWithExactlyTheseCpus(Pinned row) {
        NodeTable nodes = NodeTable.of(row.machine.get().snapshot(1).platform());
        assertThat(nodes.positionWithCpus(row.cpus.isEmpty() ? CpuSet.EMPTY : CpuSet.parse(row.cpus)))
                .isEqualTo(row.position);
    }

    @Test
    void twoNode_positionsAscendByIdWhateverThePlatformOrder() {
        NodeTable nodes = NodeTable.of(TestMachine.shape(1, 2, 2, 1, 0).nodeMemory(1, 4 * GB, GB)
                .nodeMemory(0, 2 * GB, GB).platform());
        assertThat(nodes.ids).containsExactly(0, 1);
        assertThat(nodes.cpus).containsExactly(CpuSet.parse("0-1"), CpuSet.parse("2-3"));
        assertThat(nodes.totalMemory).isEqualTo(6 * GB);
        assertThat(nodes.positionWithCpus(CpuSet.parse("2-3"))).isEqualTo(1);
    }
}
