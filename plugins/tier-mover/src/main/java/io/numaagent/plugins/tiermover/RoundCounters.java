package io.numaagent.plugins.tiermover;

import io.numaagent.api.tracking.AccessCounters;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.policy.ProcessCounters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds up the counters of the snapshots between two policy rounds (each snapshot carries the counts
 * since the previous one): per process and range (start, pages), counts summed, the node of the latest
 * report, the earliest start of counting.
 */
final class RoundCounters {

    private record ProcessKey(String task, int pid) {
    }

    private record RangeKey(long start, long pages) {
    }

    private static final class Sum {
        int scans;
        long windowStartMs = Long.MAX_VALUE;
        long windowEndMs;
        /** The first snapshot's ranges as they came: most rounds have one snapshot, which needs no adding up. */
        List<RangeCounter> only;
        Map<RangeKey, long[]> ranges;
    }

    private final Map<ProcessKey, Sum> sums = new LinkedHashMap<>();

    void add(AccessCounters a) {
        Sum s = sums.computeIfAbsent(new ProcessKey(a.task(), a.pid()), k -> new Sum());
        s.scans += a.scans();
        s.windowStartMs = Math.min(s.windowStartMs, a.windowStartMs());
        s.windowEndMs = Math.max(s.windowEndMs, a.windowEndMs());
        if (s.only == null && s.ranges == null) {
            s.only = a.ranges();
            return;
        }
        if (s.ranges == null) {
            s.ranges = new LinkedHashMap<>();
            s.only.forEach(c -> sum(s, c));
            s.only = null;
        }
        a.ranges().forEach(c -> sum(s, c));
    }

    private static void sum(Sum s, RangeCounter c) {
        long[] v = s.ranges.computeIfAbsent(new RangeKey(c.start(), c.pages()),
                k -> new long[] {0, 0, 0, c.sinceMs(), c.node()});
        v[0] += c.accesses();
        v[1] += c.reads();
        v[2] += c.writes();
        v[3] = Math.min(v[3], c.sinceMs());
        v[4] = c.node();
    }

    /** The sums since the previous call, ranges in address order; starts a new round. */
    List<ProcessCounters> takeRound() {
        List<ProcessCounters> out = new ArrayList<>();
        sums.forEach((k, s) -> {
            if (s.only != null) {
                out.add(new ProcessCounters(k.task(), k.pid(), s.scans, s.windowEndMs, s.only));
                return;
            }
            List<RangeCounter> ranges = new ArrayList<>(s.ranges.size());
            s.ranges.forEach((r, v) -> ranges.add(new RangeCounter(r.start(), r.pages(), v[0], v[1], v[2], v[3], (int) v[4])));
            ranges.sort(Comparator.comparingLong(RangeCounter::start));
            out.add(new ProcessCounters(k.task(), k.pid(), s.scans, s.windowEndMs, ranges));
        });
        sums.clear();
        return out;
    }

    /** Time per scan over the counted windows of a process, ms, or -1 when nothing was scanned yet. */
    static long msPerScan(AccessCounters a) {
        return a.scans() == 0 ? -1 : (a.windowEndMs() - a.windowStartMs()) / a.scans();
    }
}
