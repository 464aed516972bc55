package io.numaagent.plugins.numaallocator;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.PluginLogger;
import java.util.List;

/**
 * Step 15 of {@code decide()}: counts every decision in {@code numa_allocator_decisions_total}; with
 * {@code dryrun}, logs each ({@code dryrun: would ...}) and returns none, so nothing reaches the executor
 * (WCA's dryrun returns before choosing anything).
 */
final class DecisionOutput {

    private final boolean dryrun;
    private final PluginLogger log;
    private final AllocatorMetrics metrics;

    DecisionOutput(boolean dryrun, PluginLogger log, AllocatorMetrics metrics) {
        this.dryrun = dryrun;
        this.log = log;
        this.metrics = metrics;
    }

    List<Decision> deliver(List<Decision> decisions) {
        for (Decision d : decisions) {
            metrics.decisions.increment(d.action());
        }
        if (dryrun) {
            for (Decision d : decisions) {
                log.info("dryrun: would {} for {}: {}", d.action(), d.task() == null ? "the machine" : d.task(), d.reason());
            }
            return List.of();
        }
        return decisions;
    }
}
