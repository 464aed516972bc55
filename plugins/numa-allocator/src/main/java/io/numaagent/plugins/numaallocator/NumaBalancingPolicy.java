package io.numaagent.plugins.numaallocator;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.KernelState;
import java.util.List;

/**
 * Step 7 of {@code decide()}: the {@code numa_balancing} setting against {@code kernel.numa_balancing}.
 * {@code disable} sets 0 whenever it is above 0, {@code enable} sets 1 whenever it is 0, {@code keep} only
 * warns (once per mode value) while tasks are pinned, since AutoNUMA moves the pages of bound tasks back
 * and forth. WCA leaves the setting alone.
 */
final class NumaBalancingPolicy {

    private final String plugin;
    /** keep, disable or enable. */
    private final String wanted;
    private final PluginLogger log;
    private final AllocatorMetrics metrics;
    private int warnedBalancingMode = Integer.MIN_VALUE;
    private boolean warnedBalancingUnknown;

    NumaBalancingPolicy(String plugin, String wanted, PluginLogger log, AllocatorMetrics metrics) {
        this.plugin = plugin;
        this.wanted = wanted;
        this.log = log;
        this.metrics = metrics;
    }

    /** The machine-wide decision for this cycle, if any; {@code pinnedTasks} is for the warning. */
    List<Decision> decide(KernelState kernel, int pinnedTasks) {
        int mode = kernel.numaBalancing();
        metrics.numaBalancing.set(mode);
        if (mode == KernelState.NUMA_BALANCING_UNKNOWN) {
            if (!"keep".equals(wanted) && !warnedBalancingUnknown) {
                log.warn("numa_balancing: {} has nothing to change: this kernel has no kernel.numa_balancing", wanted);
                warnedBalancingUnknown = true;
            }
            return List.of();
        }
        warnedBalancingUnknown = false;
        if ("disable".equals(wanted) && mode > 0) {
            return List.of(new SetNumaBalancing(plugin, 0, "numa_balancing: disable, and kernel.numa_balancing is "
                    + mode + ": automatic balancing would move the pages of pinned tasks off their node"));
        }
        if ("enable".equals(wanted) && mode == 0) {
            return List.of(new SetNumaBalancing(plugin, 1, "numa_balancing: enable, and kernel.numa_balancing is 0"));
        }
        // with numa_balancing: enable the operator asked for it on; no point warning about it
        if (mode > 0 && pinnedTasks > 0 && "keep".equals(wanted)) {
            if (warnedBalancingMode != mode) {
                log.warn("kernel.numa_balancing is {} while {} task(s) are pinned to one node; the kernel documents that "
                        + "it should be disabled for bound workloads (numa_balancing: disable)", mode, pinnedTasks);
                warnedBalancingMode = mode;
            }
        } else {
            warnedBalancingMode = Integer.MIN_VALUE;
        }
        return List.of();
    }
}
