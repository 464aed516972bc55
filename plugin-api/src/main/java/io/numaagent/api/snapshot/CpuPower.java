package io.numaagent.api.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * The CPUs' frequency and idle settings and the uncore frequency limits, read only when a running plugin
 * asks for them ({@link io.numaagent.api.plugin.Plugin#readsCpuPower()}): {@link #NONE} otherwise.
 *
 * @param cpus   one entry per CPU with a {@code cpufreq} or {@code cpuidle} directory, by id
 * @param uncore the {@code intel_uncore_frequency} domains, by package and die; empty without the driver
 */
public record CpuPower(List<CpuPowerState> cpus, List<UncoreDomain> uncore) {

    /** Not read (no plugin asked), or nothing to read. */
    public static final CpuPower NONE = new CpuPower(List.of(), List.of());

    public CpuPower {
        cpus = cpus == null ? List.of() : List.copyOf(cpus);
        uncore = uncore == null ? List.of() : List.copyOf(uncore);
    }

    /** The settings of CPU {@code id}, if shown. */
    public Optional<CpuPowerState> cpu(int id) {
        for (CpuPowerState c : cpus) {
            if (c.cpu() == id) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The uncore domain of a package's die, if the driver shows one. */
    public Optional<UncoreDomain> uncore(int packageId, int dieId) {
        return uncore.stream().filter(u -> u.packageId() == packageId && u.dieId() == dieId).findFirst();
    }

    /** Whether nothing was read. */
    public boolean isEmpty() {
        return cpus.isEmpty() && uncore.isEmpty();
    }
}
