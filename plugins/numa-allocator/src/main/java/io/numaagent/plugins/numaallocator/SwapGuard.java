package io.numaagent.plugins.numaallocator;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.KernelState;
import java.util.List;

/**
 * Step 12 of {@code decide()}: while swap is on and {@code migrate_with_swap} is false, every
 * {@code migrate-memory} of the cycle is dropped (moving memory with swap on risks OOM kills), counted and
 * logged, once per stretch of refusing cycles at warn level. The pins stay; WCA drops every allocation of
 * the iteration instead.
 */
final class SwapGuard {

    private final boolean migrateWithSwap;
    private final PluginLogger log;
    private final AllocatorMetrics metrics;
    private boolean warnedSwap;

    SwapGuard(boolean migrateWithSwap, PluginLogger log, AllocatorMetrics metrics) {
        this.migrateWithSwap = migrateWithSwap;
        this.log = log;
        this.metrics = metrics;
    }

    /** Removes the migrations from {@code decisions} when they are refused; returns {@code decisions}. */
    List<Decision> filter(KernelState kernel, List<Decision> decisions) {
        if (!kernel.swapEnabled() || migrateWithSwap) {
            warnedSwap = false;
            return decisions;
        }
        List<String> tasks = decisions.stream().filter(d -> d instanceof MigrateMemory).map(Decision::task).toList();
        if (!tasks.isEmpty()) {
            metrics.migrationsRefused.add(tasks.size(), AllocatorMetrics.SWAP_ENABLED);
            if (!warnedSwap) {
                log.warn("memory migration refused for {}: swap is enabled and migrate_with_swap is false "
                        + "(moving memory with swap on risks OOM kills); the pins are kept", tasks);
                warnedSwap = true;
            } else {
                log.debug("memory migration refused for {}: swap is enabled", tasks);
            }
        }
        decisions.removeIf(d -> d instanceof MigrateMemory);
        return decisions;
    }
}
