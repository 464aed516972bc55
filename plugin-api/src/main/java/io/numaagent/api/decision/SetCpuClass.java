package io.numaagent.api.decision;

import io.numaagent.api.CpuSet;
import java.util.List;

/**
 * Give CPUs the settings of a CPU class: their cpufreq limits, governor and energy-performance preference
 * ({@code devices/system/cpu/cpuN/cpufreq/scaling_min_freq}, {@code scaling_max_freq}, {@code scaling_governor},
 * {@code energy_performance_preference}) and which of their cpuidle states are disabled
 * ({@code cpuidle/stateK/disable}). A setting left out (0, empty, {@code null}) is not touched. The executor
 * writes on each CPU only the files that show another value, the frequency limits in an order the kernel
 * takes (the maximum first when the new minimum lies above the current maximum), and reports each file it
 * could not write. Machine-wide (no task); action {@code set-cpu-class}, resource {@code cpu-class}.
 *
 * @param cpuClass          the class's name, for operators
 * @param cpus              the CPUs, not empty
 * @param minKhz            {@code scaling_min_freq} in kHz, 0 to leave it
 * @param maxKhz            {@code scaling_max_freq} in kHz, 0 to leave it
 * @param governor          {@code scaling_governor}, empty to leave it
 * @param energyPerformancePreference {@code energy_performance_preference}: a name the driver offers, or
 *                          (intel_pstate) a number 0..255; empty to leave it
 * @param disabledIdleStates names of the cpuidle states to disable, every other state enabled; {@code null}
 *                          to leave the idle states alone (empty: enable all)
 */
public record SetCpuClass(String plugin, String cpuClass, CpuSet cpus, long minKhz, long maxKhz, String governor,
                          String energyPerformancePreference, List<String> disabledIdleStates, String reason)
        implements Decision {

    /** The highest numeric energy-performance preference (intel_pstate's HWP EPP field is 8 bits). */
    public static final int MAX_EPP = 255;

    public SetCpuClass {
        Decision.requireText(plugin, "plugin");
        Decision.requireText(cpuClass, "cpuClass");
        if (cpus == null || cpus.isEmpty()) {
            throw new IllegalArgumentException("cpus must not be empty");
        }
        governor = governor == null ? "" : governor;
        energyPerformancePreference = energyPerformancePreference == null ? "" : energyPerformancePreference;
        disabledIdleStates = disabledIdleStates == null ? null : List.copyOf(disabledIdleStates);
        if (minKhz < 0 || maxKhz < 0) {
            throw new IllegalArgumentException("frequencies must not be negative, got min " + minKhz + " max " + maxKhz);
        }
        if (minKhz > 0 && maxKhz > 0 && minKhz > maxKhz) {
            throw new IllegalArgumentException("minKhz " + minKhz + " above maxKhz " + maxKhz);
        }
        if (!energyPerformancePreference.isEmpty() && !energyPerformancePreference.matches("[a-z_]+")
                && !(energyPerformancePreference.matches("\\d{1,3}")
                && Integer.parseInt(energyPerformancePreference) <= MAX_EPP)) {
            throw new IllegalArgumentException("energyPerformancePreference must be a name or 0.." + MAX_EPP + ", got \""
                    + energyPerformancePreference + "\"");
        }
        if (minKhz == 0 && maxKhz == 0 && governor.isEmpty() && energyPerformancePreference.isEmpty()
                && disabledIdleStates == null) {
            throw new IllegalArgumentException("nothing to set");
        }
    }

    /** Whether the preference is a number (intel_pstate takes 0..255 besides the names). */
    public boolean numericEnergyPerformancePreference() {
        return energyPerformancePreference.matches("\\d+");
    }

    /**
     * Whether an {@code energy_performance_preference} file showing {@code shown} holds {@code wanted}: the same
     * text, or a number and the name intel_pstate shows for it (it reads back 0, 128, 192 and 255 as
     * {@code performance}, {@code balance_performance}, {@code balance_power} and {@code power}).
     */
    public static boolean samePreference(String shown, String wanted) {
        return shown.equals(wanted) || shown.equals(PREFERENCE_NAMES.get(wanted))
                || wanted.equals(PREFERENCE_NAMES.get(shown));
    }

    private static final java.util.Map<String, String> PREFERENCE_NAMES = java.util.Map.of("0", "performance",
            "128", "balance_performance", "192", "balance_power", "255", "power");

    /** Whether it sets any cpufreq file (frequencies, governor or preference). */
    public boolean setsCpufreq() {
        return minKhz > 0 || maxKhz > 0 || !governor.isEmpty() || !energyPerformancePreference.isEmpty();
    }

    @Override
    public String task() {
        return null;
    }

    @Override
    public String action() {
        return "set-cpu-class";
    }

    @Override
    public Resource resource() {
        return Resource.CPU_CLASS;
    }
}
