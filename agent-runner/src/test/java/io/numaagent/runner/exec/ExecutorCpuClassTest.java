package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.host.CpuPowerFixture;
import io.numaagent.runner.host.CpuPowerReader;
import io.numaagent.runner.host.ReadProblems;
import io.numaagent.runner.recording.LinePrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code set-cpu-class} and {@code set-uncore-frequency} on the executor tests' twoSocketCxlMemorylessNode, its
 * sysfs given cpufreq files in the kernel's formats: CPUs 4-6 run intel_pstate with idle states POLL, C1, C1E
 * and C6, CPU 0 acpi-cpufreq, CPU 1 nothing; uncore domains for packages 0 and 1. The snapshot's settings come
 * from {@link CpuPowerReader} over the same tree.
 */
class ExecutorCpuClassTest {

    @TempDir
    Path tmp;

    private final FakeSleeper clock = new FakeSleeper();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private ExecTestHost host;
    private CpuPowerFixture sys;

    @BeforeEach
    void machine() {
        host = ExecTestHost.cgroupV2(tmp);
        sys = new CpuPowerFixture(tmp.resolve("sys")).acpiCpufreq(0)
                .uncore(0, 0, 800000, 2400000, 800000, 2400000).uncore(1, 0, 800000, 2400000, 800000, 2400000);
        for (int cpu = 4; cpu <= 6; cpu++) {
            sys.intelPstate(cpu, "balance_performance").idleStates(cpu, "POLL", "C1", "C1E", "C6");
        }
    }

    private Snapshot snapshot() {
        Snapshot s = ExecTestHost.machine(true).snapshot(7, ExecTestHost.TIME);
        return s.withCpuPower(new CpuPowerReader(host.paths).read(s.platform().onlineCpus(), new ReadProblems()));
    }

    private List<Outcome> execute(boolean apply, Decision... decisions) {
        return execute(snapshot(), apply, decisions);
    }

    private List<Outcome> execute(Snapshot snapshot, boolean apply, Decision... decisions) {
        Executor e = new Executor(ExecutorCgroupTest.settings(apply, Map.of(Decision.Resource.CPU_CLASS,
                "topology-aware")), host.paths, CgroupLayout.detect(host.paths),
                new FileCgroupWriter(CgroupLayout.detect(host.paths)), new RecordingSyscalls(clock),
                new LinePrinter(new PrintWriter(printed, true, StandardCharsets.UTF_8)), clock);
        return e.execute(snapshot, List.of(decisions));
    }

    private static SetCpuClass cls(String cpus, long min, long max, String governor, String epp, List<String> off) {
        return new SetCpuClass("topology-aware", "turbo", CpuSet.parse(cpus), min, max, governor, epp, off, "r");
    }

