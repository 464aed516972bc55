package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import java.util.List;
import java.util.function.Predicate;

/**
 * memtierd's {@code age} policy. Every round it records which ranges' counts changed; then, if no
 * earlier move is still under way, it swaps out ranges unchanged for {@code swapoutms}, else moves
 * ranges unchanged for {@code idledurationms} to {@code idlenumas[0]}, else moves ranges that changed in
 * every round of {@code activedurationms} to {@code activenumas[0]} (each step only when the steps before
 * it moved nothing, as memtierd's mover-idle check between them does).
 */
public final class AgePolicy implements TieringPolicy {

    /** memtierd makes a mover task only for a merged region of more than this many pages. */
    static final long MIN_PAGES = 100;

    private final PolicySettings.Age settings;
    private final RangeHistory history = new RangeHistory();

    public AgePolicy(PolicySettings.Age settings) {
        this.settings = settings;
    }

    @Override
    public List<Decision> round(Round round) {
        long now = round.nowMs();
        history.update(round.processes(), now, settings.intervalMs());
        if (!round.moverIdle()) {
            return List.of();
        }
        List<RangeHistory.Entry> all = history.all();
        if (settings.swapOutMs() > 0) {
            List<Decision> d = move(round, all, e -> e.lastChangedMs < now - settings.swapOutMs(), PolicySettings.SWAP,
                    "age: idle for " + settings.swapOutMs() + " ms");
            if (!d.isEmpty()) {
                return d;
            }
        }
        if (settings.idleDurationMs() > 0 && !settings.idleNumas().isEmpty()) {
            List<Decision> d = move(round, all, e -> e.lastChangedMs < now - settings.idleDurationMs(),
                    settings.idleNumas().get(0), "age: idle for " + settings.idleDurationMs() + " ms");
            if (!d.isEmpty()) {
                return d;
            }
        }
        if (settings.activeDurationMs() > 0 && !settings.activeNumas().isEmpty()) {
            long rounds = settings.activeDurationMs() / settings.intervalMs() + 1;
            long mask = rounds >= 63 ? -1L : (1L << rounds) - 1;
            return move(round, all, e -> (e.lastRounds & mask) == mask, settings.activeNumas().get(0),
                    "age: active for " + settings.activeDurationMs() + " ms");
        }
        return List.of();
    }

    /** Ranges passing {@code select} that are resident and not on {@code dest}, merged, over 100 pages each. */
    static List<Decision> move(Round round, List<RangeHistory.Entry> all, Predicate<RangeHistory.Entry> select, int dest,
                               String reason) {
        List<RangeHistory.Entry> chosen = all.stream().filter(select).filter(e -> movable(e.node, dest)).toList();
        Moves moves = new Moves(round);
        for (RangeHistory.Entry e : RangeHistory.merged(chosen, round.pageSize())) {
            if (e.pages > MIN_PAGES) {
                moves.add(e.task, e.pid, e.start, e.pages, dest);
            }
        }
        return moves.decisions(reason);
    }

    /**
     * memtierd moves only present pages not already on the destination: a range known to be on a node
     * other than {@code dest} (for swap, on any node). Ranges in swap or of unknown place stay.
     */
    static boolean movable(int node, int dest) {
        return node >= 0 && node != dest && node != RangeCounter.NODE_SWAP;
    }
}
