package io.numaagent.plugins.numaallocator;

import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MigrateMemory.MigrationMode;
import io.numaagent.api.plugin.PluginLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Step 11 of {@code decide()}, WCA's step 4: a task pinned (before this cycle) to the node with the most free
 * memory, whose share of memory there is below {@code migrate_pages_min_task_balance}, has its memory moved
 * there again. Unlike WCA the "most free" node is chosen among nodes with CPUs only, and a task is skipped
 * while an earlier migration of it failed (see {@link RetryTracker}), when nothing is off the node, and while
 * its pin's own move is still going ({@link PinMoves} decides that one).
 */
final class Remigration {

    private final boolean migratePages;
    /** {@code null}: re-migration off. */
    private final Double threshold;
    private final MigrationMode migrationMode;
    private final String plugin;
    private final RetryTracker migrationRetries;
    private final PluginLogger log;
    private final AllocatorMetrics metrics;

    Remigration(AllocatorSettings settings, String plugin, RetryTracker migrationRetries, PluginLogger log,
                AllocatorMetrics metrics) {
        this.migratePages = settings.migratePages();
        this.threshold = settings.migratePagesMinTaskBalance();
        this.migrationMode = settings.migrationMode();
        this.plugin = plugin;
        this.migrationRetries = migrationRetries;
        this.log = log;
        this.metrics = metrics;
    }

    /** @param pinMoving tasks whose pin's move {@link PinMoves} carries on this cycle */
    List<Decision> decide(List<TaskView> tasks, NodeTable nodes, long cycle, Set<String> pinMoving) {
        if (!migratePages || threshold == null) {
            return List.of();
        }
        int leastUsed = NodeSelection.leastUsedNode(nodes.freeBytes, nodes.candidate);
        if (leastUsed < 0) {
            return List.of();
        }
        List<Decision> remigrations = new ArrayList<>();
        int node = nodes.ids[leastUsed];
        for (TaskView v : tasks) {
            if (v.pinnedPosition != leastUsed || !v.hasNodeMemory || v.unpinned || pinMoving.contains(v.id())) {
                continue;
            }
            double share = v.preference(nodes, leastUsed);
            if (share >= threshold) {
                continue;
            }
            long pages = v.pagesOffNode(nodes, leastUsed);
            if (pages == 0) {
                continue;
            }
            String blocked = migrationRetries.blocked(v.id(), cycle, v.task.pids());
            if (blocked != null) {
                metrics.migrationsRefused.increment(AllocatorMetrics.EARLIER_FAILURE);
                log.debug("not re-migrating {} to node {}: {}", v.id(), node, blocked);
                continue;
            }
            remigrations.add(new MigrateMemory(plugin, v.id(), node, NodeSet.EMPTY, migrationMode,
                    String.format(Locale.ROOT, "re-migrate: only %.4f of the memory is on node %d (below %s), which has "
                            + "the most free memory; %d pages elsewhere", share, node, threshold, pages)));
        }
        return remigrations;
    }
}
