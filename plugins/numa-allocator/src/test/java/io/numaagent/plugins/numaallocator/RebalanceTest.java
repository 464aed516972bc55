package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.RecordingLogger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RebalanceTest {

    private static final long GB = Machine.GB;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** A machine, the config, the decisions in short form and the tasks un-pinned. */
    record Row(String name, Supplier<Machine> machine, List<Object> config, List<String> decisions,
               List<String> unpinned) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Object> ON = List.of("rebalance", true);
    private static final List<Object> ON_WITH_BINDING = List.of("rebalance", true, "cgroups_memory_binding", true);

    static Stream<Row> machines() {
        Supplier<Machine> full = () -> Machine.twoNode().task("a", Map.of(0, 0.1, 1, 0.3), Machine.nodeCpus(0))
                .free(0, 20 * GB);
        return Stream.of(
                new Row("twoNode: 28.8 GB missing, 20 GB free -> un-pinned", full, ON,
                        List.of("set-cpus a 0-19"), List.of("a")),
                new Row("twoNode: with binding, mems widen too", full, ON_WITH_BINDING,
                        List.of("set-cpus a 0-19", "set-mems a 0-1"), List.of("a")),
                new Row("twoNode: off by default", full, List.of(), List.of(), List.of()),
                new Row("twoNode: 29 GB free holds it", () -> Machine.twoNode()
                        .task("a", Map.of(0, 0.1, 1, 0.3), Machine.nodeCpus(0)).free(0, 29 * GB),
                        ON, List.of(), List.of()),
                new Row("fourNode: unpinned, ghost and blind tasks stay", () -> {
                    Machine m = Machine.fourNode().free(0, GB).free(1, GB).free(2, GB);
                    m.task("spread", Map.of(0, 0.1, 1, 0.3));
                    m.add(m.spec("blind", Map.of(1, 0.3)).noNodeMemory());
                    m.add(m.spec("ghost", Map.of(2, 0.0)).requested(Resources.NONE));
                    return m;
                }, ON, List.of(), List.of()),
                new Row("twoSocketFourNode: only the task its node cannot hold", () -> Machine.twoSocketFourNode()
                        .task("a", Map.of(2, 0.3), Machine.nodeCpus(2)).task("b", Map.of(2, 0.05, 3, 0.2),
                                Machine.nodeCpus(2)).free(2, 10 * GB),
                        ON, List.of("set-cpus b 0-39"), List.of("b")),
                new Row("cxlTwoMemoryOnlyNodes: mems widen to every memory node", () -> Machine.cxlTwoMemoryOnlyNodes()
                        .task("a", Map.of(0, 0.1, 2, 0.3), Machine.nodeCpus(0)).free(0, 5 * GB),
                        ON_WITH_BINDING, List.of("set-cpus a 0-19", "set-mems a 0-3"), List.of("a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void unpinsWhatItsNodeCannotHold(Row row) {
        StepInputs in = StepInputs.of(row.machine.get().time(NOW));
        RebalanceHoldOff holdOff = new RebalanceHoldOff();
        RecordingLogger log = new RecordingLogger();
        long[] balanced = in.balancedBytes.clone();
        Rebalance rebalance = new Rebalance(StepInputs.settings(row.config.toArray()), "numa-allocator", log, holdOff);

        List<Decision> d = rebalance.unpin(in.biggestFirst, in.nodes, in.snapshot, balanced);

        assertThat(d).extracting(Harness::brief).containsExactlyElementsOf(row.decisions);
        for (TaskView v : in.tasks) {
            boolean unpinned = row.unpinned.contains(v.id());
            assertThat(v.unpinned).as("%s un-pinned", v.id()).isEqualTo(unpinned);
            assertThat(holdOff.holds(v.id(), NOW.plus(Duration.ofMinutes(5)).minusSeconds(1))).isEqualTo(unpinned);
            if (unpinned) {
                // its memory no longer weighs on its node
                assertThat(balanced[v.pinnedPosition]).isEqualTo(in.balancedBytes[v.pinnedPosition] - v.memory);
            }
        }
        assertThat(log.at("info")).hasSize(row.unpinned.size());
        if (row.unpinned.isEmpty()) {
            assertThat(balanced).containsExactly(in.balancedBytes);
        }
    }

    @ParameterizedTest(name = "twoNode: free = missing {0} bytes -> un-pinned {1}")
    @CsvSource({"0, true", "1, false"})
    void twoNode_aNodeWithExactlyTheMissingBytesFreeCannotHoldTheTask(long extra, boolean unpinned) {
        Machine m = Machine.twoNode().task("a", Map.of(0, 0.1, 1, 0.3), Machine.nodeCpus(0));
        m.free(0, StepInputs.of(m).task("a").missingOn(StepInputs.of(m).nodes, 0) + extra);
        StepInputs in = StepInputs.of(m);
        List<Decision> d = new Rebalance(StepInputs.settings("rebalance", true), "numa-allocator", new RecordingLogger(),
                new RebalanceHoldOff()).unpin(in.biggestFirst, in.nodes, in.snapshot, in.balancedBytes.clone());
        assertThat(d.isEmpty()).isEqualTo(!unpinned);
    }

    @ParameterizedTest(name = "twoNode: isolated {0} -> cpus {1}")
    @CsvSource({"'', 0-19", "15-19, 0-14", "0-19, 0-19"})
    void twoNode_widensToEveryCpuButIsolatedOnes(String isolated, String cpus) {
        Snapshot s = Machine.twoNode().task("a", Map.of(0, 0.1, 1, 0.3), Machine.nodeCpus(0)).free(0, 20 * GB)
                .time(NOW).snapshot(1);
        Platform p = s.platform();
        Snapshot withIsolated = new Snapshot(s.sequence(), s.time(), new Platform(p.sockets(), p.dies(), p.cores(),
                p.cpus(), p.onlineCpus(), isolated.isEmpty() ? CpuSet.EMPTY : CpuSet.parse(isolated), p.nodes(),
                p.pageSizeBytes(), p.cgroupVersion()),
                s.kernel(), s.tasks(), s.outcomes(), s.warnings());
        StepInputs in = StepInputs.of(withIsolated);
        RecordingLogger log = new RecordingLogger();
        List<Decision> d = new Rebalance(StepInputs.settings("rebalance", true), "numa-allocator", log,
                new RebalanceHoldOff()).unpin(in.biggestFirst, in.nodes, in.snapshot, in.balancedBytes.clone());
        assertThat(d).extracting(Harness::brief).containsExactly("set-cpus a " + cpus);
        assertThat(d.get(0).reason()).isEqualTo("rebalance: node 0 cannot hold the task: 28.8 GB of its 38.4 GB are "
                + "elsewhere but only 20.0 GB are free there; widening to all nodes");
        assertThat(log.at("info")).containsExactly("un-pin a: " + d.get(0).reason());
    }
}
