package io.numaagent.runner.loop;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.snapshot.CpuPower;
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
        CpuPower shown = measured;
        for (Decision d : planned) {
            shown = shown.after(d);
        }
        return shown;
    }
}