    @Test
    void twoSocketCxlMemorylessNodeWritesEverySettingThatDiffers() {
        sys.file(5, "cpufreq/scaling_governor", "performance\n");

        List<Outcome> out = execute(true, cls("4-5", 3000000, 3900000, "performance", "performance", List.of("C6")));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
            assertThat(o.detail()).isEqualTo("wrote scaling_governor=performance on cpu 4, scaling_min_freq=3000000 on "
                    + "cpus 4-5, energy_performance_preference=performance on cpus 4-5, state3(C6)/disable=1 on cpus 4-5");
        });
        for (int cpu : new int[]{4, 5}) {
            assertThat(List.of(sys.read(cpu, "cpufreq/scaling_governor"), sys.read(cpu, "cpufreq/scaling_min_freq"),
                    sys.read(cpu, "cpufreq/scaling_max_freq"), sys.read(cpu, "cpufreq/energy_performance_preference"),
                    sys.read(cpu, "cpuidle/state2/disable"), sys.read(cpu, "cpuidle/state3/disable")))
                    .containsExactly("performance", "3000000", "3900000", "performance", "0", "1");
        }
        assertThat(sys.read(6, "cpufreq/scaling_min_freq")).isEqualTo("800000");
    }

    static Stream<Arguments> twoSocketCxlMemorylessNodeFrequencyOrder() {
        return Stream.of(
                Arguments.of("raising above the shown maximum: maximum first", "1200000", "2000000", 3000000L,
                        3900000L, List.of("cpu4/cpufreq/scaling_max_freq=3900000",
                                "cpu4/cpufreq/scaling_min_freq=3000000")),
                Arguments.of("lowering below the shown minimum: minimum first", "2500000", "3900000", 800000L,
                        1200000L, List.of("cpu4/cpufreq/scaling_min_freq=800000",
                                "cpu4/cpufreq/scaling_max_freq=1200000")),
                Arguments.of("within: minimum first, what already shows not written", "800000", "3900000", 2000000L,
                        3900000L, List.of("cpu4/cpufreq/scaling_min_freq=2000000")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void twoSocketCxlMemorylessNodeFrequencyOrder(String name, String shownMin, String shownMax, long min, long max,
                                                  List<String> writes) {
        sys.file(4, "cpufreq/scaling_min_freq", shownMin + "\n").file(4, "cpufreq/scaling_max_freq", shownMax + "\n");
        List<String> seen = new ArrayList<>();
        CpuPowerApplier applier = new CpuPowerApplier(host.paths, (file, value) -> {
            seen.add(tmp.resolve("sys/devices/system/cpu").relativize(file) + "=" + value);
            FileCgroupWriter.writeExisting(file, value);
        });

        Outcome o = applier.apply(new Cycle(snapshot(), 0), cls("4", min, max, "", "", null));

        assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(seen).isEqualTo(writes);
    }

    @Test
    void twoSocketCxlMemorylessNodeUncoreMaximumFirstWhenRaisingTheMinimumAboveIt() {
        List<String> seen = new ArrayList<>();
        CpuPowerApplier applier = new CpuPowerApplier(host.paths, (file, value) -> {
            seen.add(file.getParent().getFileName() + "/" + file.getFileName() + "=" + value);
            FileCgroupWriter.writeExisting(file, value);
        });
        sys.uncore(1, 0, 800000, 1600000, 800000, 2400000);

        Outcome o = applier.apply(new Cycle(snapshot(), 0), new SetUncoreFrequency("topology-aware", 1, 0, 2000000,
                2400000, "r"));

        assertThat(o.detail()).isEqualTo("wrote max_freq_khz=2400000 on package_01_die_00, min_freq_khz=2000000 on "
                + "package_01_die_00");
        assertThat(seen).containsExactly("package_01_die_00/max_freq_khz=2400000",
                "package_01_die_00/min_freq_khz=2000000");
    }

    @Test
    void twoSocketCxlMemorylessNodeAlreadySoIsUnchanged() {
        List<Outcome> out = execute(true, cls("4-6", 800000, 3900000, "powersave", "128", List.of()),
                new SetUncoreFrequency("topology-aware", 0, 0, 800000, 2400000, "r"));

        assertThat(out).extracting(Outcome::status).containsOnly(Outcome.Status.UNCHANGED);
        assertThat(out).extracting(Outcome::detail).containsExactly("cpus 4-6 already show class turbo",
                "package_00_die_00 already shows the limits");
    }

    static Stream<Arguments> twoSocketCxlMemorylessNodeRefuses() {
        return Stream.of(
                Arguments.of(cls("4", 0, 0, "schedutil", "", null),
                        "cpu 4 has no governor schedutil (available: performance powersave)"),
                Arguments.of(cls("0", 0, 0, "", "performance", null),
                        "cpu 0 has no energy_performance_preference (driver acpi-cpufreq)"),
                Arguments.of(cls("4", 0, 0, "", "turbo", null), "cpu 4 has no energy_performance_preference turbo "
                        + "(available: default performance balance_performance balance_power power)"),
                Arguments.of(cls("1", 1200000, 0, "", "", null), "cpu 1 has neither cpufreq nor cpuidle states"),
                Arguments.of(cls("0", 0, 0, "", "", List.of("C6")), "cpu 0 has no cpuidle states"),
                Arguments.of(cls("4", 0, 0, "", "", List.of("C10")), "cpu 4 has no idle state C10 (has POLL, C1, C1E, C6)"),
                Arguments.of(cls("4", 500000, 0, "", "", null), "cpu 4: 500000 kHz is outside its scaling range "
                        + "800000..3900000 kHz"),
                Arguments.of(cls("6-7", 0, 3900000, "", "", null), "cpu 7 is offline"),
                Arguments.of(new SetUncoreFrequency("topology-aware", 2, 0, 0, 2400000, "r"),
                        "no uncore frequency domain package_02_die_00 (is intel_uncore_frequency loaded?)"),
                Arguments.of(new SetUncoreFrequency("topology-aware", 0, 0, 0, 3000000, "r"),
                        "package_00_die_00: 3000000 kHz is outside its uncore range 800000..2400000 kHz"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void twoSocketCxlMemorylessNodeRefuses(Decision d, String why) {
        List<Outcome> out = execute(true, d);

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.REJECTED);
            assertThat(o.detail()).isEqualTo(why);
        });
    }

    @Test
    void twoSocketCxlMemorylessNodeMinimumAboveTheShownMaximumWithoutANewMaximumIsRefused() {
        sys.file(4, "cpufreq/scaling_max_freq", "2000000\n");

        assertThat(execute(true, cls("4", 3000000, 0, "", "", null))).singleElement().extracting(Outcome::detail)
                .isEqualTo("cpu 4: minimum 3000000 kHz above the maximum it shows (2000000 kHz)");
    }

    @Test
    void twoSocketCxlMemorylessNodeAFileThatCannotBeWrittenCostsThatFileOnly() throws Exception {
        Snapshot before = snapshot();
        Path epp = sys.cpu(5).resolve("cpufreq/energy_performance_preference");
        Files.delete(epp);
        Files.createDirectory(epp); // writing a directory fails (EISDIR), as a refused sysfs write would

        List<Outcome> out = execute(before, true, cls("4-5", 0, 0, "performance", "performance", null));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
            assertThat(o.detail()).isEqualTo("wrote scaling_governor=performance on cpus 4-5, "
                    + "energy_performance_preference=performance on cpu 4; failed "
                    + "energy_performance_preference=performance (Is a directory) on cpu 5");
            assertThat(o.errno()).as("the JDK names no errno for EISDIR").isNull();
        });
        assertThat(sys.read(5, "cpufreq/scaling_governor")).isEqualTo("performance");
    }

    @Test
    void twoSocketCxlMemorylessNodeDryRunPrintsAndWritesNothing() {
        List<Outcome> out = execute(false, cls("4-5", 0, 2000000, "", "", List.of("C6")),
                new SetUncoreFrequency("topology-aware", 1, 0, 0, 2000000, "r"));

        assertThat(out).extracting(Outcome::status).containsOnly(Outcome.Status.DRY_RUN);
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"plugin\":\"topology-aware\",\"action\":\"set-cpu-class\",\"cpuClass\":\"turbo\",\"cpus\":\"4-5\","
                        + "\"minKhz\":0,\"maxKhz\":2000000,\"governor\":\"\",\"energyPerformancePreference\":\"\","
                        + "\"disabledIdleStates\":[\"C6\"],\"reason\":\"r\"}",
                "{\"plugin\":\"topology-aware\",\"action\":\"set-uncore-frequency\",\"packageId\":1,\"dieId\":0,"
                        + "\"minKhz\":0,\"maxKhz\":2000000,\"reason\":\"r\"}");
        assertThat(sys.read(4, "cpufreq/scaling_max_freq")).isEqualTo("3900000");
    }

    @Test
    void twoSocketCxlMemorylessNodeOwnedByAnotherPluginIsRefused() {
        SetCpuClass d = new SetCpuClass("numa-allocator", "c", CpuSet.parse("4"), 0, 2000000, "", "", null, "r");

        assertThat(execute(true, d)).singleElement().extracting(Outcome::detail)
                .isEqualTo("cpu-class owned by topology-aware");
    }
}
