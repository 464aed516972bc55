package io.numaagent.api.snapshot;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetUncoreFrequency;
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

    /**
     * What these settings show once {@code d} ({@link SetCpuClass} or {@link SetUncoreFrequency}) is applied: its
     * CPUs' (die's) settings replaced by those it sets; other decisions change nothing. For the dry-run plan and
     * tests that play the executor.
     */
    public CpuPower after(Decision d) {
        if (d instanceof SetCpuClass cc) {
            return new CpuPower(cpus.stream().map(c -> cc.cpus().contains(c.cpu()) ? applied(c, cc) : c).toList(),
                    uncore);
        }
        if (d instanceof SetUncoreFrequency uf) {
            return new CpuPower(cpus, uncore.stream().map(u -> u.packageId() == uf.packageId() && u.dieId() == uf.dieId()
                    ? new UncoreDomain(u.packageId(), u.dieId(), uf.minKhz() > 0 ? uf.minKhz() : u.minKhz(),
                    uf.maxKhz() > 0 ? uf.maxKhz() : u.maxKhz(), u.initialMinKhz(), u.initialMaxKhz()) : u).toList());
        }
        return this;
    }

    private static CpuPowerState applied(CpuPowerState c, SetCpuClass d) {
        List<IdleState> states = c.idleStates();
        if (d.disabledIdleStates() != null) {
            states = states.stream().map(s -> new IdleState(s.index(), s.name(),
                    d.disabledIdleStates().contains(s.name()))).toList();
        }
        return new CpuPowerState(c.cpu(), c.cpufreq(), c.driver(), d.governor().isEmpty() ? c.governor() : d.governor(),
                c.governors(), d.minKhz() > 0 ? d.minKhz() : c.minKhz(), d.maxKhz() > 0 ? d.maxKhz() : c.maxKhz(),
                c.limitMinKhz(), c.limitMaxKhz(), c.baseKhz(), d.energyPerformancePreference().isEmpty()
                ? c.energyPerformancePreference() : d.energyPerformancePreference(), c.energyPerformancePreferences(),
                states);
    }

    /** Whether nothing was read. */
    public boolean isEmpty() {
        return cpus.isEmpty() && uncore.isEmpty();
    }
}
