package io.numaagent.api.snapshot;

import java.util.List;

/**
 * What sysfs says of a CPU besides its place in the topology: its cluster, caches, frequencies,
 * energy-performance preference and core kind. Each part is "unknown" where the kernel or machine
 * does not show it (virtual machines often have no cpufreq, older kernels no cluster or cache id).
 * A policy that ranks CPUs (CPU priorities) or groups them (cache pools) reads these.
 *
 * @param cluster          {@code topology/cluster_id} (kernel 5.16+), -1 when unknown
 * @param caches           {@code cache/index*}, in index order; empty when unknown
 * @param baseFrequencyKhz {@code cpufreq/base_frequency} in kHz (intel_pstate), 0 when unknown
 * @param maxFrequencyKhz  {@code cpufreq/cpuinfo_max_freq} in kHz, 0 when unknown
 * @param energyPerformancePreference {@code cpufreq/energy_performance_preference} as written
 *                         ({@code performance}, {@code balance_performance}, {@code balance_power},
 *                         {@code power}, or another value the driver offers), empty when unknown
 * @param coreKind         P-core or E-core on a hybrid machine ({@code devices/cpu_core/cpus},
 *                         {@code devices/cpu_atom/cpus}), {@link CoreKind#UNKNOWN} elsewhere
 */
public record CpuDetails(int cluster, List<CpuCache> caches, long baseFrequencyKhz, long maxFrequencyKhz,
                         String energyPerformancePreference, CoreKind coreKind) {

    /** Nothing known. */
    public static final CpuDetails UNKNOWN = new CpuDetails(-1, List.of(), 0, 0, "", CoreKind.UNKNOWN);

    /** Kind of core on a hybrid machine. */
    public enum CoreKind {
        /** A performance core ({@code devices/cpu_core/cpus}). */
        PERFORMANCE,
        /** An efficient core ({@code devices/cpu_atom/cpus}). */
        EFFICIENT,
        /** Not a hybrid machine, or not known. */
        UNKNOWN
    }

    /** Missing parts (a recording made before they were recorded) read as unknown. */
    public CpuDetails {
        caches = caches == null ? List.of() : List.copyOf(caches);
        energyPerformancePreference = energyPerformancePreference == null ? "" : energyPerformancePreference;
        coreKind = coreKind == null ? CoreKind.UNKNOWN : coreKind;
    }

    /** Whether nothing is known (what a machine without these files, or an old recording, gives). */
    public boolean nothingKnown() {
        return equals(UNKNOWN);
    }

    /** The caches of one level, in index order (L1 data and instruction are two). */
    public List<CpuCache> cachesOfLevel(int level) {
        return caches.stream().filter(c -> c.level() == level).toList();
    }
}
