package io.numaagent.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.snapshot.CpuPowerState;
import io.numaagent.api.snapshot.IdleState;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.CpuPowerFixture;
import io.numaagent.runner.host.CpuPowerReader;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.ReadProblems;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry-run overlay's CPU class part ({@link CpuPowerPlan}) on twoSocketFourNode, whose CPUs 0-1 run
 * intel_pstate with idle states POLL, C1, C6 and whose package 0 has an uncore domain: printed
 * {@code set-cpu-class} and {@code set-uncore-frequency} decisions show in the following snapshots' settings
 * until the measured settings change.
 */
class DryRunCpuPowerTest {

    private static final String PLUGIN = "topology-aware";

    @TempDir
    Path dir;

    private CpuPowerFixture sys;
    private DryRunOverlay overlay;
    private long sequence;

    @BeforeEach
    void machine() {
        sys = new CpuPowerFixture(dir.resolve("sys")).intelPstate(0, "balance_performance").idleStates(0, "POLL", "C1",
                "C6").intelPstate(1, "balance_performance").idleStates(1, "POLL", "C1", "C6")
                .uncore(0, 0, 800000, 2400000, 800000, 2400000);
        CpuPowerReader reader = new CpuPowerReader(new HostPaths(dir.resolve("sys"), dir.resolve("proc"),
                dir.resolve("cgroup")));
        TestMachine m = TestMachine.twoSocketFourNode();
        overlay = new DryRunOverlay((seq, prev) -> {
            Snapshot s = m.snapshot(seq, Instant.parse("2026-12-02T12:00:00Z")).withOutcomes(prev);
            return Optional.of(s.withCpuPower(reader.read(CpuSet.parse("0-1"), new ReadProblems())));
        });
    }

    private Snapshot next(Decision... printed) {
        List<Outcome> previous = Stream.of(printed).map(d -> Outcome.of(sequence, d, Outcome.Status.DRY_RUN, ""))
                .toList();
        return overlay.next(++sequence, previous).orElseThrow();
    }

    private static final SetCpuClass TURBO = new SetCpuClass(PLUGIN, "turbo", CpuSet.parse("1"), 3000000, 0,
            "performance", "performance", List.of("C6"), "exclusive CPUs of /pod/g");

    @Test
    void twoSocketFourNodePrintedCpuClassShowsInTheNextSnapshots() {
        CpuPowerState measured = next().cpuPower().cpu(1).orElseThrow();

        Snapshot second = next(TURBO, new SetUncoreFrequency(PLUGIN, 0, 0, 1600000, 0, "uncore of turbo"));
        Snapshot third = next();

        for (Snapshot s : List.of(second, third)) {
            CpuPowerState shown = s.cpuPower().cpu(1).orElseThrow();
            assertThat(List.of(shown.minKhz(), shown.maxKhz(), shown.governor(), shown.energyPerformancePreference(),
                    shown.idleStates())).containsExactly(3000000L, 3900000L, "performance", "performance", List.of(
                    new IdleState(0, "POLL", false), new IdleState(1, "C1", false), new IdleState(2, "C6", true)));
            assertThat(s.cpuPower().cpu(0)).isEqualTo(second.cpuPower().cpu(0));
            assertThat(s.cpuPower().uncore(0, 0).orElseThrow().minKhz()).isEqualTo(1600000);
        }
        assertThat(measured.governor()).isEqualTo("powersave");
        assertThat(sys.read(1, "cpufreq/scaling_governor")).isEqualTo("powersave");
    }

    @Test
    void twoSocketFourNodeMeasuredChangeEndsThePlan() {
        next();
        next(TURBO);
        sys.file(0, "cpufreq/scaling_governor", "performance\n"); // someone else, or the settings applied

        CpuPowerState shown = next().cpuPower().cpu(1).orElseThrow();

        assertThat(List.of(shown.minKhz(), shown.governor())).containsExactly(800000L, "powersave");
    }
}
