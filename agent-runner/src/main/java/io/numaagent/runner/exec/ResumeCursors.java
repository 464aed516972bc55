package io.numaagent.runner.exec;

import io.numaagent.api.decision.PageRange;
import io.numaagent.api.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where unfinished {@code move_pages} walks stopped, kept across cycles, and the order in which a
 * walk that resumes goes over its processes. Keys are "migrate-memory TASK" or "move-pages TASK pid
 * PID": at most one cursor per task (and per process for move-pages), dropped when the walk gets
 * round or its task or process leaves the snapshot.
 */
final class ResumeCursors {

    /**
     * Where an unfinished walk stopped: the next cycle's walk over the same task (and, for
     * move-pages, the same ranges) starts at {@code address} of {@code pid}.
     *
     * @param ranges the decision's ranges, or {@code null} for a walk over the mappings of the task
     */
    record Cursor(String task, int pid, long address, List<PageRange> ranges) {
    }

    /** Part of a walk: some (start, pages) spans of one process. */
    record Segment(int pid, List<long[]> spans) {
    }

    private final Map<String, Cursor> cursors = new HashMap<>();

    /**
     * The cursor under {@code walkKey} if it still fits the walk: same ranges, and its process
     * still among {@code pids}; otherwise {@code null} (the walk starts from the beginning).
     */
    Cursor resumable(String walkKey, List<PageRange> ranges, Collection<Integer> pids) {
        Cursor from = cursors.get(walkKey);
        return from != null && Objects.equals(from.ranges(), ranges) && pids.contains(from.pid()) ? from : null;
    }

    void put(String walkKey, Cursor cursor) {
        cursors.put(walkKey, cursor);
    }

    void remove(String walkKey) {
        cursors.remove(walkKey);
    }

    /** A cursor is only worth keeping while its process is still part of its task. */
    void dropStale(Snapshot snapshot) {
        cursors.values().removeIf(cur -> snapshot.task(cur.task()).map(t -> !t.pids().contains(cur.pid())).orElse(true));
    }

    /** The cursors, for tests: "key at pid:0xaddress", sorted. */
    List<String> describe() {
        return cursors.entrySet().stream()
                .map(e -> e.getKey() + " at " + e.getValue().pid() + ":0x" + Long.toHexString(e.getValue().address()))
                .sorted().toList();
    }

    /**
     * The walk of one cycle over {@code spansOf} (in its iteration order): every process in order;
     * or, resuming at {@code from}, its process from the cursor's address on, the processes after
     * it, then (wrapped around) those before it and the first part of its own process up to the
     * cursor.
     */
    static List<Segment> walkOrder(Map<Integer, List<long[]>> spansOf, Cursor from, long page) {
        List<Segment> order = new ArrayList<>();
        if (from == null) {
            spansOf.forEach((pid, spans) -> order.add(new Segment(pid, spans)));
            return order;
        }
        List<Integer> pids = new ArrayList<>(spansOf.keySet());
        int i = pids.indexOf(from.pid());
        order.add(new Segment(from.pid(), clip(spansOf.get(from.pid()), from.address(), true, page)));
        for (int k = 1; k < pids.size(); k++) {
            int pid = pids.get((i + k) % pids.size());
            order.add(new Segment(pid, spansOf.get(pid)));
        }
        order.add(new Segment(from.pid(), clip(spansOf.get(from.pid()), from.address(), false, page)));
        return order;
    }

    /**
     * The pages of {@code spans} at or above {@code address} ({@code above}), or below it. The
     * mappings may have changed since the cursor was set: a cursor in a gap simply resumes at the
     * next mapping.
     */
    private static List<long[]> clip(List<long[]> spans, long address, boolean above, long page) {
        List<long[]> result = new ArrayList<>();
        for (long[] span : spans) {
            long end = span[0] + span[1] * page;
            boolean before = Long.compareUnsigned(end, address) <= 0;
            boolean after = Long.compareUnsigned(span[0], address) >= 0;
            if (above ? after : before) {
                result.add(span);
            } else if (!before && !after) {
                result.add(above ? new long[] {address, (end - address) / page}
                        : new long[] {span[0], (address - span[0]) / page});
            }
        }
        return result;
    }
}
