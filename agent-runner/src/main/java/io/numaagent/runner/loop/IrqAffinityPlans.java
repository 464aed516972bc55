package io.numaagent.runner.loop;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.Snapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dry-run plan of interrupt affinities ({@link DryRunOverlay}): each {@code set-irq-affinity} printed shows
 * as the interrupt's {@code smp_affinity_list} in later snapshots, while the measured affinity stays what it was
 * when the plan was made (someone else changed it, or it was applied: the plan is dropped) and the interrupt
 * keeps its description (another device took the number).
 */
final class IrqAffinityPlans {

    /** The planned affinity, and the measured one (and description) it replaces. */
    private record Plan(CpuSet cpus, CpuSet basis, String description) {
    }

    private final Map<Integer, Plan> plans = new HashMap<>();

    boolean isEmpty() {
        return plans.isEmpty();
    }

    /** Adds a printed decision; {@code basis} is the measured snapshot it was made on. */
    void plan(SetIrqAffinity d, Snapshot basis) {
        Plan earlier = plans.get(d.irq());
        if (earlier != null) {
            plans.put(d.irq(), new Plan(d.cpus(), earlier.basis(), earlier.description()));
            return;
        }
        basis.kernel().interrupt(d.irq()).ifPresent(i ->
                plans.put(d.irq(), new Plan(d.cpus(), i.affinity(), i.description())));
    }

    /** Drops the plans whose interrupt is gone or changed underneath. */
    void dropWhatChanged(Snapshot real) {
        plans.entrySet().removeIf(e -> {
            Interrupt i = real.kernel().interrupt(e.getKey()).orElse(null);
            return i == null || !i.affinity().equals(e.getValue().basis())
                    || !i.description().equals(e.getValue().description());
        });
    }

    /** The kernel state with the planned affinities. */
    KernelState overlay(KernelState k) {
        if (plans.isEmpty()) {
            return k;
        }
        List<Interrupt> shown = k.interrupts().stream().map(i -> {
            Plan p = plans.get(i.number());
            return p == null ? i : i.withAffinity(p.cpus());
        }).toList();
        return k.withInterrupts(shown);
    }
}
