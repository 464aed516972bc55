package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.CpuPowerState;
import io.numaagent.api.snapshot.IdleState;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.UncoreDomain;
import io.numaagent.api.testing.RecordingLogger;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU classes on twoSocketFourNodeSixteenCpus (n4c16), every CPU run by intel_pstate (800 MHz..3.9 GHz, base
 * 2.1 GHz, powersave, balance_performance, idle states POLL, C1, C1E, C6) and an uncore domain per package
 * (800 MHz..2.4 GHz): the shared, reserved and exclusive CPUs get their classes' settings, a release gives the
 * CPUs back to the shared class, and nothing is decided where the snapshot already shows the settings.
 */
class CpuClassTest {

    @TempDir
    Path state;

    static final Map<String, Object> CONFIG = Map.of(
            "cpuClasses", List.of(
                    Map.of("name", "normal", "minFreq", "min", "maxFreq", "base", "freqGovernor", "powersave",
                            "energyPerformancePreference", "balance_power"),
                    Map.of("name", "system", "maxFreq", "2GHz"),
                    Map.of("name", "turbo", "minFreq", "3GHz", "maxFreq", "turbo", "freqGovernor", "performance",
                            "energyPerformancePreference", "performance", "disabledCstates", List.of("C6"),
                            "uncoreMinFreq", "2GHz", "turboPriority", 10),
                    Map.of("name", "fast", "minFreq", "2.5GHz", "maxFreq", "turbo", "turboPriority", 5)),
            "sharedPoolCPUClass", "normal",
            "reservedPoolCPUClass", "system");

    static final List<IdleState> STATES = List.of(new IdleState(0, "POLL", false), new IdleState(1, "C1", false),
            new IdleState(2, "C1E", false), new IdleState(3, "C6", false));

    /** n4c16 as intel_pstate shows it after boot. */
    static CpuPower booted(int cpus) {
        List<CpuPowerState> out = new ArrayList<>();
        IntStream.range(0, cpus).forEach(id -> out.add(new CpuPowerState(id, true, "intel_pstate", "powersave",
                List.of("performance", "powersave"), 800000, 3900000, 800000, 3900000, 2100000, "balance_performance",
                List.of("default", "performance", "balance_performance", "balance_power", "power"), STATES)));
        return new CpuPower(out, List.of(new UncoreDomain(0, 0, 800000, 2400000, 800000, 2400000),
                new UncoreDomain(1, 0, 800000, 2400000, 800000, 2400000)));
    }

