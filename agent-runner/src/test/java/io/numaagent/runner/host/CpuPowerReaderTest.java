package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.CpuPowerState;
import io.numaagent.api.snapshot.IdleState;
import io.numaagent.api.snapshot.UncoreDomain;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CpuPowerReader} over sysfs fixtures in the kernel's formats: a two-socket machine of four CPUs where
 * CPUs 0 and 4 run intel_pstate with cpuidle states and an uncore domain per package, CPU 1 acpi-cpufreq and
 * CPU 5 nothing (as every CPU of a QEMU guest).
 */
class CpuPowerReaderTest {

    @TempDir
    Path tmp;

    private static final CpuSet ONLINE = CpuSet.parse("0-1,4-5");

    private CpuPowerFixture fixture() {
        return new CpuPowerFixture(tmp.resolve("sys")).intelPstate(0, "balance_performance")
                .idleStates(0, "POLL", "C1", "C1E", "C6").intelPstate(4, "128").idleStates(4, "POLL", "C1", "C1E", "C6")
                .file(4, "cpuidle/state3/disable", "1\n").acpiCpufreq(1)
                .uncore(0, 0, 800000, 2400000, 800000, 2400000).uncore(1, 0, 1200000, 2000000, 800000, 2400000);
    }

    private CpuPowerReader reader() {
        return new CpuPowerReader(new HostPaths(tmp.resolve("sys"), tmp.resolve("proc"), tmp.resolve("cgroup")));
    }

    private static final List<IdleState> ENABLED = List.of(new IdleState(0, "POLL", false),
            new IdleState(1, "C1", false), new IdleState(2, "C1E", false), new IdleState(3, "C6", false));

    @Test
    void twoSocketFourCpusMixedDriversReadAsTheKernelShowsThem() {
        fixture();
        ReadProblems problems = new ReadProblems();

        CpuPower power = reader().read(ONLINE, problems);

        List<String> epps = List.of("default", "performance", "balance_performance", "balance_power", "power");
        assertThat(power.cpus()).containsExactly(
                new CpuPowerState(0, true, "intel_pstate", "powersave", List.of("performance", "powersave"), 800000,
                        3900000, 800000, 3900000, 2100000, "balance_performance", epps, ENABLED),
                new CpuPowerState(1, true, "acpi-cpufreq", "schedutil", List.of("conservative", "ondemand",
                        "userspace", "powersave", "performance", "schedutil"), 1200000, 2600000, 1200000, 2600000, 0,
                        "", List.of(), List.of()),
                new CpuPowerState(4, true, "intel_pstate", "powersave", List.of("performance", "powersave"), 800000,
                        3900000, 800000, 3900000, 2100000, "128", epps, List.of(new IdleState(0, "POLL", false),
                        new IdleState(1, "C1", false), new IdleState(2, "C1E", false), new IdleState(3, "C6", true))));
        assertThat(power.uncore()).containsExactly(new UncoreDomain(0, 0, 800000, 2400000, 800000, 2400000),
                new UncoreDomain(1, 0, 1200000, 2000000, 800000, 2400000));
        assertThat(problems.problems()).isEmpty();
    }

    @Test
    void twoSocketFourCpusSettingsAreReadAfreshEachTimeTheLimitsOnce() {
        CpuPowerFixture f = fixture();
        CpuPowerReader reader = reader();
        reader.read(ONLINE, new ReadProblems());
        f.file(0, "cpufreq/scaling_max_freq", "3000000\n").file(0, "cpufreq/cpuinfo_max_freq", "4200000\n")
                .file(0, "cpufreq/scaling_governor", "performance\n").file(0, "cpuidle/state2/disable", "1\n");

        CpuPowerState cpu0 = reader.read(ONLINE, new ReadProblems()).cpu(0).orElseThrow();

        assertThat(cpu0.maxKhz()).isEqualTo(3000000);
        assertThat(cpu0.governor()).isEqualTo("performance");
        assertThat(cpu0.idleState("C1E")).contains(new IdleState(2, "C1E", true));
        assertThat(cpu0.limitMaxKhz()).as("kept until the online CPUs change").isEqualTo(3900000);
        assertThat(reader.read(CpuSet.parse("0-1"), new ReadProblems()).cpu(0).orElseThrow().limitMaxKhz())
                .isEqualTo(4200000);
    }

    @Test
    void qemuGuestWithoutCpufreqShowsNothing() {
        new CpuPowerFixture(tmp.resolve("sys")).file(0, "topology/core_id", "0\n");
        ReadProblems problems = new ReadProblems();

        assertThat(reader().read(CpuSet.parse("0-3"), problems)).isEqualTo(CpuPower.NONE);
        assertThat(problems.problems()).isEmpty();
    }

    @Test
    void garbledSettingsAreReportedAndReadAsUnknown() {
        fixture().file(0, "cpufreq/scaling_min_freq", "fast\n").file(1, "cpuidle/state0/disable", "0\n");
        ReadProblems problems = new ReadProblems();

        CpuPower power = reader().read(ONLINE, problems);

        assertThat(power.cpu(0).orElseThrow().minKhz()).isZero();
        assertThat(power.cpu(1).orElseThrow().idleStates()).isEmpty();
        assertThat(problems.problems()).extracting(ReadProblems.Problem::message)
                .containsExactly("not a number: \"fast\"", "idle state without a name; left out");
    }
}
