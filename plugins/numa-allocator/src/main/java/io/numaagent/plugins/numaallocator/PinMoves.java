package io.numaagent.plugins.numaallocator;

import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MigrateMemory.MigrationMode;
import io.numaagent.api.plugin.PluginLogger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Step 9 of {@code decide()}: keeps the memory move of each pin this instance made going until the task's
 * memory is on its node. WCA's pin-time {@code migrate_pages} is one synchronous call that returns when the
 * pages have moved; the executor moves in batches within a per-cycle time budget and goes on with a walk the
 * budget cut short only when it is handed the decision again. So a task pinned here (with
 * {@code migrate_pages} on) gets {@code migrate-memory} to its node again each cycle until the snapshot shows
 * its share there at or above {@code migrate_pages_min_task_balance} (WCA's default 0.95 when that is
 * {@code null}), or nothing left elsewhere.
 *
 * <p>The move is given up when the task is gone, un-pinned, or no longer pinned to that node (the pin was
 * rejected or someone changed its cpuset); it is skipped, not given up, while an earlier migration of the task
 * is backed off ({@link RetryTracker}). Moves are issued before this cycle's pins and oldest pin first: a move
 * started earlier finishes first, as WCA's would have before its next pin.
 */
final class PinMoves {

    /** WCA's default {@code migrate_pages_min_task_balance}: "on its node" when re-migration is off. */
    static final double DEFAULT_HOME_SHARE = 0.95;

    private final boolean migratePages;
    private final double homeShare;
    private final MigrationMode migrationMode;
    private final String plugin;
    private final RetryTracker migrationRetries;
    private final PluginLogger log;
    private final AllocatorMetrics metrics;
    /** Task → id of the node its memory is moving to, in the order of the pins. */
    private final Map<String, Integer> moving = new LinkedHashMap<>();

    PinMoves(AllocatorSettings settings, String plugin, RetryTracker migrationRetries, PluginLogger log,
             AllocatorMetrics metrics) {
        this.migratePages = settings.migratePages();
        Double threshold = settings.migratePagesMinTaskBalance();
        this.homeShare = threshold == null ? DEFAULT_HOME_SHARE : threshold;
        this.migrationMode = settings.migrationMode();
        this.plugin = plugin;
        this.migrationRetries = migrationRetries;
        this.log = log;
        this.metrics = metrics;
    }

    /** A pin of this cycle: its memory moves to node {@code nodeId} from now on (with {@code migrate_pages}). */
    void started(String task, int nodeId) {
        if (migratePages) {
            moving.remove(task); // a pin again: its place in the order is the new pin's
            moving.put(task, nodeId);
        }
    }

    /**
     * The {@code migrate-memory} of every earlier pin whose memory is not on its node yet, oldest pin first;
     * forgets the moves that are done or no longer wanted.
     */
    List<Decision> decide(TaskView[] tasks, NodeTable nodes, long cycle) {
        if (moving.isEmpty()) {
            return List.of();
        }
        Map<String, TaskView> byId = new HashMap<>(moving.size() * 2);
        for (TaskView v : tasks) {
            if (moving.containsKey(v.id())) {
                byId.put(v.id(), v);
            }
        }
        List<Decision> moves = new ArrayList<>();
        for (Iterator<Map.Entry<String, Integer>> it = moving.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Integer> e = it.next();
            TaskView v = byId.get(e.getKey());
            int node = e.getValue();
            int position = nodes.positionOf(node);
            if (v == null || position < 0 || v.unpinned || v.pinnedPosition != position || !v.hasNodeMemory) {
                it.remove(); // gone, or no longer this pin: nothing of ours to finish
                continue;
            }
            double share = v.preference(nodes, position);
            long pages = v.pagesOffNode(nodes, position);
            if (share >= homeShare || pages == 0) {
                it.remove(); // home: from now on only re-migration (step 11) looks after it, as in WCA
                continue;
            }
            String blocked = migrationRetries.blocked(v.id(), cycle, v.task.pids());
            if (blocked != null) {
                metrics.migrationsRefused.increment("earlier_failure");
                log.debug("not moving more of {} to node {}: {}", v.id(), node, blocked);
                continue;
            }
            moves.add(new MigrateMemory(plugin, v.id(), node, NodeSet.EMPTY, migrationMode,
                    String.format(Locale.ROOT, "go on moving memory to node %d after pinning: %.4f of it there (below %s); "
                            + "%d pages elsewhere", node, share, homeShare, pages)));
        }
        return moves;
    }

    /** Tasks whose pin's move is still going: re-migration leaves them to this step. */
    Set<String> tasks() {
        return new LinkedHashSet<>(moving.keySet());
    }

    /** Forgets tasks that are gone. */
    void removeIf(Predicate<String> gone) {
        moving.keySet().removeIf(gone);
    }

    int size() {
        return moving.size();
    }
}
