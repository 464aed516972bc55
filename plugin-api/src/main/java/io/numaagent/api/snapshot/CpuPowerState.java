package io.numaagent.api.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * A CPU's frequency and idle settings as sysfs shows them ({@code devices/system/cpu/cpuN/cpufreq/*},
 * {@code cpuN/cpuidle/stateK/*}): what CPU classes change. Frequencies in kHz; 0, empty or an empty list
 * where the file is missing (no cpufreq driver, as in most virtual machines; no EPP without HWP or
 * amd-pstate's active mode; no cpuidle states).
 *
 * @param cpu          the CPU id
 * @param cpufreq      whether the CPU has a {@code cpufreq} directory (a cpufreq driver runs it)
 * @param driver       {@code scaling_driver} ({@code intel_pstate}, {@code intel_cpufreq}, {@code acpi-cpufreq},
 *                     {@code amd-pstate-epp}, ...)
 * @param governor     {@code scaling_governor}
 * @param governors    {@code scaling_available_governors}
 * @param minKhz       {@code scaling_min_freq}
 * @param maxKhz       {@code scaling_max_freq}
 * @param limitMinKhz  {@code cpuinfo_min_freq}: the lowest frequency the hardware runs at
 * @param limitMaxKhz  {@code cpuinfo_max_freq}: the highest (turbo) frequency
 * @param baseKhz      {@code base_frequency} (intel_pstate), 0 when unknown
 * @param energyPerformancePreference {@code energy_performance_preference} as the file shows it (a name,
 *                     or on intel_pstate a number 0..255 that was written)
 * @param energyPerformancePreferences {@code energy_performance_available_preferences}
 * @param idleStates   the {@code cpuidle} states, by index
 */
public record CpuPowerState(int cpu, boolean cpufreq, String driver, String governor, List<String> governors,
                            long minKhz, long maxKhz, long limitMinKhz, long limitMaxKhz, long baseKhz,
                            String energyPerformancePreference, List<String> energyPerformancePreferences,
                            List<IdleState> idleStates) {

    public CpuPowerState {
        driver = driver == null ? "" : driver;
        governor = governor == null ? "" : governor;
        governors = governors == null ? List.of() : List.copyOf(governors);
        energyPerformancePreference = energyPerformancePreference == null ? "" : energyPerformancePreference;
        energyPerformancePreferences = energyPerformancePreferences == null ? List.of()
                : List.copyOf(energyPerformancePreferences);
        idleStates = idleStates == null ? List.of() : List.copyOf(idleStates);
    }

    /** The idle state named {@code name}, if the CPU has one. */
    public Optional<IdleState> idleState(String name) {
        return idleStates.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Whether the CPU shows an energy-performance preference ({@code energy_performance_preference} exists). */
    public boolean hasEnergyPerformancePreference() {
        return !energyPerformancePreference.isEmpty();
    }
}
