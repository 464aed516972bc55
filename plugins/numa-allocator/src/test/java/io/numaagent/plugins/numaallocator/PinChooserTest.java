package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.testing.RecordingLogger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PinChooserTest {

    private static final long GB = Machine.GB;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** A machine, the config, and the pins expected in order ("task node"). */
    record Row(String name, Supplier<Machine> machine, List<Object> config, List<String> pins) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Machine spreadTasks(Machine m, int count, Map<Integer, Double> shares) {
        for (int i = 1; i <= count; i++) {
            m.task("t" + i, shares);
        }
        return m;
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("twoNode: pinned, ghost and blind tasks are passed over", () -> {
                    Machine m = Machine.twoNode().task("pinned", Map.of(0, 0.4));
                    m.add(m.spec("ghost", Map.of(0, 0.0, 1, 0.0)).requested(Resources.NONE));
                    m.add(m.spec("blind", Map.of(0, 0.3, 1, 0.3)).noNodeMemory());
                    return m.task("small", Map.of(0, 0.01, 1, 0.1));
                }, List.of(), List.of("small 1")),
                new Row("twoNode: free_space_check passes over a task without room", () -> Machine.twoNode()
                        .task("big", Map.of(0, 0.3, 1, 0.2)).task("small", Map.of(0, 0.05, 1, 0.05))
                        .free(0, 10 * GB).free(1, 10 * GB), List.of("free_space_check", true), List.of("small 0")),
                new Row("twoNode: without free_space_check the biggest task", () -> Machine.twoNode()
                        .task("big", Map.of(0, 0.3, 1, 0.2)).task("small", Map.of(0, 0.05, 1, 0.05))
                        .free(0, 10 * GB).free(1, 10 * GB), List.of(), List.of("big 0")),
                new Row("twoNode: free_space_check sees the memory earlier pins pull in",
                        () -> spreadTasks(Machine.twoNode().free(0, 8 * GB).free(1, 8 * GB), 3, Map.of(0, 0.05, 1, 0.05)),
                        List.of("max_pins_per_cycle", 3, "free_space_check", true), List.of("t1 0", "t2 1")),
                new Row("fourNode: each pin weighs on the next", () -> spreadTasks(Machine.fourNode(), 5,
                        Map.of(0, 0.05, 1, 0.05)), List.of("max_pins_per_cycle", 4), List.of("t1 0", "t2 1", "t3 2", "t4 3")),
                new Row("fourNode: one pin per cycle by default", () -> spreadTasks(Machine.fourNode(), 5,
                        Map.of(0, 0.05, 1, 0.05)), List.of(), List.of("t1 0")),
                new Row("twoSocketFourNode: minimize_migration sees earlier pins", () -> Machine.twoSocketFourNode()
                        .task("a", Map.of(0, 0.2, 1, 0.05)).task("b", Map.of(2, 0.15, 3, 0.1)),
                        List.of("max_pins_per_cycle", 2, "algorithm", "minimize_migration"), List.of("a 0", "b 2")),
                new Row("cxlTwoMemoryOnlyNodes: only nodes with CPUs", () -> spreadTasks(Machine.cxlTwoMemoryOnlyNodes(), 4,
                        Map.of(2, 0.1, 3, 0.05)), List.of("max_pins_per_cycle", 4, "algorithm", "minimize_migration"),
                        List.of("t1 0", "t2 1", "t3 0", "t4 1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void choosesTasksBiggestFirstUpToTheMaximum(Row row) {
        StepInputs in = StepInputs.of(row.machine.get());
        long[] balanced = in.balancedBytes.clone();
        PinChooser chooser = new PinChooser(StepInputs.settings(row.config.toArray()), new RebalanceHoldOff(),
                new RetryTracker(), new RecordingLogger());
        List<Pin> pins = chooser.choose(in.biggestFirst, in.nodes, balanced, in.snapshot);
        assertThat(pins).extracting(p -> p.view().id() + " " + in.nodes.ids[p.position()])
                .containsExactlyElementsOf(row.pins);
        long[] expected = in.balancedBytes.clone();
        for (Pin p : pins) {
            assertThat(p.view().pinTarget).isEqualTo(p.position());
            expected[p.position()] += p.view().memory;
        }
        assertThat(balanced).as("each pin adds to its node's balanced memory").containsExactly(expected);
    }

    /** What holds task big back, and whether big (else small) is pinned; then the debug lines. */
    @ParameterizedTest(name = "twoNode: {0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            "nothing, big, none",
            "hold-off running, small, none",
            "hold-off over, big, none",
            "pin rejected, small, 'not pinning big: earlier attempt rejected: owned; 1 failure(s) in a row, "
                    + "next try in cycle 2'",
            "un-pinned this cycle, small, none"})
    void twoNode_holdOffBackOffAndUnpinnedTasksWait(String cause, String pinned, String debug) {
        Machine m = Machine.twoNode().task("big", Map.of(0, 0.3, 1, 0.1)).task("small", Map.of(0, 0.01, 1, 0.1))
                .time(NOW);
        StepInputs in = StepInputs.of(m);
        RebalanceHoldOff holdOff = new RebalanceHoldOff();
        RetryTracker pinRetries = new RetryTracker();
        RecordingLogger log = new RecordingLogger();
        switch (cause) {
            case "hold-off running" -> holdOff.hold("big", NOW.plusSeconds(1));
            case "hold-off over" -> holdOff.hold("big", NOW);
            case "pin rejected" -> pinRetries.record("big", Outcome.of(0, new SetCpus("numa-allocator", "big",
                    Machine.nodeCpus(0), "pin"), Outcome.Status.REJECTED, "owned"), 1, List.of(1000));
            case "un-pinned this cycle" -> in.task("big").unpinned = true;
            default -> {
            }
        }
        List<Pin> pins = new PinChooser(StepInputs.settings(), holdOff, pinRetries, log)
                .choose(in.biggestFirst, in.nodes, in.balancedBytes.clone(), in.snapshot);
        assertThat(pins).extracting(p -> p.view().id()).containsExactly(pinned);
        assertThat(holdOff.contains("big")).as("a hold that ran out is dropped").isEqualTo(cause.equals("hold-off running"));
        assertThat(log.at("debug")).containsExactlyElementsOf(debug == null ? List.of() : List.of(debug));
    }
}
