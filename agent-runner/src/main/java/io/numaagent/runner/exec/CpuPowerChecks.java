package io.numaagent.runner.exec;

import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.CpuPowerState;
import io.numaagent.api.snapshot.IdleState;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.UncoreDomain;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link DecisionChecks} of {@link SetCpuClass} and {@link SetUncoreFrequency}, against the snapshot's
 * {@link CpuPower}: the CPUs (dies) show the files the decision writes, frequencies lie within the hardware's
 * limits ({@code cpuinfo_min_freq}..{@code cpuinfo_max_freq}; uncore {@code initial_min_freq_khz}..
 * {@code initial_max_freq_khz}) and do not cross the other limit the files show, the governor and preference
 * are among those the driver offers (a numeric preference only on intel_pstate), and the idle states exist.
 */
final class CpuPowerChecks {

    private CpuPowerChecks() {
    }

    /** Why the decision cannot be carried out, or {@code null}. */
    static String invalid(Snapshot s, SetCpuClass d) {
        CpuPower power = s.cpuPower();
        if (power.isEmpty()) {
            return "the snapshot shows no CPU frequency or idle settings (no running plugin reads them)";
        }
        for (int id : d.cpus().stream().toArray()) {
            Optional<CpuPowerState> state = power.cpu(id);
            if (state.isEmpty()) {
                return "cpu " + id + " has neither cpufreq nor cpuidle states";
            }
            String bad = invalid(state.get(), d);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private static String invalid(CpuPowerState c, SetCpuClass d) {
        String cpu = "cpu " + c.cpu();
        if (d.setsCpufreq() && !c.cpufreq()) {
            return cpu + " has no cpufreq (no frequency scaling driver)";
        }
        String range = frequencyRange(cpu, "scaling", c.limitMinKhz(), c.limitMaxKhz(), c.minKhz(), c.maxKhz(),
                d.minKhz(), d.maxKhz());
        if (range != null) {
            return range;
        }
        if (!d.governor().isEmpty() && !c.governors().isEmpty() && !c.governors().contains(d.governor())) {
            return cpu + " has no governor " + d.governor() + " (available: " + String.join(" ", c.governors()) + ")";
        }
        String epp = d.energyPerformancePreference();
        if (!epp.isEmpty()) {
            if (!c.hasEnergyPerformancePreference()) {
                return cpu + " has no energy_performance_preference (driver " + orUnknown(c.driver()) + ")";
            }
            if (d.numericEnergyPerformancePreference() && !c.driver().equals("intel_pstate")) {
                return cpu + " takes a numeric energy_performance_preference only under intel_pstate; its driver is "
                        + orUnknown(c.driver());
            }
            if (!d.numericEnergyPerformancePreference() && !c.energyPerformancePreferences().isEmpty()
                    && !c.energyPerformancePreferences().contains(epp)) {
                return cpu + " has no energy_performance_preference " + epp + " (available: "
                        + String.join(" ", c.energyPerformancePreferences()) + ")";
            }
        }
        if (d.disabledIdleStates() != null) {
            if (c.idleStates().isEmpty()) {
                return cpu + " has no cpuidle states";
            }
            for (String name : d.disabledIdleStates()) {
                if (c.idleState(name).isEmpty()) {
                    return cpu + " has no idle state " + name + " (has " + c.idleStates().stream()
                            .map(IdleState::name).collect(Collectors.joining(", ")) + ")";
                }
            }
        }
        return null;
    }

    /** Why the limits cannot be set on {@code where}, or {@code null}; 0 is "not known" (shown) or "left" (new). */
    private static String frequencyRange(String where, String what, long lowest, long highest, long shownMin,
                                         long shownMax, long min, long max) {
        for (long f : new long[]{min, max}) {
            if (f > 0 && (lowest > 0 && f < lowest || highest > 0 && f > highest)) {
                return where + ": " + f + " kHz is outside its " + what + " range " + lowest + ".." + highest + " kHz";
            }
        }
        if (min > 0 && max == 0 && shownMax > 0 && min > shownMax) {
            return where + ": minimum " + min + " kHz above the maximum it shows (" + shownMax + " kHz)";
        }
        if (max > 0 && min == 0 && shownMin > 0 && max < shownMin) {
            return where + ": maximum " + max + " kHz below the minimum it shows (" + shownMin + " kHz)";
        }
        return null;
    }

    /** Why the uncore limits cannot be set, or {@code null}. */
    static String invalid(Snapshot s, SetUncoreFrequency d) {
        Optional<UncoreDomain> u = s.cpuPower().uncore(d.packageId(), d.dieId());
        String name = UncoreDomain.directory(d.packageId(), d.dieId());
        if (u.isEmpty()) {
            return "no uncore frequency domain " + name + " (is intel_uncore_frequency loaded?)";
        }
        return frequencyRange(name, "uncore", u.get().initialMinKhz(), u.get().initialMaxKhz(), u.get().minKhz(),
                u.get().maxKhz(), d.minKhz(), d.maxKhz());
    }

    /** Why nothing needs doing, or {@code null}. */
    static String unchanged(Snapshot s, SetCpuClass d) {
        for (int id : d.cpus().stream().toArray()) {
            CpuPowerState c = s.cpuPower().cpu(id).orElse(null);
            if (c == null || !holds(c, d)) {
                return null;
            }
        }
        return (d.cpus().size() == 1 ? "cpu " : "cpus ") + d.cpus() + " already show class " + d.cpuClass();
    }

    /** Whether a CPU shows every setting of the decision. */
    static boolean holds(CpuPowerState c, SetCpuClass d) {
        if (d.minKhz() > 0 && c.minKhz() != d.minKhz() || d.maxKhz() > 0 && c.maxKhz() != d.maxKhz()
                || !d.governor().isEmpty() && !c.governor().equals(d.governor())
                || !d.energyPerformancePreference().isEmpty()
                && !SetCpuClass.samePreference(c.energyPerformancePreference(), d.energyPerformancePreference())) {
            return false;
        }
        if (d.disabledIdleStates() != null) {
            for (IdleState st : c.idleStates()) {
                if (st.disabled() != d.disabledIdleStates().contains(st.name())) {
                    return false;
                }
            }
        }
        return true;
    }

    static String unchanged(Snapshot s, SetUncoreFrequency d) {
        UncoreDomain u = s.cpuPower().uncore(d.packageId(), d.dieId()).orElse(null);
        if (u == null || d.minKhz() > 0 && u.minKhz() != d.minKhz() || d.maxKhz() > 0 && u.maxKhz() != d.maxKhz()) {
            return null;
        }
        return u.directory() + " already shows the limits";
    }

    private static String orUnknown(String driver) {
        return driver.isEmpty() ? "unknown" : driver;
    }
}
