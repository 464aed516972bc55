package io.numaagent.runner.loop;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.CpuPowerState;
import io.numaagent.api.snapshot.IdleState;
import io.numaagent.api.snapshot.UncoreDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a dry-run plan ({@link DryRunOverlay}) about CPU classes: {@code set-cpu-class} and
 * {@code set-uncore-frequency} decisions printed in dry-run are shown in the following snapshots'
 * {@link CpuPower} as if applied, while the measured settings stay what they were when the first of them was
 * made; once they change (applied, or changed by someone else) the plan is dropped.
 */
final class CpuPowerPlan {

    private final List<Decision> planned = new ArrayList<>();
    private CpuPower basis;

    /** Adds a dry-run decision made on a snapshot that measured {@code measured}. */
    void plan(Decision d, CpuPower measured) {
        if (basis == null) {
            basis = measured;
        }
        planned.add(d);
    }

    /** Drops the plan when the measured settings are no longer those it was made on. */
    void dropIfChanged(CpuPower measured) {
        if (basis != null && !basis.equals(measured)) {
            planned.clear();
            basis = null;
        }
    }

    boolean isEmpty() {
        return planned.isEmpty();
    }

    /** The measured settings with the planned decisions applied, in the order made. */
    CpuPower overlay(CpuPower measured) {
        if (planned.isEmpty()) {
            return measured;
        }
        List<CpuPowerState> cpus = new ArrayList<>();
        for (CpuPowerState c : measured.cpus()) {
            CpuPowerState shown = c;
            for (Decision d : planned) {
                if (d instanceof SetCpuClass cc && cc.cpus().contains(c.cpu())) {
                    shown = applied(shown, cc);
                }
            }
            cpus.add(shown);
        }
        List<UncoreDomain> uncore = new ArrayList<>();
        for (UncoreDomain u : measured.uncore()) {
            UncoreDomain shown = u;
            for (Decision d : planned) {
                if (d instanceof SetUncoreFrequency uf && uf.packageId() == u.packageId() && uf.dieId() == u.dieId()) {
                    shown = new UncoreDomain(u.packageId(), u.dieId(), uf.minKhz() > 0 ? uf.minKhz() : shown.minKhz(),
                            uf.maxKhz() > 0 ? uf.maxKhz() : shown.maxKhz(), u.initialMinKhz(), u.initialMaxKhz());
                }
            }
            uncore.add(shown);
        }
        return new CpuPower(cpus, uncore);
    }

    private static CpuPowerState applied(CpuPowerState c, SetCpuClass d) {
        List<IdleState> states = c.idleStates();
        if (d.disabledIdleStates() != null) {
            states = c.idleStates().stream().map(s -> new IdleState(s.index(), s.name(),
                    d.disabledIdleStates().contains(s.name()))).toList();
        }
        return new CpuPowerState(c.cpu(), c.cpufreq(), c.driver(),
                d.governor().isEmpty() ? c.governor() : d.governor(), c.governors(),
                d.minKhz() > 0 ? d.minKhz() : c.minKhz(), d.maxKhz() > 0 ? d.maxKhz() : c.maxKhz(), c.limitMinKhz(),
                c.limitMaxKhz(), c.baseKhz(), d.energyPerformancePreference().isEmpty()
                ? c.energyPerformancePreference() : d.energyPerformancePreference(),
                c.energyPerformancePreferences(), states);
    }
}
