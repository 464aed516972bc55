package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * memtierd's {@code ratio} policy: per process, the ranges sorted by accesses since they were first seen
 * (then by writes), least accessed first, are taken until {@code ratio} of the process's tracked memory
 * is on the target (swap, or a node), counting what is already there. memtierd counts a range already on
 * the target twice (once as already there, once when taking it), and so moves less than the ratio; here
 * such a range is counted once.
 */
public final class RatioPolicy implements TieringPolicy {

    private final PolicySettings.Ratio settings;
    private final RangeHistory history = new RangeHistory();

    public RatioPolicy(PolicySettings.Ratio settings) {
        this.settings = settings;
    }

    @Override
    public List<Decision> round(Round round) {
        history.update(round.processes(), round.nowMs(), settings.intervalMs());
        if (!round.moverIdle()) {
            return List.of();
        }
        int target = settings.target();
        int onTarget = target == PolicySettings.SWAP ? RangeCounter.NODE_SWAP : target;
        Map<Integer, List<RangeHistory.Entry>> byPid = new LinkedHashMap<>();
        for (RangeHistory.Entry e : history.all()) {
            byPid.computeIfAbsent(e.pid, p -> new ArrayList<>()).add(e);
        }
        List<RangeHistory.Entry> chosen = new ArrayList<>();
        for (List<RangeHistory.Entry> ranges : byPid.values()) {
            long memPages = ranges.stream().mapToLong(e -> e.pages).sum();
            double wanted = settings.ratio() * memPages;
            long moved = ranges.stream().filter(e -> e.node == onTarget).mapToLong(e -> e.pages).sum();
            List<RangeHistory.Entry> coldFirst = new ArrayList<>(ranges);
            coldFirst.sort(Comparator.<RangeHistory.Entry>comparingLong(e -> e.accesses).thenComparingLong(e -> e.writes));
            for (RangeHistory.Entry e : coldFirst) {
                if (moved >= wanted) {
                    break;
                }
                if (e.node == onTarget) {
                    continue;
                }
                moved += e.pages;
                chosen.add(e);
            }
        }
        chosen.sort(Comparator.<RangeHistory.Entry>comparingInt(e -> e.pid).thenComparingLong(e -> e.start));
        return AgePolicy.move(round, chosen, e -> true, target,
                "ratio: least accessed " + Math.round(settings.ratio() * 100) + " % of memory");
    }
}
