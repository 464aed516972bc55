package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.config.MemorySize;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import io.numaagent.plugins.tiermover.heat.Heatmap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * memtierd's {@code heat} policy. Each round folds the round's counters into the {@link Heatmap}; then,
 * if no earlier move is under way, it places ranges by heat class ({@code heatnumas}):
 *
 * <ul>
 *   <li>{@code fill-fast-free} (what memtierd runs whenever heatnumas lists a node): per process, hottest
 *       range first, a range not on one of its class's nodes goes to the one of them with the most room
 *       left ({@code numasize} minus what the policy counts on it; nodes without a size are unlimited
 *       and score 0, so a limited node with room wins). memtierd needs twice the range's size free on a
 *       limited node (it subtracts the range twice); here the range's size is enough.</li>
 *   <li>{@code no-limits}: per process in address order, ranges updated in the last 10 s and first seen at
 *       least 20 s ago go to the first node of their class.</li>
 * </ul>
 *
 * Where a range is: the node the tracker last reported at the range's start (memtierd looks at the start
 * address too), or the destination of this policy's own move until a later count reports it. memtierd
 * counts the pages on each node as it discovers them and never forgets them; here they are counted afresh
 * each round over the heatmap's ranges.
 */
public final class HeatPolicy implements TieringPolicy {

    static final long FRESH_MS = 10_000;
    static final long STABLE_MS = 20_000;

    private final PolicySettings.Heat settings;
    private Heatmap heatmap;
    private final Locations locations = new Locations();

    public HeatPolicy(PolicySettings.Heat settings) {
        this.settings = settings;
    }

    /** The heatmap (null before the first round). */
    public Heatmap heatmap() {
        return heatmap;
    }

    @Override
    public List<Decision> round(Round round) {
        if (heatmap == null) {
            heatmap = new Heatmap(settings.heatmap(), round.pageSize());
        }
        Map<Integer, List<RangeCounter>> counters = new LinkedHashMap<>();
        Map<Integer, String> taskOf = new HashMap<>();
        for (ProcessCounters p : round.processes()) {
            counters.computeIfAbsent(p.pid(), k -> new ArrayList<>()).addAll(p.ranges());
            taskOf.put(p.pid(), p.task());
            locations.learn(p, round.pageSize());
        }
        heatmap.update(counters, round.nowMs());
        locations.retain(counters.keySet());
        if (!round.moverIdle() || settings.heatNumas().isEmpty()) {
            return List.of();
        }
        Moves moves = new Moves(round);
        if (settings.moveMode().equals(PolicySettings.Heat.NO_LIMITS)) {
            noLimits(round, taskOf, moves);
        } else {
            fillFastFree(round, taskOf, moves);
        }
        return moves.decisions("heat");
    }

    /** The node at {@code addr} of {@code pid} as the policy knows it, or {@link RangeCounter#NODE_UNKNOWN}. */
    int nodeAt(int pid, long addr) {
        return locations.nodeAt(pid, addr);
    }

    private void fillFastFree(Round round, Map<Integer, String> taskOf, Moves moves) {
        Map<Integer, Long> size = new HashMap<>();
        for (List<Integer> nodes : settings.heatNumas().values()) {
            nodes.forEach(n -> size.put(n, -1L));
        }
        for (Map.Entry<Integer, MemorySize> e : settings.numaSize().entrySet()) {
            NumaNode node = round.nodes().stream().filter(n -> n.id() == e.getKey()).findFirst().orElse(null);
            long bytes = node != null ? e.getValue().bytesOn(node) : e.getValue().bytes();
            size.put(e.getKey(), Math.max(0, bytes) / round.pageSize());
        }
        Map<Integer, Long> used = new HashMap<>();
        for (int pid : heatmap.pids()) {
            for (Heatmap.HeatRange hr : heatmap.ranges(pid)) {
                int node = placeOf(pid, hr.addr());
                used.merge(node, hr.pages(), Long::sum);
            }
        }
        for (int pid : heatmap.pids()) {
            List<Heatmap.HeatRange> hotFirst = new ArrayList<>(heatmap.ranges(pid));
            hotFirst.sort(Comparator.comparingDouble(Heatmap.HeatRange::heat).reversed()
                    .thenComparingLong(Heatmap.HeatRange::addr));
            for (Heatmap.HeatRange hr : hotFirst) {
                List<Integer> numas = settings.heatNumas().get(heatmap.heatClass(hr.heat()));
                if (numas == null || numas.isEmpty()) {
                    continue;
                }
                int current = placeOf(pid, hr.addr());
                if (current == RangeCounter.NODE_UNKNOWN || numas.contains(current)) {
                    continue;
                }
                int dest = Integer.MIN_VALUE;
                long destFree = -1;
                for (int cand : numas) {
                    long s = size.getOrDefault(cand, -1L);
                    long free = s < 0 ? 0 : s - used.getOrDefault(cand, 0L) - hr.pages();
                    if (free > destFree) {
                        dest = cand;
                        destFree = free;
                    }
                }
                if (dest == Integer.MIN_VALUE) {
                    continue;
                }
                if (size.getOrDefault(dest, -1L) >= 0 && destFree < 0) {
                    continue;
                }
                if (current == RangeCounter.NODE_SWAP && dest == PolicySettings.SWAP) {
                    continue;
                }
                if (current == RangeCounter.NODE_SWAP) {
                    // memtierd moves present pages only: swapped-out pages stay until they are faulted in
                    continue;
                }
                moves.add(taskOf.get(pid), pid, hr.addr(), hr.pages(), dest);
                used.merge(dest, hr.pages(), Long::sum);
                used.merge(current, -hr.pages(), Long::sum);
                remember(pid, hr, dest == PolicySettings.SWAP ? RangeCounter.NODE_SWAP : dest, round.nowMs());
            }
        }
    }

    private void noLimits(Round round, Map<Integer, String> taskOf, Moves moves) {
        long now = round.nowMs();
        for (int pid : heatmap.pids()) {
            for (Heatmap.HeatRange hr : heatmap.ranges(pid)) {
                if (now - hr.updatedMs() > FRESH_MS || now - hr.createdMs() < STABLE_MS) {
                    continue;
                }
                List<Integer> numas = settings.heatNumas().get(heatmap.heatClass(hr.heat()));
                if (numas == null || numas.isEmpty()) {
                    continue;
                }
                int dest = numas.get(0);
                if (!AgePolicy.movable(placeOf(pid, hr.addr()), dest)) {
                    continue;
                }
                moves.add(taskOf.get(pid), pid, hr.addr(), hr.pages(), dest);
                remember(pid, hr, dest == PolicySettings.SWAP ? RangeCounter.NODE_SWAP : dest, now);
            }
        }
    }

    private int placeOf(int pid, long addr) {
        return locations.nodeAt(pid, addr);
    }

    private void remember(int pid, Heatmap.HeatRange hr, int node, long nowMs) {
        locations.moved(pid, hr.addr(), hr.end(heatmap.pageSize()), node, nowMs);
    }
}
