package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MinimizeMigrationTest {

    private static final long GB = Machine.GB;

    /**
     * Task t on a machine (other tasks give the balanced memory and free memory), loop_min_task_balance, and
     * the node and reason expected ({@code -1}, "": no node this cycle).
     */
    record Row(String name, Supplier<Machine> machine, double loopMinTaskBalance, int node, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("twoNode: most used and least filled", () -> Machine.twoNode().task("t", Map.of(0, 0.2, 1, 0.05))
                        .task("a", Map.of(1, 0.3)), 0.0, 0, "minimize_migration: node 0 is among the most-used and "
                        + "least-filled nodes for 24.0 GB (0.8000 of its memory is there)"),
                new Row("twoNode: most used and most free", () -> Machine.twoNode().task("t", Map.of(0, 0.2, 1, 0.05))
                        .task("a", Map.of(0, 0.5)).free(1, 10 * GB), 0.0, 0, "minimize_migration: node 0 is among the "
                        + "most-used and most-free nodes for 24.0 GB (0.8000 of its memory is there)"),
                new Row("twoNode: no pair of sets meets", () -> Machine.twoNode().task("t", Map.of(0, 0.3, 1, 0.05))
                        .task("a", Map.of(0, 0.5)).free(0, 10 * GB).free(1, 10 * GB), 0.0, -1, ""),
                new Row("twoNode: largest share 0.5 below loop_min_task_balance 0.6", () -> Machine.twoNode()
                        .task("t", Map.of(0, 0.1, 1, 0.1)), 0.6, -1, ""),
                new Row("twoNode: largest share 0.5 at loop_min_task_balance 0.5", () -> Machine.twoNode()
                        .task("t", Map.of(0, 0.1, 1, 0.1)), 0.5, 0, "minimize_migration: node 0 is among the most-used "
                        + "and least-filled nodes for 19.2 GB (0.5000 of its memory is there)"),
                new Row("fourNode: follows the memory", () -> Machine.fourNode().task("a", Map.of(0, 0.2))
                        .task("t", Map.of(1, 0.02, 2, 0.25, 3, 0.02)), 0.0, 2, "minimize_migration: node 2 is among the "
                        + "most-used and least-filled nodes for 27.8 GB (0.8621 of its memory is there)"),
                new Row("twoSocketFourNode: least filled and most free", () -> Machine.twoSocketFourNode()
                        .task("t", Map.of(0, 0.2, 1, 0.05)).task("a", Map.of(0, 0.3))
                        .task("b", Map.of(1, 0.3)).task("c", Map.of(2, 0.3)), 0.0, 3, "minimize_migration: node 3 is "
                        + "among the least-filled and most-free nodes for 24.0 GB (0.0000 of its memory is there)"),
                new Row("cxlTwoMemoryOnlyNodes: most used among nodes with CPUs", () -> Machine.cxlTwoMemoryOnlyNodes()
                        .task("a", Map.of(0, 0.2)).task("t", Map.of(1, 0.05, 2, 0.4)), 0.0, 1, "minimize_migration: "
                        + "node 1 is among the most-used and least-filled nodes for 43.2 GB (0.1111 of its memory is there)"),
                new Row("cxlTwoMemoryOnlyNodes: CPU-less shares do not pass loop_min_task_balance", () ->
                        Machine.cxlTwoMemoryOnlyNodes().task("t", Map.of(1, 0.05, 2, 0.4)), 0.2, -1, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void choosesWhereTheMemoryIsAmongTheLeastFilledOrMostFree(Row row) {
        StepInputs in = StepInputs.of(row.machine.get());
        Pin pin = new MinimizeMigration(row.loopMinTaskBalance)
                .choose(in.task("t"), in.nodes, in.balancedBytes, in.nodes.freeBytes);
        if (row.node < 0) {
            assertThat(pin).isNull();
            return;
        }
        assertThat(pin.position()).isEqualTo(row.node);
        assertThat(pin.reason()).isEqualTo(row.reason);
    }
}
