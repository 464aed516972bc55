package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.tracking.RangeCounter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * memtierd's per-range bookkeeping of the age and ratio policies: for each (pid, start, pages) the
 * counts added up since the range was first seen (memtierd never resets that tracker), when it was
 * last seen and last changed, and a bit per round saying whether it changed then. A range not seen for
 * two intervals is forgotten.
 */
final class RangeHistory {

    /** One range's history. */
    static final class Entry {
        final String task;
        final int pid;
        final long start;
        final long pages;
        long lastSeenMs;
        long lastChangedMs;
        /** Bit k set: the counts changed k rounds ago. */
        long lastRounds;
        long accesses;
        long reads;
        long writes;
        int node;

        Entry(String task, int pid, long start, long pages) {
            this.task = task;
            this.pid = pid;
            this.start = start;
            this.pages = pages;
        }
    }

    private record Key(int pid, long start, long pages) {
    }

    private final Map<Key, Entry> entries = new HashMap<>();

    /** Folds one round's counters in, then forgets ranges not seen for {@code 2 * intervalMs}. */
    void update(List<ProcessCounters> processes, long nowMs, long intervalMs) {
        for (ProcessCounters p : processes) {
            for (RangeCounter c : p.ranges()) {
                Key k = new Key(p.pid(), c.start(), c.pages());
                Entry e = entries.get(k);
                if (e == null) {
                    e = new Entry(p.task(), p.pid(), c.start(), c.pages());
                    e.lastChangedMs = nowMs;
                    e.lastRounds = 1;
                    entries.put(k, e);
                } else {
                    e.lastRounds <<= 1;
                    if (c.heat() > 0) {
                        // the counters are per round: any count is a change of memtierd's running totals
                        e.lastChangedMs = nowMs;
                        e.lastRounds |= 1;
                    }
                }
                e.lastSeenMs = nowMs;
                e.accesses += c.accesses();
                e.reads += c.reads();
                e.writes += c.writes();
                e.node = c.node();
            }
        }
        entries.values().removeIf(e -> e.lastSeenMs < nowMs - 2 * intervalMs);
    }

    /** Every range, by pid and address. */
    List<Entry> all() {
        List<Entry> out = new ArrayList<>(entries.values());
        out.sort(Comparator.<Entry>comparingInt(e -> e.pid).thenComparingLong(e -> e.start).thenComparingLong(e -> e.pages));
        return out;
    }

    int size() {
        return entries.size();
    }

    /**
     * memtierd's {@code RegionsMerged}: adjacent ranges of one process joined into one, in address order
     * (the joined range keeps the first one's node).
     */
    static List<Entry> merged(List<Entry> sorted, long pageSize) {
        List<Entry> out = new ArrayList<>();
        Entry cur = null;
        long curEnd = 0;
        for (Entry e : sorted) {
            if (cur != null && cur.pid == e.pid && curEnd == e.start) {
                Entry joined = new Entry(cur.task, cur.pid, cur.start, cur.pages + e.pages);
                joined.node = cur.node;
                cur = joined;
            } else {
                if (cur != null) {
                    out.add(cur);
                }
                cur = e;
            }
            curEnd = cur.start + cur.pages * pageSize;
        }
        if (cur != null) {
            out.add(cur);
        }
        return out;
    }
}
