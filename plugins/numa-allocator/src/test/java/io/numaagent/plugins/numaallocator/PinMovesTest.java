package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.testing.InMemoryMetrics;
import io.numaagent.api.testing.RecordingLogger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Step 9 alone: which earlier pins' moves go on in a cycle, and which are done or given up. */
class PinMovesTest {

    private static final long GB = Machine.GB;

    /**
     * A machine as the snapshot shows it, the config, the moves started earlier (task → node, in pin order),
     * the decisions expected in short form and the tasks whose move is still going afterwards.
     */
    record Row(String name, Supplier<Machine> machine, List<Object> config, Map<String, Integer> started,
               List<String> decisions, List<String> stillMoving) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, Integer> started(Object... taskNode) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < taskNode.length; i += 2) {
            m.put((String) taskNode[i], (Integer) taskNode[i + 1]);
        }
        return m;
    }

    static Stream<Row> rows() {
        List<Object> noThreshold = new ArrayList<>();
        noThreshold.add("migrate_pages_min_task_balance");
        noThreshold.add(null);
        // node 0 has the most free memory, so re-migration (step 11) would not touch a task pinned to node 1
        Supplier<Machine> halfMoved = () -> Machine.twoNode()
                .task("a", Map.of(0, 0.1, 1, 0.1), Machine.nodeCpus(1)).free(0, 90 * GB);
        return Stream.of(
                new Row("twoNode: half moved, on a node that is not the freest: goes on", halfMoved, List.of(),
                        started("a", 1), List.of("migrate-memory a 1 MOVE_PAGES"), List.of("a")),
                new Row("twoNode: in migrate_pages mode", halfMoved, List.of("migration", "migrate_pages"),
                        started("a", 1), List.of("migrate-memory a 1 MIGRATE_PAGES"), List.of("a")),
                new Row("twoNode: 0.95 on the node is home", () -> Machine.twoNode()
                        .task("a", Map.of(0, 0.01, 1, 0.19), Machine.nodeCpus(1)).free(0, 90 * GB), List.of(),
                        started("a", 1), List.of(), List.of()),
                new Row("twoNode: 0.95 is not home at a threshold of 0.96", () -> Machine.twoNode()
                        .task("a", Map.of(0, 0.01, 1, 0.19), Machine.nodeCpus(1)).free(0, 90 * GB),
                        List.of("migrate_pages_min_task_balance", 0.96), started("a", 1),
                        List.of("migrate-memory a 1 MOVE_PAGES"), List.of("a")),
                new Row("twoNode: without a threshold home is 0.95", halfMoved, noThreshold, started("a", 1),
                        List.of("migrate-memory a 1 MOVE_PAGES"), List.of("a")),
                new Row("twoNode: without migrate_pages nothing moves", halfMoved, List.of("migrate_pages", false),
                        started("a", 1), List.of(), List.of()),
                new Row("twoNode: the pin did not take (not pinned): given up", () -> Machine.twoNode()
                        .task("a", Map.of(0, 0.1, 1, 0.1)), List.of(), started("a", 1), List.of(), List.of()),
                new Row("twoNode: pinned to the other node since: given up", () -> Machine.twoNode()
                        .task("a", Map.of(0, 0.1, 1, 0.1), Machine.nodeCpus(0)), List.of(), started("a", 1),
                        List.of(), List.of()),
                new Row("twoNode: task gone: given up", () -> Machine.twoNode()
                        .task("b", Map.of(0, 0.1, 1, 0.1), Machine.nodeCpus(1)), List.of(), started("a", 1),
                        List.of(), List.of()),
                new Row("twoNode: no per-node figures: given up", () -> {
                    Machine m = Machine.twoNode();
                    return m.add(m.spec("a", Map.of(1, 0.2)).noNodeMemory());
                }, List.of(), started("a", 1), List.of(), List.of()),
                new Row("twoSocketFourNode: oldest pin first, finished ones forgotten", () -> Machine.twoSocketFourNode()
                        .task("big", Map.of(0, 0.2, 1, 0.1, 2, 0.1), Machine.nodeCpus(2))
                        .task("small", Map.of(0, 0.05, 3, 0.05), Machine.nodeCpus(3))
                        .task("done", Map.of(0, 0.001, 1, 0.099), Machine.nodeCpus(1)),
                        List.of(), started("small", 3, "done", 1, "big", 2),
                        List.of("migrate-memory small 3 MOVE_PAGES", "migrate-memory big 2 MOVE_PAGES"),
                        List.of("small", "big")),
                new Row("cxlTwoMemoryOnlyNodes: pages on CPU-less nodes are elsewhere too", () ->
                        Machine.cxlTwoMemoryOnlyNodes().task("a", Map.of(0, 0.5, 2, 0.1), Machine.nodeCpus(0)),
                        List.of(), started("a", 0), List.of("migrate-memory a 0 MOVE_PAGES"), List.of("a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void earlierPinsMovesGoOnUntilTheMemoryIsHome(Row row) {
        StepInputs in = StepInputs.of(row.machine.get());
        PinMoves moves = new PinMoves(StepInputs.settings(row.config.toArray()), "numa-allocator", new RetryTracker(),
                new RecordingLogger(), StepInputs.metrics(new InMemoryMetrics()));
        row.started.forEach(moves::started);

        List<Decision> d = moves.decide(in.tasks, in.nodes, 2);

        assertThat(d).extracting(Harness::brief).containsExactlyElementsOf(row.decisions);
        assertThat(moves.tasks()).containsExactlyElementsOf(row.stillMoving);
    }

    @Test
    void twoNode_reasonSaysHowMuchIsLeft() {
        StepInputs in = StepInputs.of(Machine.twoNode().task("a", Map.of(0, 0.1, 1, 0.1), Machine.nodeCpus(1)));
        PinMoves moves = new PinMoves(StepInputs.settings(), "numa-allocator", new RetryTracker(), new RecordingLogger(),
                StepInputs.metrics(new InMemoryMetrics()));
        moves.started("a", 1);
        assertThat(moves.decide(in.tasks, in.nodes, 2)).singleElement().extracting(Decision::reason)
                .isEqualTo("go on moving memory to node 1 after pinning: 0.5000 of it there (below 0.95); 2343750 pages "
                        + "elsewhere");
    }

    @Test
    void twoNode_aBackedOffMoveIsSkippedNotGivenUp() {
        StepInputs in = StepInputs.of(Machine.twoNode().task("a", Map.of(0, 0.1, 1, 0.1), Machine.nodeCpus(1)));
        RetryTracker retries = new RetryTracker();
        retries.record("a", new Outcome(1, new MigrateMemory("numa-allocator", "a", 1, "x"), Outcome.Status.FAILED, "",
                "ENOMEM", 0, 0, 0, 0), 1, List.of(1000));
        InMemoryMetrics im = new InMemoryMetrics();
        RecordingLogger log = new RecordingLogger();
        PinMoves moves = new PinMoves(StepInputs.settings(), "numa-allocator", retries, log, StepInputs.metrics(im));
        moves.started("a", 1);

        assertThat(moves.decide(in.tasks, in.nodes, 1)).isEmpty();
        assertThat(moves.tasks()).containsExactly("a");
        assertThat(im.value("numa_allocator_migrations_refused_total", "earlier_failure")).isEqualTo(1.0);
        assertThat(log.at("debug")).containsExactly("not moving more of a to node 1: earlier attempt ENOMEM; "
                + "1 failure(s) in a row, next try in cycle 2");
        assertThat(moves.decide(in.tasks, in.nodes, 2)).extracting(Harness::brief)
                .containsExactly("migrate-memory a 1 MOVE_PAGES");
    }

    @Test
    void twoNode_pinnedAgainTheMoveGoesToTheBackOfTheQueue() {
        StepInputs in = StepInputs.of(Machine.twoNode()
                .task("a", Map.of(0, 0.1, 1, 0.1), Machine.nodeCpus(1))
                .task("b", Map.of(0, 0.1, 1, 0.1), Machine.nodeCpus(1)));
        PinMoves moves = new PinMoves(StepInputs.settings(), "numa-allocator", new RetryTracker(), new RecordingLogger(),
                StepInputs.metrics(new InMemoryMetrics()));
        moves.started("a", 0);
        moves.started("b", 1);
        moves.started("a", 1);
        assertThat(moves.decide(in.tasks, in.nodes, 2)).extracting(Decision::task).containsExactly("b", "a");
    }

    @Test
    void twoNode_goneTasksAreForgotten() {
        PinMoves moves = new PinMoves(StepInputs.settings(), "numa-allocator", new RetryTracker(), new RecordingLogger(),
                StepInputs.metrics(new InMemoryMetrics()));
        moves.started("a", 1);
        moves.started("b", 0);
        moves.removeIf("a"::equals);
        assertThat(moves.tasks()).containsExactly("b");
        assertThat(moves.size()).isEqualTo(1);
    }
}
