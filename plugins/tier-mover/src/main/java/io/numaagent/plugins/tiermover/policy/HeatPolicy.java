package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.config.MemorySize;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import io.numaagent.plugins.tiermover.heat.Heatmap;
import java.util.ArrayList;
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
 *       left ({@code numasize} minus the pages counted on it; nodes without a size are unlimited and
 *       score 0, so a limited node with room wins). memtierd needs twice the range's size free on a
 *       limited node (it subtracts the range twice); here the range's size is enough.</li>
 *   <li>{@code no-limits}: per process in address order, ranges updated in the last 10 s and first seen at
 *       least 20 s ago go to the first node of their class.</li>
 * </ul>
 *
 * Where a range is: see {@link Locations}. memtierd counts the pages on each node as it discovers them and
 * never forgets them; here they are counted afresh each round over the heatmap's ranges.
 */
public final class HeatPolicy implements TieringPolicy {

    static final long FRESH_MS = 10_000;
    static final long STABLE_MS = 20_000;

    private final PolicySettings.Heat settings;
    /** Nodes per heat class, as arrays (null: the class is left where it is). */
    private final int[][] numasByClass;
    private Heatmap heatmap;
    private final Locations locations = new Locations();

    public HeatPolicy(PolicySettings.Heat settings) {
        this.settings = settings;
        this.numasByClass = new int[settings.heatmap().heatClasses()][];
        settings.heatNumas().forEach((cls, nodes) -> {
            if (cls < numasByClass.length && !nodes.isEmpty()) {
                numasByClass[cls] = nodes.stream().mapToInt(Integer::intValue).toArray();
            }
        });
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

    /** The node at the start of the heat range holding {@code addr} of {@code pid}, for tests. */
    int nodeAt(int pid, long addr) {
        Heatmap.HeatRange hr = heatmap.rangeAt(pid, addr);
        return hr == null ? RangeCounter.NODE_UNKNOWN : locations.nodeAt(pid, hr);
    }

    private int[] numas(Heatmap.HeatRange hr) {
        return numasByClass[heatmap.heatClass(hr.heat())];
    }

    private static boolean contains(int[] nodes, int node) {
        for (int n : nodes) {
            if (n == node) {
                return true;
            }
        }
        return false;
    }

    private void fillFastFree(Round round, Map<Integer, String> taskOf, Moves moves) {
        NodeValues size = new NodeValues(-1);
        for (int[] nodes : numasByClass) {
            for (int n : nodes == null ? new int[0] : nodes) {
                size.set(n, -1);
            }
        }
        for (Map.Entry<Integer, MemorySize> e : settings.numaSize().entrySet()) {
            NumaNode node = round.nodes().stream().filter(n -> n.id() == e.getKey()).findFirst().orElse(null);
            long bytes = node != null ? e.getValue().bytesOn(node) : e.getValue().bytes();
            size.set(e.getKey(), Math.max(0, bytes) / round.pageSize());
        }
        // where each range is, and the pages on each node, counted afresh every round
        List<Integer> pids = heatmap.pids();
        List<int[]> nodesByPid = new ArrayList<>(pids.size());
        NodeValues used = new NodeValues(0);
        for (int pid : pids) {
            List<Heatmap.HeatRange> ranges = heatmap.ranges(pid);
            int[] nodes = locations.nodesOf(pid, ranges);
            for (int i = 0; i < nodes.length; i++) {
                used.add(nodes[i], ranges.get(i).pages());
            }
            nodesByPid.add(nodes);
        }
        for (int k = 0; k < pids.size(); k++) {
            int pid = pids.get(k);
            List<Heatmap.HeatRange> ranges = heatmap.ranges(pid);
            int[] nodes = nodesByPid.get(k);
            // only ranges on a node their class does not list can move: order just those, hottest first
            int[] candidates = new int[ranges.size()];
            int count = 0;
            for (int i = 0; i < candidates.length; i++) {
                int[] numas = numas(ranges.get(i));
                int current = nodes[i];
                // unknown: not resident (memtierd finds no present page); swapped out: memtierd moves present pages only
                if (numas != null && current != RangeCounter.NODE_UNKNOWN && current != RangeCounter.NODE_SWAP
                        && !contains(numas, current)) {
                    candidates[count++] = i;
                }
            }
            for (int i : hotFirst(ranges, java.util.Arrays.copyOf(candidates, count))) {
                Heatmap.HeatRange hr = ranges.get(i);
                int[] numas = numas(hr);
                int current = nodes[i];
                int dest = Integer.MIN_VALUE;
                long destFree = -1;
                for (int cand : numas) {
                    long s = size.get(cand);
                    long free = s < 0 ? 0 : s - used.get(cand) - hr.pages();
                    if (free > destFree) {
                        dest = cand;
                        destFree = free;
                    }
                }
                if (dest == Integer.MIN_VALUE || size.get(dest) >= 0 && destFree < 0) {
                    continue;
                }
                moves.add(taskOf.get(pid), pid, hr.addr(), hr.pages(), dest);
                used.add(dest, hr.pages());
                used.add(current, -hr.pages());
                hr.place(dest == PolicySettings.SWAP ? RangeCounter.NODE_SWAP : dest, round.nowMs());
            }
        }
    }

    /** The indexes {@code order} (ascending) of {@code ranges} sorted hottest first, ties in address order (a stable merge sort). */
    private static int[] hotFirst(List<Heatmap.HeatRange> ranges, int[] order) {
        int n = order.length;
        double[] heat = new double[ranges.size()];
        for (int i : order) {
            heat[i] = ranges.get(i).heat();
        }
        int[] buffer = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    buffer[k++] = heat[order[j]] > heat[order[i]] ? order[j++] : order[i++];
                }
                while (i < mid) {
                    buffer[k++] = order[i++];
                }
                while (j < hi) {
                    buffer[k++] = order[j++];
                }
                System.arraycopy(buffer, lo, order, lo, hi - lo);
            }
        }
        return order;
    }

    private void noLimits(Round round, Map<Integer, String> taskOf, Moves moves) {
        long now = round.nowMs();
        for (int pid : heatmap.pids()) {
            List<Heatmap.HeatRange> ranges = heatmap.ranges(pid);
            int[] nodes = locations.nodesOf(pid, ranges);
            for (int i = 0; i < nodes.length; i++) {
                Heatmap.HeatRange hr = ranges.get(i);
                if (now - hr.updatedMs() > FRESH_MS || now - hr.createdMs() < STABLE_MS) {
                    continue;
                }
                int[] numas = numas(hr);
                if (numas == null) {
                    continue;
                }
                int dest = numas[0];
                if (!AgePolicy.movable(nodes[i], dest)) {
                    continue;
                }
                moves.add(taskOf.get(pid), pid, hr.addr(), hr.pages(), dest);
                hr.place(dest == PolicySettings.SWAP ? RangeCounter.NODE_SWAP : dest, now);
            }
        }
    }
}
