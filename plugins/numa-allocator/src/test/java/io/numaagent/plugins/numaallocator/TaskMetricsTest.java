package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.InMemoryMetrics;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TaskMetricsTest {

    /**
     * A machine, the task pinned in this cycle and its node (null: none), the task un-pinned in this cycle
     * (null: none), and the series expected: node per task, pages to move per task.
     */
    record Row(String name, Supplier<Machine> machine, String pinned, int pinNode, String unpinned,
               Map<String, Double> taskNode, Map<String, Double> pagesToMove) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("twoNode: WCA's observed run, b pinned to node 0 in this cycle", StepInputs::twoNodeObserved,
                        "b", 0, null, Map.of("a", 1.0, "b", -1.0), Map.of("a", 1171875.0, "b", 1171875.0)),
                new Row("twoNode: only pinned tasks have a series", StepInputs::twoNodeObserved, null, 0, null,
                        Map.of("a", 1.0, "b", -1.0), Map.of("a", 1171875.0)),
                new Row("twoNode: an un-pinned task loses its series", StepInputs::twoNodeObserved, null, 0, "a",
                        Map.of("a", 1.0, "b", -1.0), Map.of()),
                new Row("twoNode: a pinned task without figures has none", () -> {
                    Machine m = Machine.twoNode();
                    return m.add(m.spec("blind", Map.of(0, 0.3)).noNodeMemory());
                }, null, 0, null, Map.of("blind", 0.0), Map.of()),
                new Row("fourNode: pinned and at home", () -> Machine.fourNode().task("a", Map.of(2, 0.2)), null, 0, null,
                        Map.of("a", 2.0), Map.of("a", 0.0)),
                new Row("twoSocketFourNode: pages on the other socket count", () -> Machine.twoSocketFourNode()
                        .task("a", Map.of(0, 0.1, 3, 0.1), Machine.nodeCpus(0)), null, 0, null,
                        Map.of("a", 0.0), Map.of("a", 2343750.0)),
                new Row("cxlTwoMemoryOnlyNodes: pages on CXL count", () -> Machine.cxlTwoMemoryOnlyNodes()
                        .task("a", Map.of(0, 0.5, 2, 0.1), Machine.nodeCpus(0)), null, 0, null,
                        Map.of("a", 0.0), Map.of("a", 2343750.0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void perTaskGauges(Row row) {
        StepInputs in = StepInputs.of(row.machine.get());
        InMemoryMetrics im = new InMemoryMetrics();
        TaskMetrics metrics = new TaskMetrics(StepInputs.metrics(im));
        // the cycle before: every task with per-node figures had a series
        for (TaskView v : in.tasks) {
            if (v.hasNodeMemory) {
                im.gauge("numa_allocator_task_pages_to_move", "", List.of("task")).set(7, v.id());
                v.seen.pagesSeries = true;
            }
        }
        if (row.pinned != null) {
            in.task(row.pinned).pinTarget = row.pinNode;
        }
        if (row.unpinned != null) {
            in.task(row.unpinned).unpinned = true;
        }
        metrics.publish(in.tasks, in.nodes);
        assertThat(im.of("numa_allocator_task_node")).containsExactlyInAnyOrderEntriesOf(row.taskNode);
        assertThat(im.of("numa_allocator_task_pages_to_move")).containsExactlyInAnyOrderEntriesOf(row.pagesToMove);
        assertThat(im.value("numa_allocator_pages_to_move"))
                .isEqualTo(row.pagesToMove.values().stream().mapToDouble(Double::doubleValue).sum());
        assertThat(im.value("numa_allocator_tasks")).isEqualTo((double) in.tasks.length);
        for (TaskView v : in.tasks) {
            assertThat(v.seen.pagesSeries).isEqualTo(row.pagesToMove.containsKey(v.id()));
        }
    }
}
