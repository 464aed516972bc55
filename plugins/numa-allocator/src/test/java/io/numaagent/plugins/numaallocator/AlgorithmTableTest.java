package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rows in WCA's test convention, each run with both algorithms and {@code migrate_pages: true}: which task is
 * pinned to which node, and how many of its pages were elsewhere. Expected values follow from the formulas
 * (biggest task first, lowest node on ties); where the two algorithms differ, the row says both.
 */
class AlgorithmTableTest {

    private static final String FBF = "fill_biggest_first";
    private static final String MM = "minimize_migration";

    /** A row: machine, expected pin per algorithm ("task node pages", or "" for no pin). */
    record Row(String name, Supplier<Machine> machine, String fillBiggestFirst, String minimizeMigration) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("twoNode: single unpinned task, equal balance -> lowest node",
                        () -> Machine.twoNode().task("t1", Map.of(0, 0.3, 1, 0.1)),
                        "t1 0 2343750", "t1 0 2343750"),
                new Row("twoNode: node 0 holds a pinned 48 GB task -> node 1",
                        () -> Machine.twoNode().task("a", Map.of(0, 0.5)).task("b", Map.of(0, 0.1, 1, 0.2)),
                        "b 1 2343750", "b 1 2343750"),
                new Row("twoNode: node 1 holds a pinned task, memory on node 0 -> node 0",
                        () -> Machine.twoNode().task("a", Map.of(1, 0.3)).task("b", Map.of(0, 0.2, 1, 0.05)),
                        "b 0 1171875", "b 0 1171875"),
                new Row("twoNode: biggest first; minimize_migration follows the memory",
                        () -> Machine.twoNode().task("small", Map.of(0, 0.05, 1, 0.05))
                                .task("big", Map.of(0, 0.1, 1, 0.3)),
                        "big 0 7031250", "big 1 2343750"),
                new Row("twoNode: equal tasks and nodes -> first task, lowest node",
                        () -> Machine.twoNode().task("x", Map.of(0, 0.1, 1, 0.1)).task("y", Map.of(0, 0.1, 1, 0.1)),
                        "x 0 2343750", "x 0 2343750"),
                new Row("fourNode: three nodes hold a pinned task -> the empty node",
                        () -> Machine.fourNode().task("a", Map.of(0, 0.3)).task("b", Map.of(1, 0.3))
                                .task("c", Map.of(2, 0.3)).task("d", Map.of(0, 0.05, 3, 0.2)),
                        "d 3 1171875", "d 3 1171875"),
                new Row("fourNode: memory mostly on node 2",
                        () -> Machine.fourNode().task("a", Map.of(0, 0.2)).task("d", Map.of(1, 0.02, 2, 0.25, 3, 0.02)),
                        "d 1 6328125", "d 2 937500"),
                new Row("fourNode: every task pinned -> nothing",
                        () -> Machine.fourNode().task("a", Map.of(0, 0.2)).task("b", Map.of(1, 0.2)),
                        "", ""),
                new Row("twoSocketFourNode: one pin per cycle, biggest first",
                        () -> Machine.twoSocketFourNode().task("a", Map.of(0, 0.2, 1, 0.05))
                                .task("b", Map.of(2, 0.15, 3, 0.1)),
                        "a 0 1171875", "a 0 1171875"),
                new Row("cxlTwoMemoryOnlyNodes: most memory on CPU-less node 2 -> a node with CPUs",
                        () -> Machine.cxlTwoMemoryOnlyNodes().task("a", Map.of(0, 0.2)).task("t", Map.of(1, 0.05, 2, 0.4)),
                        "t 1 9375000", "t 1 9375000"));
    }

    static Stream<Arguments> rowsWithAlgorithm() {
        return rows().flatMap(r -> Stream.of(Arguments.of(r, FBF), Arguments.of(r, MM)));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("rowsWithAlgorithm")
    void pinsTheExpectedTaskToTheExpectedNode(Row row, String algorithm) {
        Harness h = Harness.of("algorithm", algorithm, "migrate_pages", true);
        Machine m = row.machine.get();
        List<String> decisions = h.brief(m);
        String expected = algorithm.equals(FBF) ? row.fillBiggestFirst : row.minimizeMigration;
        if (expected.isEmpty()) {
            assertThat(decisions).isEmpty();
            return;
        }
        String[] e = expected.split(" ");
        int node = Integer.parseInt(e[1]);
        assertThat(decisions).containsExactly(
                "set-cpus " + e[0] + " " + Machine.nodeCpus(node),
                "migrate-memory " + e[0] + " " + node + " MOVE_PAGES");
        assertThat(h.metric("numa_allocator_task_pages_to_move", e[0])).isEqualTo(Double.parseDouble(e[2]));
    }
}
