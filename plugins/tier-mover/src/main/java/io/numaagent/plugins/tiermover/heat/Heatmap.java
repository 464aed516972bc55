package io.numaagent.plugins.tiermover.heat;

import io.numaagent.plugins.tiermover.config.HeatmapSettings;
import io.numaagent.api.tracking.RangeCounter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * memtierd's heatmap: per process, address ranges that never overlap, each with a heat per page,
 * when it was first seen and last updated. A new count for a range adds its heat per page to the
 * decayed heat of every part of the map it overlaps ({@code heat = new + old * retention^seconds},
 * clamped to {@code heatMax}); parts of the map it does not cover keep their heat and time, parts of
 * it the map did not cover become new ranges. Ranges are split, never merged. A process absent from
 * an update is dropped.
 *
 * <p>An update goes over a process's ranges once per run of counters that are in address order and
 * do not overlap each other (the usual case is one run), which gives exactly the result of memtierd's
 * counter-by-counter update in linear time instead of a sort per counter.
 */
public final class Heatmap {

    private final HeatmapSettings settings;
    private final Map<Integer, List<HeatRange>> pidRanges = new TreeMap<>();
    private final long pageSize;

    /**
     * @param settings heat max, retention and classes
     * @param pageSize the snapshot's page size: range lengths are in pages of it
     */
    public Heatmap(HeatmapSettings settings, long pageSize) {
        this.settings = settings;
        this.pageSize = pageSize;
    }

    public HeatmapSettings settings() {
        return settings;
    }

    public long pageSize() {
        return pageSize;
    }

    /**
     * Folds one interval's counters in, then drops the processes that have none.
     *
     * @param countersByPid per process, its counters in tracker order
     * @param nowMs         the update's time, epoch milliseconds
     */
    public void update(Map<Integer, List<RangeCounter>> countersByPid, long nowMs) {
        pidRanges.keySet().retainAll(countersByPid.keySet());
        for (Map.Entry<Integer, List<RangeCounter>> e : countersByPid.entrySet()) {
            List<RangeCounter> counters = e.getValue();
            List<HeatRange> ranges = pidRanges.getOrDefault(e.getKey(), List.of());
            int runStart = 0;
            for (int i = 1; i <= counters.size(); i++) {
                if (i == counters.size() || counters.get(i).start() < counters.get(i - 1).end(pageSize)) {
                    ranges = sweep(ranges, counters.subList(runStart, i), nowMs);
                    runStart = i;
                }
            }
            pidRanges.put(e.getKey(), ranges);
        }
    }

    /**
     * One pass over {@code ranges} with counters in address order that do not overlap each other. The
     * old ranges are updated in place: the list they were in is replaced by the result.
     */
    private List<HeatRange> sweep(List<HeatRange> ranges, List<RangeCounter> counters, long nowMs) {
        List<HeatRange> out = new ArrayList<>(ranges.size() + counters.size());
        int next = 0;
        HeatRange cur = ranges.isEmpty() ? null : ranges.get(next++);
        for (RangeCounter c : counters) {
            double heat = Math.min(settings.heatMax(), (double) c.heat() / c.pages());
            long addr = c.start();
            long end = c.end(pageSize);
            while (cur != null && cur.end(pageSize) <= addr) {
                out.add(cur);
                cur = next < ranges.size() ? ranges.get(next++) : null;
            }
            while (addr < end) {
                if (cur == null || cur.addr >= end) {
                    out.add(new HeatRange(addr, (end - addr) / pageSize, heat, nowMs, nowMs));
                    break;
                }
                if (cur.addr < addr) {
                    // the part of the old range before the counter keeps its heat and times
                    long pages = (addr - cur.addr) / pageSize;
                    out.add(new HeatRange(cur.addr, pages, cur.heat, cur.createdMs, cur.updatedMs).placedAs(cur));
                    cur.addr = addr;
                    cur.pages -= pages;
                }
                if (addr < cur.addr) {
                    // the part of the counter before the old range is new
                    out.add(new HeatRange(addr, (cur.addr - addr) / pageSize, heat, nowMs, nowMs));
                    addr = cur.addr;
                }
                HeatRange rest = null;
                long curEnd = cur.end(pageSize);
                if (end < curEnd) {
                    rest = new HeatRange(end, (curEnd - end) / pageSize, cur.heat, cur.createdMs, cur.updatedMs).placedAs(cur);
                    cur.pages -= rest.pages;
                }
                double seconds = Math.max(0.0, (nowMs - cur.updatedMs) / 1000.0);
                cur.heat = Math.min(settings.heatMax(), heat + cur.heat * Math.pow(settings.heatRetention(), seconds));
                cur.updatedMs = nowMs;
                out.add(cur);
                addr = cur.end(pageSize);
                cur = rest != null ? rest : next < ranges.size() ? ranges.get(next++) : null;
            }
        }
        if (cur != null) {
            out.add(cur);
        }
        while (next < ranges.size()) {
            out.add(ranges.get(next++));
        }
        return out;
    }

