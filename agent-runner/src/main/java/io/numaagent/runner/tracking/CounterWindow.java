package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.AccessCounters;
import io.numaagent.api.tracking.RangeCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one plugin's tracker counted in one window: per lane (a tracker; several for {@code multi}) and
 * pid, a counter per range (start, pages). Counts of a summed lane add up over the window's scans; those
 * of a lane that reports a constant (finder) are replaced by the latest scan. Not thread-safe: the
 * {@link TrackerService} guards it.
 */
final class CounterWindow {

    /** One range's counts in the window. */
    static final class Acc {
        long accesses;
        long reads;
        long writes;
        long sinceMs;
        int node;
    }

    record Key(long start, long pages) {
    }

    final long startMs;
    long endMs;
    int scans;
    /** lane to pid to range to counts; per lane whether its counts add up. */
    private final Map<Integer, Map<Integer, Map<Key, Acc>>> lanes = new LinkedHashMap<>();
    private final Map<Integer, Boolean> summed = new HashMap<>();
    private final Map<Integer, String> taskOf = new HashMap<>();

    CounterWindow(long startMs) {
        this.startMs = startMs;
        this.endMs = startMs;
    }

    /** Folds one scan of a lane in; {@code firstSeenMs} gives when each range was first seen by that lane. */
    void add(int lane, boolean laneSummed, PageTracker.Scan scan, Map<Integer, String> tasks,
             Map<Integer, Map<Key, Long>> firstSeenMs, long scanEndMs) {
        summed.put(lane, laneSummed);
        Map<Integer, Map<Key, Acc>> byPid = lanes.computeIfAbsent(lane, l -> new LinkedHashMap<>());
        scan.counts().forEach((pid, counts) -> {
            String task = tasks.get(pid);
            if (task == null) {
                return; // dropped from tracking while it was scanned
            }
            taskOf.put(pid, task);
            Map<Key, Acc> ranges = byPid.computeIfAbsent(pid, p -> new LinkedHashMap<>());
            if (!laneSummed) {
                ranges.clear();
            }
            Map<Key, Long> seen = firstSeenMs.getOrDefault(pid, Map.of());
            for (PageTracker.Count c : counts) {
                Key k = new Key(c.start(), c.pages());
                Acc a = ranges.computeIfAbsent(k, x -> new Acc());
                a.accesses += c.accesses();
                a.reads += c.reads();
                a.writes += c.writes();
                a.node = c.node();
                a.sinceMs = Math.max(startMs, seen.getOrDefault(k, startMs));
            }
        });
        scans++;
        endMs = Math.max(endMs, scanEndMs);
    }

    /** Forgets a pid (it exited, or its number now belongs to another process). */
    void drop(int pid) {
        lanes.values().forEach(m -> m.remove(pid));
        taskOf.remove(pid);
    }

    /** Adds a later window into this one (the plugin did not decide in between). */
    void absorb(CounterWindow later) {
        later.lanes.forEach((lane, byPid) -> {
            boolean sum = later.summed.getOrDefault(lane, true);
            summed.put(lane, sum);
            Map<Integer, Map<Key, Acc>> mine = lanes.computeIfAbsent(lane, l -> new LinkedHashMap<>());
            byPid.forEach((pid, ranges) -> {
                Map<Key, Acc> into = mine.computeIfAbsent(pid, p -> new LinkedHashMap<>());
                if (!sum) {
                    into.clear();
                }
                ranges.forEach((k, a) -> {
                    Acc m = into.get(k);
                    if (m == null) {
                        Acc copy = new Acc();
                        copy.accesses = a.accesses;
                        copy.reads = a.reads;
                        copy.writes = a.writes;
                        copy.node = a.node;
                        copy.sinceMs = a.sinceMs == later.startMs ? startMs : a.sinceMs;
                        into.put(k, copy);
                    } else {
                        m.accesses += a.accesses;
                        m.reads += a.reads;
                        m.writes += a.writes;
                        m.node = a.node;
                    }
                });
            });
        });
        taskOf.putAll(later.taskOf);
        scans += later.scans;
        endMs = Math.max(endMs, later.endMs);
    }

    /** The window as the plugin sees it: per pid, ranges in address order, lanes flattened. */
    List<AccessCounters> counters(String plugin, long pageSize) {
        Map<Integer, List<RangeCounter>> perPid = new LinkedHashMap<>();
        Map<Integer, Integer> lanesOf = new HashMap<>();
        lanes.values().forEach(byPid -> byPid.forEach((pid, ranges) -> {
            List<RangeCounter> list = perPid.computeIfAbsent(pid, p -> new ArrayList<>());
            lanesOf.merge(pid, 1, Integer::sum);
            ranges.forEach((k, a) -> list.add(new RangeCounter(k.start(), k.pages(), a.accesses, a.reads, a.writes,
                    a.sinceMs, a.node)));
        }));
        List<AccessCounters> out = new ArrayList<>();
        perPid.forEach((pid, list) -> {
            List<RangeCounter> ranges = lanesOf.get(pid) > 1 ? Flatten.flatten(list, pageSize) : sorted(list);
            out.add(new AccessCounters(plugin, taskOf.get(pid), pid, startMs, endMs, scans, ranges));
        });
        return out;
    }

    private static List<RangeCounter> sorted(List<RangeCounter> list) {
        list.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return list;
    }
}
