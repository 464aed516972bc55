package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.heat.Heatmap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each heat range of each process is, as far as the heat policy knows (memtierd's location cache,
 * {@code AddrDatas}): the node the tracker reported in the latest counters at the range's start (memtierd
 * also looks at the start), unless the policy moved the range after the last scan of those counters
 * (noted on the range itself, {@link Heatmap.HeatRange#place}).
 */
final class Locations {

    /** One process's latest counters: their ranges as arrays in address order, and when their last scan ended. */
    private record Reported(long[] starts, long[] ends, int[] nodes, long windowEndMs) {
    }

    private final Map<Integer, Reported> byPid = new HashMap<>();

    /** Learns from one process's counters (ranges in address order; overlapping ones are looked up by start). */
    void learn(ProcessCounters p, long pageSize) {
        List<RangeCounter> ranges = p.ranges();
        int n = ranges.size();
        long[] starts = new long[n];
        long[] ends = new long[n];
        int[] nodes = new int[n];
        for (int i = 0; i < n; i++) {
            RangeCounter c = ranges.get(i);
            starts[i] = c.start();
            ends[i] = c.end(pageSize);
            nodes[i] = c.node();
        }
        byPid.put(p.pid(), new Reported(starts, ends, nodes, p.windowEndMs()));
    }

    /**
     * The node of each of a process's heat ranges (in address order), {@link RangeCounter#NODE_UNKNOWN}
     * where not known: one walk over the ranges and the counters together.
     */
    int[] nodesOf(int pid, List<Heatmap.HeatRange> ranges) {
        int[] out = new int[ranges.size()];
        Reported r = byPid.get(pid);
        int j = 0;
        for (int i = 0; i < out.length; i++) {
            Heatmap.HeatRange hr = ranges.get(i);
            if (r != null && hr.placedAtMs() > r.windowEndMs) {
                out[i] = hr.placedNode();
                continue;
            }
            long addr = hr.addr();
            if (r == null) {
                out[i] = RangeCounter.NODE_UNKNOWN;
                continue;
            }
            // the last counter starting at or before addr; counters are in address order
            while (j + 1 < r.starts.length && r.starts[j + 1] <= addr) {
                j++;
            }
            out[i] = j < r.starts.length && r.starts[j] <= addr && addr < r.ends[j] ? r.nodes[j] : RangeCounter.NODE_UNKNOWN;
        }
        return out;
    }

    /** The node at the start of one heat range. */
    int nodeAt(int pid, Heatmap.HeatRange range) {
        Reported r = byPid.get(pid);
        if (r == null) {
            return RangeCounter.NODE_UNKNOWN;
        }
        if (range.placedAtMs() > r.windowEndMs) {
            return range.placedNode();
        }
        int lo = 0;
        int hi = r.starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (r.starts[mid] <= range.addr()) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && range.addr() < r.ends[found] ? r.nodes[found] : RangeCounter.NODE_UNKNOWN;
    }

    /** Forgets processes not in {@code pids}. */
    void retain(java.util.Collection<Integer> pids) {
        byPid.keySet().retainAll(pids);
    }
}
