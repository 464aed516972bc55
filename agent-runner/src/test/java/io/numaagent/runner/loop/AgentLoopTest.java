package io.numaagent.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.TestMachine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the loop reports to its observer about each cycle. */
class AgentLoopTest {

    @Test
    void laptopOneNodeEachCycleEndsOnceAndAnExhaustedSourceEndsNone() {
        TestMachine machine = TestMachine.laptopOneNode();
        machine.task("/batch/a").pids(7);
        List<Duration> cycles = new ArrayList<>();
        List<Duration> cpu = new ArrayList<>();
        List<List<Outcome>> outcomes = new ArrayList<>();
        SnapshotSource twoSnapshots = (seq, prev) -> seq <= 2
                ? Optional.of(machine.snapshot(seq, Instant.EPOCH, prev, List.of())) : Optional.empty();
        PluginRun pin = new PluginRun("pin", (Snapshot s) -> List.<Decision>of(
                new SetCpus("pin", "/batch/a", CpuSet.of(0), "test")), Duration.ofSeconds(1));
        DecisionExecutor printed = (s, ds) -> ds.stream().map(d -> Outcome.of(s.sequence(), d,
                Outcome.Status.DRY_RUN, "")).toList();
        AgentLoop loop = new AgentLoop(List.of(pin), twoSnapshots, printed, new LoopObserver() {
            @Override
            public void outcomes(List<Outcome> o) {
                outcomes.add(o);
            }

            @Override
            public void cycleEnded(Duration took, Duration cpuTime) {
                cycles.add(took);
                cpu.add(cpuTime);
            }
        }, Clock.systemUTC());

        loop.cycle(List.of(pin));
        loop.cycle(List.of(pin));
        loop.cycle(List.of(pin)); // the source is exhausted: no cycle

        assertThat(cycles).hasSize(2).allSatisfy(d -> assertThat(d).isPositive());
        assertThat(cpu).hasSize(2).allSatisfy(d -> assertThat(d).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO));
        assertThat(outcomes).hasSize(2);
    }
}
