package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.testing.InMemoryMetrics;
import io.numaagent.api.testing.RecordingLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RemigrationTest {

    private static final long GB = Machine.GB;

    /** A machine, the config, and the re-migrations expected in short form. */
    record Row(String name, Supplier<Machine> machine, List<Object> config, List<String> decisions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        List<Object> noThreshold = new ArrayList<>();
        noThreshold.add("migrate_pages_min_task_balance");
        noThreshold.add(null);
        return Stream.of(
                new Row("twoNode: drifted task on the freest node", StepInputs::twoNodeObserved, List.of(),
                        List.of("migrate-memory a 1 MOVE_PAGES")),
                new Row("twoNode: in migrate_pages mode", StepInputs::twoNodeObserved,
                        List.of("migration", "migrate_pages"), List.of("migrate-memory a 1 MIGRATE_PAGES")),
                new Row("twoNode: only on the freest node", () -> StepInputs.twoNodeObserved().free(0, 80 * GB),
                        List.of(), List.of()),
                new Row("twoNode: off without migrate_pages", StepInputs::twoNodeObserved,
                        List.of("migrate_pages", false), List.of()),
                new Row("twoNode: off with a null threshold", StepInputs::twoNodeObserved, noThreshold, List.of()),
                new Row("twoNode: 0.95 is not below 0.95", () -> Machine.twoNode()
                        .task("a", Map.of(0, 0.01, 1, 0.19), Machine.nodeCpus(1)).free(0, 10 * GB), List.of(), List.of()),
                new Row("twoNode: 0.95 is below 0.96", () -> Machine.twoNode()
                        .task("a", Map.of(0, 0.01, 1, 0.19), Machine.nodeCpus(1)).free(0, 10 * GB),
                        List.of("migrate_pages_min_task_balance", 0.96), List.of("migrate-memory a 1 MOVE_PAGES")),
                new Row("twoNode: nothing off the node", () -> Machine.twoNode()
                        .task("a", Map.of(1, 0.0), Machine.nodeCpus(1)).free(0, 10 * GB), List.of(), List.of()),
                new Row("twoNode: no figures", () -> {
                    Machine m = Machine.twoNode().free(0, 10 * GB);
                    return m.add(m.spec("a", Map.of(1, 0.3)).noNodeMemory());
                }, List.of(), List.of()),
                new Row("fourNode: every drifted task on the freest node, biggest first", () -> Machine.fourNode()
                        .task("small", Map.of(2, 0.1, 3, 0.05), Machine.nodeCpus(3))
                        .task("big", Map.of(0, 0.1, 3, 0.2), Machine.nodeCpus(3))
                        .task("other", Map.of(0, 0.1, 1, 0.1), Machine.nodeCpus(1)).free(3, 90 * GB), List.of(),
                        List.of("migrate-memory big 3 MOVE_PAGES", "migrate-memory small 3 MOVE_PAGES")),
                new Row("cxlTwoMemoryOnlyNodes: the freest node with CPUs", () -> Machine.cxlTwoMemoryOnlyNodes()
                        .task("a", Map.of(0, 0.5, 2, 0.1), Machine.nodeCpus(0))
                        .task("b", Map.of(1, 0.6, 3, 0.05), Machine.nodeCpus(1)), List.of(),
                        List.of("migrate-memory a 0 MOVE_PAGES")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void remigratesDriftedTasksOnTheFreestNode(Row row) {
        StepInputs in = StepInputs.of(row.machine.get());
        List<Decision> d = new Remigration(StepInputs.settings(row.config.toArray()), "numa-allocator",
                new RetryTracker(), new RecordingLogger(), StepInputs.metrics(new InMemoryMetrics()))
                .decide(in.biggestFirst, in.nodes, 1, java.util.Set.of());
        assertThat(d).extracting(Harness::brief).containsExactlyElementsOf(row.decisions);
    }

    @ParameterizedTest(name = "twoNode: {0}")
    @CsvSource({"applied, true", "un-pinned this cycle, false", "failed earlier, false"})
    void twoNode_skipsUnpinnedAndBackedOffTasks(String state, boolean remigrated) {
        StepInputs in = StepInputs.of(StepInputs.twoNodeObserved());
        RetryTracker retries = new RetryTracker();
        InMemoryMetrics im = new InMemoryMetrics();
        RecordingLogger log = new RecordingLogger();
        MigrateMemory earlier = new MigrateMemory("numa-allocator", "a", 1, "x");
        switch (state) {
            case "un-pinned this cycle" -> in.task("a").unpinned = true;
            case "failed earlier" -> retries.record("a", new Outcome(0, earlier, Outcome.Status.FAILED, "", "ESRCH",
                    0, 0, 0, 0), 1, List.of(1000));
            default -> retries.record("a", Outcome.of(0, earlier, Outcome.Status.APPLIED, ""), 1, List.of(1000));
        }
        List<Decision> d = new Remigration(StepInputs.settings(), "numa-allocator", retries, log,
                StepInputs.metrics(im)).decide(in.biggestFirst, in.nodes, 1, java.util.Set.of());
        assertThat(d.isEmpty()).isEqualTo(!remigrated);
        if (remigrated) {
            assertThat(d.get(0).reason()).isEqualTo("re-migrate: only 0.8000 of the memory is on node 1 (below 0.95), "
                    + "which has the most free memory; 1171875 pages elsewhere");
        }
        boolean backedOff = state.equals("failed earlier");
        assertThat(im.value("numa_allocator_migrations_refused_total", "earlier_failure"))
                .isEqualTo(backedOff ? 1.0 : 0.0); // 0 from the start
        assertThat(log.at("debug")).containsExactlyElementsOf(backedOff ? List.of("not re-migrating a to node 1: "
                + "earlier attempt ESRCH; 1 failure(s) in a row, next try in cycle 2") : List.of());
    }
}
