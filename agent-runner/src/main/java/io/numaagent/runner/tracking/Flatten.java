package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.RangeCounter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * memtierd's {@code Flattened(nil, nil)} for the {@code multi} tracker (anchors §2.5, its TestFlattened):
 * the counters of one process are cut at every range boundary; each piece carries the sums of the
 * counters covering it (a piece covered by one counter keeps that counter's counts whole). A piece's
 * node is that of the longest covering counter whose node is known; its {@code sinceMs} the latest.
 */
final class Flatten {

    private Flatten() {
    }

    static List<RangeCounter> flatten(List<RangeCounter> counters, long pageSize) {
        if (counters.size() <= 1) {
            return List.copyOf(counters);
        }
        TreeSet<Long> cuts = new TreeSet<>(Long::compareUnsigned);
        for (RangeCounter c : counters) {
            cuts.add(c.start());
            cuts.add(c.end(pageSize));
        }
        List<RangeCounter> sorted = new ArrayList<>(counters);
        sorted.sort(Comparator.comparing(RangeCounter::start, Long::compareUnsigned));
        List<RangeCounter> out = new ArrayList<>();
        Long prev = null;
        for (long cut : cuts) {
            if (prev != null) {
                piece(sorted, prev, cut, pageSize, out);
            }
            prev = cut;
        }
        return out;
    }

    private static void piece(List<RangeCounter> sorted, long from, long to, long pageSize, List<RangeCounter> out) {
        long a = 0;
        long r = 0;
        long w = 0;
        long since = Long.MIN_VALUE;
        int node = RangeCounter.NODE_UNKNOWN;
        long nodePages = -1;
        boolean covered = false;
        for (RangeCounter c : sorted) {
            if (Long.compareUnsigned(c.start(), to) >= 0) {
                break;
            }
            if (Long.compareUnsigned(c.start(), from) <= 0 && Long.compareUnsigned(c.end(pageSize), to) >= 0) {
                covered = true;
                a += c.accesses();
                r += c.reads();
                w += c.writes();
                since = Math.max(since, c.sinceMs());
                if (c.node() != RangeCounter.NODE_UNKNOWN && c.pages() > nodePages) {
                    node = c.node();
                    nodePages = c.pages();
                }
            }
        }
        if (covered) {
            out.add(new RangeCounter(from, (to - from) / pageSize, a, r, w, since, node));
        }
    }
}