    private Harness harness(Map<String, Object> config) {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, config);
        h.power = booted(16);
        return h;
    }

    /** The CPU class decisions of a cycle, in words. */
    private static List<String> classes(List<Decision> decisions) {
        List<String> out = new ArrayList<>();
        for (Decision d : decisions) {
            if (d instanceof SetCpuClass c) {
                out.add(c.cpuClass() + " " + c.cpus() + ": min " + c.minKhz() + " max " + c.maxKhz() + " "
                        + c.governor() + " " + c.energyPerformancePreference() + " off " + c.disabledIdleStates()
                        + " (" + c.reason() + ")");
            } else if (d instanceof SetUncoreFrequency u) {
                out.add("uncore " + u.packageId() + "/" + u.dieId() + ": min " + u.minKhz() + " max " + u.maxKhz()
                        + " (" + u.reason() + ")");
            }
        }
        return out;
    }

    @Test
    void twoSocketFourNodeSixteenCpusClassesFollowGrantsAndReleases() {
        Harness h = harness(CONFIG);
        h.guaranteed("/g", 2000).annotate("/g", Map.of("cpu-class.resource-policy.nri.io/pod", "turbo"))
                .add("/bu", QosClass.BURSTABLE, 500, 1000, 100, 200);

        List<String> first = classes(h.step());

        assertThat(h.placement()).containsEntry("/g", "4-5 / 1");
        assertThat(first).containsExactly(
                "system 0: min 0 max 2000000   off [] (class system of reserved CPUs)",
                "normal 1-3,6-15: min 800000 max 2100000 powersave balance_power off [] (class normal of shared CPUs)",
                "turbo 4-5: min 3000000 max 3900000 performance performance off [C6] (class turbo of exclusive CPUs "
                        + "of /g)",
                "uncore 0/0: min 2000000 max 0 (uncore limits of classes turbo on package 0 die 0)");
        assertThat(classes(h.step())).as("the snapshot shows them now").isEmpty();

        h.remove("/g");
        List<String> released = classes(h.step());

        assertThat(released).as("back to the shared class; the uncore keeps its limits, as in the reference, as no "
                + "class left on the die limits it").containsExactly(
                "normal 4-5: min 800000 max 2100000 powersave balance_power off [] (class normal of shared CPUs)");
        assertThat(h.power.cpu(4).orElseThrow().idleStates()).isEqualTo(STATES);
    }

    @Test
    void twoSocketFourNodeSixteenCpusPromptShowsEachClassesCpus() throws Exception {
        Harness h = harness(CONFIG);
        h.guaranteed("/g", 2000).annotate("/g", Map.of("cpu-class.resource-policy.nri.io/pod", "turbo"));
        h.step();

        String out = h.plugin.commands().stream().filter(c -> c.name().equals("cpu-classes")).findFirst()
                .orElseThrow().handler().run(List.of());

        assertThat(out).isEqualTo("""
                as of cycle 1
                class   cpus      settings
                normal  1-3,6-15  minFreq min, maxFreq base, energyPerformancePreference balance_power, freqGovernor powersave
                system  0         maxFreq 2000000 kHz
                turbo   4-5       minFreq 3000000 kHz, maxFreq turbo, energyPerformancePreference performance, uncoreMinFreq 2000000 kHz, freqGovernor performance, disabledCstates C6, turboPriority 10
                fast    -         minFreq 2500000 kHz, maxFreq turbo, turboPriority 5
                """);
    }

    /**
     * Package 0 alone available: fast (turboPriority 5) gets turbo while alone; once turbo (10) has CPUs in the
     * package, fast's highest frequency is the base one (its minimum, above that, held at it and logged), and
     * back to turbo when turbo's container is gone.
     */
    @Test
    void twoSocketFourNodeSixteenCpusTurboOnlyForTheHighestPriorityInThePackage() {
        Map<String, Object> config = new java.util.HashMap<>(CONFIG);
        config.put("availableResources", Map.of("cpu", "cpuset:0-7"));
        Harness h = harness(config);
        h.guaranteed("/f", 2000).annotate("/f", Map.of("cpu-class.resource-policy.nri.io/pod", "fast"));
        h.step();
        assertThat(h.placement()).containsEntry("/f", "4-5 / 1");
        assertThat(h.power.cpu(4).orElseThrow().maxKhz()).as("fast alone in the package: turbo").isEqualTo(3900000);

        h.guaranteed("/t", 2000).annotate("/t", Map.of("cpu-class.resource-policy.nri.io/pod", "turbo"));
        List<String> both = classes(h.step());

        assertThat(h.placement()).containsEntry("/t", "2-3 / 0");
        assertThat(both).containsExactly(
                "turbo 2-3: min 3000000 max 3900000 performance performance off [C6] (class turbo of exclusive CPUs "
                        + "of /t)",
                "fast 4-5: min 2100000 max 2100000   off [] (class fast of exclusive CPUs of /f)",
                "uncore 0/0: min 2000000 max 0 (uncore limits of classes turbo on package 0 die 0)");
        assertThat(h.context.log().lines()).extracting(RecordingLogger.Line::message).contains("CPU classes: cpus 4-5: "
                + "class fast's minFreq (2500000 kHz) is above its maxFreq (2100000 kHz) there; the minimum is set to "
                + "the maximum");

        h.remove("/t");
        assertThat(classes(h.step())).containsExactly(
                "normal 2-3: min 800000 max 2100000 powersave balance_power off [] (class normal of shared CPUs)",
                "fast 4-5: min 2500000 max 3900000   off [] (class fast of exclusive CPUs of /f)");
    }
}
