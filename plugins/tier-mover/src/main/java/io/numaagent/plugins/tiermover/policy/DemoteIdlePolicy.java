package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * memtierd's {@code demote-idle} policy: each round, the ranges with no access since the previous round
 * (scanned at least once) go to the idle node, and are never looked at again (memtierd removes demoted
 * pages from its pages of interest: demotion only, no promotion). memtierd decides per page from the
 * idle bits; here per idlepage region, so a region with one accessed page stays.
 */
public final class DemoteIdlePolicy implements TieringPolicy {

    private final PolicySettings.DemoteIdle settings;
    /** Per process, the start addresses of ranges already demoted. */
    private final Map<Integer, Set<Long>> demoted = new HashMap<>();

    public DemoteIdlePolicy(PolicySettings.DemoteIdle settings) {
        this.settings = settings;
    }

    @Override
    public List<Decision> round(Round round) {
        Set<Integer> present = new HashSet<>();
        round.processes().forEach(p -> present.add(p.pid()));
        demoted.keySet().retainAll(present);
        if (!round.moverIdle()) {
            return List.of();
        }
        int dest = settings.idleNode();
        Moves moves = new Moves(round);
        for (ProcessCounters p : round.processes()) {
            if (p.scans() == 0) {
                continue;
            }
            Set<Long> done = demoted.computeIfAbsent(p.pid(), k -> new HashSet<>());
            for (RangeCounter c : p.ranges()) {
                if (c.heat() == 0 && !done.contains(c.start()) && AgePolicy.movable(c.node(), dest)) {
                    moves.add(p.task(), p.pid(), c.start(), c.pages(), dest);
                    done.add(c.start());
                }
            }
        }
        return moves.decisions("demote-idle: idle for a round");
    }
}
