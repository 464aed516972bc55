package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.tracking.RangeCounter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each address range of each process is, as far as the policy knows: the node the tracker last
 * reported, or the destination of the policy's own move until a count taken after that move reports it
 * (memtierd's location cache, {@code AddrDatas}). Ranges never overlap: a newer one cuts older ones.
 */
final class Locations {

    /** [end, node, ms of the policy's move or -1 for a tracker report]. */
    private final Map<Integer, TreeMap<Long, long[]>> byPid = new HashMap<>();

    /** Learns from one process's counters, reported up to {@code windowEndMs}. */
    void learn(ProcessCounters p, long pageSize) {
        TreeMap<Long, long[]> loc = byPid.computeIfAbsent(p.pid(), k -> new TreeMap<>());
        for (RangeCounter c : p.ranges()) {
            long[] known = loc.get(c.start());
            if (known != null && known[2] > p.windowEndMs() && known[0] == c.end(pageSize)) {
                continue; // counted before our own move of the range
            }
            set(loc, c.start(), c.end(pageSize), c.node(), -1);
        }
    }

    /** Records the policy's move of {@code [start, end)} to {@code node} at {@code nowMs}. */
    void moved(int pid, long start, long end, int node, long nowMs) {
        set(byPid.computeIfAbsent(pid, k -> new TreeMap<>()), start, end, node, nowMs);
    }

    /** The node at {@code addr}, or {@link RangeCounter#NODE_UNKNOWN}. */
    int nodeAt(int pid, long addr) {
        TreeMap<Long, long[]> loc = byPid.get(pid);
        Map.Entry<Long, long[]> e = loc == null ? null : loc.floorEntry(addr);
        return e != null && addr < e.getValue()[0] ? (int) e.getValue()[1] : RangeCounter.NODE_UNKNOWN;
    }

    /** Forgets processes not in {@code pids}. */
    void retain(java.util.Collection<Integer> pids) {
        byPid.keySet().retainAll(pids);
    }

    private static void set(TreeMap<Long, long[]> loc, long start, long end, int node, long movedAtMs) {
        Map.Entry<Long, long[]> before = loc.lowerEntry(start);
        if (before != null && before.getValue()[0] > start) {
            long[] v = before.getValue();
            if (v[0] > end) {
                loc.put(end, new long[] {v[0], v[1], v[2]});
            }
            loc.put(before.getKey(), new long[] {start, v[1], v[2]});
        }
        for (Long k : List.copyOf(loc.subMap(start, true, end, false).keySet())) {
            long[] v = loc.remove(k);
            if (v[0] > end) {
                loc.put(end, new long[] {v[0], v[1], v[2]});
            }
        }
        loc.put(start, new long[] {end, node, movedAtMs});
    }
}
