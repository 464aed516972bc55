package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.InMemoryMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TaskRegistryTest {

    /** Tasks of two cycles on one topology, and which tasks of the first are gone in the second. */
    record Row(String name, Supplier<Machine> machine, List<String> first, List<String> second, List<String> gone) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> cycles() {
        return Stream.of(
                new Row("twoNode: b leaves", Machine::twoNode, List.of("a", "b"), List.of("a"), List.of("b")),
                new Row("fourNode: nobody leaves", Machine::fourNode, List.of("a", "b"), List.of("b", "a"), List.of()),
                new Row("twoSocketFourNode: one leaves, one arrives", Machine::twoSocketFourNode, List.of("a", "b"),
                        List.of("a", "c"), List.of("b")),
                new Row("cxlTwoMemoryOnlyNodes: everybody leaves", Machine::cxlTwoMemoryOnlyNodes, List.of("a", "b"),
                        List.of(), List.of("a", "b")));
    }

    private static Machine with(Supplier<Machine> machine, List<String> tasks) {
        Machine m = machine.get();
        tasks.forEach(t -> m.task(t, Map.of(0, 0.1)));
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cycles")
    void goneTasksAreForgottenEverywhere(Row row) {
        InMemoryMetrics im = new InMemoryMetrics();
        AllocatorMetrics metrics = StepInputs.metrics(im);
        List<Predicate<String>> told = new ArrayList<>();
        TaskRegistry registry = new TaskRegistry(metrics, List.of(told::add, told::add));

        Machine first = with(row.machine, row.first);
        TaskView[] views = registry.views(first.snapshot(1), NodeTable.of(first.snapshot(1).platform()));
        for (TaskView v : views) {
            metrics.taskNode.set(0, v.id());
            metrics.taskPagesToMove.set(1, v.id());
            v.seen.pagesSeries = true;
        }
        Machine second = with(row.machine, row.second);
        TaskView[] next = registry.views(second.snapshot(2), NodeTable.of(second.snapshot(2).platform()));

        assertThat(next).extracting(TaskView::id).containsExactlyElementsOf(row.second);
        if (row.gone.isEmpty()) {
            assertThat(told).as("nobody is told when nothing is gone").isEmpty();
        } else {
            assertThat(told).hasSize(2);
            for (String t : row.first) {
                assertThat(told.get(0).test(t)).as("%s gone", t).isEqualTo(row.gone.contains(t));
            }
        }
        List<String> kept = row.first.stream().filter(t -> !row.gone.contains(t)).toList();
        assertThat(im.of("numa_allocator_task_node")).containsOnlyKeys(kept);
        assertThat(im.of("numa_allocator_task_pages_to_move")).containsOnlyKeys(kept);
        assertThat(registry.size()).isEqualTo(row.second.size());
        // a task that stays keeps its state across cycles
        for (TaskView v : next) {
            assertThat(v.seen.pagesSeries).isEqualTo(row.first.contains(v.id()));
        }
        assertThat(Arrays.stream(next).map(v -> v.seen.cycle)).allMatch(c -> c == 2L);
    }
}