    /** memtierd's class of a heat: {@code min(int(classes * heat / heatMax), classes - 1)}. */
    public int heatClass(double heat) {
        return Math.min((int) (settings.heatClasses() * heat / settings.heatMax()), settings.heatClasses() - 1);
    }

    /** Processes in the map, ascending. */
    public List<Integer> pids() {
        return List.copyOf(pidRanges.keySet());
    }

    /** A process's ranges in address order (read-only views of the map's state). */
    public List<HeatRange> ranges(int pid) {
        return Collections.unmodifiableList(pidRanges.getOrDefault(pid, List.of()));
    }

    /** The range holding {@code addr}, or null. */
    public HeatRange rangeAt(int pid, long addr) {
        List<HeatRange> rs = pidRanges.getOrDefault(pid, List.of());
        int lo = 0;
        int hi = rs.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            HeatRange r = rs.get(mid);
            if (r.end(pageSize) <= addr) {
                lo = mid + 1;
            } else if (r.addr > addr) {
                hi = mid - 1;
            } else {
                return r;
            }
        }
        return null;
    }

    /**
     * memtierd's {@code policy -dump heatmap}: {@code heatmap:} and one line per range,
     * {@code pid: PID: N {START-END(PAGES),HEAT,CREATED_NS,AGE_Ss} (class C)} (hex addresses, heat
     * with six decimals, creation in nanoseconds since the epoch, seconds from creation to the last update).
     */
    public String dump() {
        StringBuilder sb = new StringBuilder("heatmap:\n");
        boolean first = true;
        for (Map.Entry<Integer, List<HeatRange>> e : pidRanges.entrySet()) {
            int n = 0;
            for (HeatRange r : e.getValue()) {
                if (!first) {
                    sb.append('\n');
                }
                first = false;
                sb.append(String.format(Locale.ROOT, "pid: %d: %d {%x-%x(%d),%f,%d,%.6fs} (class %d)", e.getKey(), n++,
                        r.addr, r.end(pageSize), r.pages, r.heat, r.createdMs * 1_000_000L,
                        (r.updatedMs - r.createdMs) / 1000.0, heatClass(r.heat)));
            }
        }
        return sb.toString();
    }

    /**
     * One range of the map. Its address, heat and times change only inside the map; a policy may note on
     * it where it placed the range ({@link #place}), which the range's split pieces keep.
     */
    public static final class HeatRange {
        long addr;
        long pages;
        double heat;
        final long createdMs;
        long updatedMs;
        private int placedNode;
        private long placedAtMs = Long.MIN_VALUE;

        HeatRange(long addr, long pages, double heat, long createdMs, long updatedMs) {
            this.addr = addr;
            this.pages = pages;
            this.heat = heat;
            this.createdMs = createdMs;
            this.updatedMs = updatedMs;
        }

        HeatRange placedAs(HeatRange other) {
            placedNode = other.placedNode;
            placedAtMs = other.placedAtMs;
            return this;
        }

        /** Notes that a policy moved this range to {@code node} at {@code atMs}. */
        public void place(int node, long atMs) {
            placedNode = node;
            placedAtMs = atMs;
        }

        /** The node a policy last moved the range to (see {@link #placedAtMs}). */
        public int placedNode() {
            return placedNode;
        }

        /** When a policy last moved the range, or {@code Long.MIN_VALUE} when never. */
        public long placedAtMs() {
            return placedAtMs;
        }

        public long addr() {
            return addr;
        }

        public long pages() {
            return pages;
        }

        public long end(long pageSize) {
            return addr + pages * pageSize;
        }

        /** Heat per page. */
        public double heat() {
            return heat;
        }

        public long createdMs() {
            return createdMs;
        }

        public long updatedMs() {
            return updatedMs;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%x+%d heat %f created %d updated %d", addr, pages, heat, createdMs, updatedMs);
        }
    }
}
