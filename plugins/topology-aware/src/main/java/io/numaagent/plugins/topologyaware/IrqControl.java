package io.numaagent.plugins.topologyaware;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.plugins.topologyaware.alloc.Allocator;
import io.numaagent.plugins.topologyaware.alloc.Grant;
import io.numaagent.plugins.topologyaware.annotations.IrqAffinity;
import io.numaagent.plugins.topologyaware.irq.InterruptPatterns;
import io.numaagent.plugins.topologyaware.irq.IrqAffinityPlanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plugin's interrupt steering: the {@code irq-affinity} of each placed container, kept from when it was
 * placed (as the reference keeps it in the grant), and each cycle's {@code set-irq-affinity} decisions from
 * {@link IrqAffinityPlanner}. A container-scoped annotation on a container without exclusive CPUs is logged
 * once and ignored (the reference refuses the container).
 */
final class IrqControl {

    /** A container's annotation: its name for logs, the value, and whether it was container-scoped. */
    record Annotated(String name, IrqAffinity affinity, boolean containerScoped) {
    }

    private final IrqAffinityPlanner planner;
    private final PluginLogger log;
    private final Map<String, Annotated> byUnit = new LinkedHashMap<>();

    IrqControl(InterruptPatterns controllable, PluginLogger log) {
        this.planner = new IrqAffinityPlanner(controllable);
        this.log = log;
    }

    /** Notes a placed unit's annotation ({@code null}: none) with its grant. */
    void placed(Grant g, Annotated annotated) {
        byUnit.remove(g.id());
        if (annotated == null) {
            return;
        }
        if (g.exclusive().isEmpty()) {
            if (annotated.containerScoped()) {
                log.warn("{}: ignoring irq-affinity: it needs exclusive CPUs, and the container has none ({} CPUs of "
                        + "{})", annotated.name(), g.kind(), g.pool().name());
            }
            return; // pod-scoped or unscoped: silently for the containers it cannot apply to, as the reference
        }
        byUnit.put(g.id(), annotated);
    }

    /** Forgets units that are gone. */
    void retainOnly(Set<String> present) {
        byUnit.keySet().retainAll(present);
    }

    List<Decision> decide(String plugin, Snapshot snapshot, Allocator allocator, CpuSet allowed) {
        List<IrqAffinityPlanner.Claimant> claimants = new ArrayList<>();
        byUnit.forEach((unit, a) -> {
            Grant g = allocator.grant(unit);
            if (g != null) {
                claimants.add(new IrqAffinityPlanner.Claimant(unit, a.name(), g.exclusive(), a.affinity()));
            }
        });
        return planner.decide(plugin, snapshot.kernel().interrupts(), allowed, claimants, snapshot.outcomesOf(plugin),
                p -> log.warn("{}", p));
    }
}
