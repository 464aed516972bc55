package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.AccessCounters;
import io.numaagent.runner.host.HostPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin's tracking: its tracker lanes (one, or one per part of {@code multi}), the pids it is asked
 * to track (with the task of each), and the scan thread that runs each lane at its interval. The loop
 * thread hands over pids ({@link #want}) and takes windows ({@link #seal}, {@link #delivered}); the scan
 * thread owns the trackers. A process that exits, or whose pid is reused (its start time in
 * {@code /proc/PID/stat} changed), costs only its own counters.
 */
final class TrackerRun implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerRun.class);

    /** A tracker and when it scans next. */
    private static final class Lane {
        final int index;
        final TrackerFactory.Maker maker;
        PageTracker tracker;
        long nextMs;
        boolean failing;
        final Map<Integer, Map<CounterWindow.Key, Long>> firstSeen = new HashMap<>();

        Lane(int index, TrackerFactory.Maker maker) {
            this.index = index;
            this.maker = maker;
        }
    }

    private final String plugin;
    private final HostPaths paths;
    private final long pageSize;
    private final LongSupplier nowMs;
    private final ScanObserver observer;
    private final List<Lane> lanes = new ArrayList<>();
    private final Object lock = new Object();
    /** Guarded by lock: what the loop wants tracked, pid to task. */
    private Map<Integer, String> wanted = Map.of();
    private boolean wantChanged;
    private boolean stopping;
    private CounterWindow current;
    private CounterWindow pending;
    /** Scan thread only. */
    private Map<Integer, String> tracking = Map.of();
    private final Map<Integer, String> startTimes = new HashMap<>();
    private long pagesScanned;
    private long scansDone;
    private Thread thread;
    /** What closed trackers could not stop in the kernel (guarded by lock). */
    private final List<String> unreleased = new ArrayList<>();

    TrackerRun(String plugin, List<TrackerFactory.Maker> makers, HostPaths paths, long pageSize, LongSupplier nowMs,
               ScanObserver observer) {
        this.plugin = plugin;
        this.paths = paths;
        this.pageSize = pageSize;
        this.nowMs = nowMs;
        this.observer = observer;
        for (int i = 0; i < makers.size(); i++) {
            lanes.add(new Lane(i, makers.get(i)));
            observer.trackerStarted(plugin, makers.get(i).kind());
        }
        this.current = new CounterWindow(nowMs.getAsLong());
    }

    /** Tracks these pids (pid to task) from now on; starts the scan thread on first use. */
    void want(Map<Integer, String> pids) {
        synchronized (lock) {
            if (stopping || pids.equals(wanted)) {
                return;
            }
            wanted = Map.copyOf(pids);
            wantChanged = true;
            lock.notifyAll();
            if (thread == null && !pids.isEmpty()) {
                thread = new Thread(this, "numa-agent-tracker-" + plugin);
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /** The counters since the plugin last decided: the current window is sealed into the pending one. */
    List<AccessCounters> seal() {
        synchronized (lock) {
            if (pending == null) {
                pending = current;
            } else {
                pending.absorb(current);
            }
            current = new CounterWindow(nowMs.getAsLong());
            return pending.counters(plugin, pageSize);
        }
    }

    /** The plugin saw the sealed window: the next one starts where it ended. */
    void delivered() {
        synchronized (lock) {
            pending = null;
        }
    }

    /**
     * Waits until a scan that started after this call has completed (or {@code timeoutMs} passed, or
     * nothing is tracked).
     */
    void awaitScan(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (lock) {
            long target = scansDone + 2; // the one in progress may have begun before the call
            while (scansDone < target && !stopping && !wanted.isEmpty()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                lock.wait(left);
            }
        }
    }

    /** Pages read by the scans so far (for figures). */
    long pagesScanned() {
        synchronized (lock) {
            return pagesScanned;
        }
    }

    @Override
    public void run() {
        try {
            for (Lane l : lanes) {
                l.nextMs = nowMs.getAsLong();
            }
            while (true) {
                Map<Integer, String> want;
                synchronized (lock) {
                    if (stopping) {
                        return;
                    }
                    want = wantChanged ? wanted : null;
                    wantChanged = false;
                }
                if (want != null) {
                    retrack(want);
                }
                Lane next = lanes.stream().min((a, b) -> Long.compare(a.nextMs, b.nextMs)).orElseThrow();
                long wait = next.nextMs - nowMs.getAsLong();
                if (wait <= 0) {
                    retrackReused();
                }
                if (wait > 0) {
                    synchronized (lock) {
                        if (!stopping && !wantChanged) {
                            lock.wait(wait);
                        }
                    }
                    continue;
                }
                scan(next);
            }
        } catch (InterruptedException e) {
            // stop() interrupts a scan in progress
        } finally {
            Thread.interrupted(); // closing writes to sysfs (DAMON off): an interrupted channel would refuse
            lanes.forEach(this::closeTracker);
        }
    }

    /** Applies a new pid set; a pid whose process changed is dropped first, then tracked afresh. */
    private void retrack(Map<Integer, String> want) throws InterruptedException {
        Set<Integer> reused = new HashSet<>();
        Map<Integer, String> starts = new HashMap<>();
        for (int pid : want.keySet()) {
            String st = startTime(pid);
            starts.put(pid, st);
            if (tracking.containsKey(pid) && !st.equals(startTimes.get(pid))) {
                reused.add(pid);
            }
        }
        Set<Integer> dropped = new HashSet<>(tracking.keySet());
        dropped.removeAll(want.keySet());
        dropped.addAll(reused);
        if (!dropped.isEmpty()) {
            forget(dropped);
            Set<Integer> keep = new HashSet<>(tracking.keySet());
            keep.removeAll(dropped);
            trackAll(keep);
        }
        startTimes.clear();
        startTimes.putAll(starts);
        tracking = Map.copyOf(want);
        observer.processes(plugin, tracking.size());
        trackAll(want.keySet());
    }

    /** Pids whose process changed since they were tracked are dropped and tracked afresh. */
    private void retrackReused() throws InterruptedException {
        Set<Integer> reused = new HashSet<>();
        for (int pid : tracking.keySet()) {
            String st = startTime(pid);
            if (!st.isEmpty() && !st.equals(startTimes.get(pid))) {
                reused.add(pid);
                startTimes.put(pid, st);
            }
        }
        if (!reused.isEmpty()) {
            LOG.debug("plugin {}: pids {} now belong to other processes; tracking them afresh", plugin, reused);
            forget(reused);
            Set<Integer> keep = new HashSet<>(tracking.keySet());
            keep.removeAll(reused);
            trackAll(keep);
            trackAll(tracking.keySet());
        }
    }

    /**
     * The scan without the pids whose process changed since the check before it: a pid that exited and
     * was reused between that check and the scan's reads gave the new process's ranges, which must not
     * join the old process's window. They are dropped and tracked afresh ({@link #retrackReused}).
     * Checked after the reads, so a start time still equal means the ranges were the tracked process's.
     */
    private PageTracker.Scan withoutReused(PageTracker.Scan s) throws InterruptedException {
        boolean changed = false;
        for (int pid : s.counts().keySet()) {
            String st = startTime(pid);
            if (!st.isEmpty() && !st.equals(startTimes.get(pid))) {
                changed = true;
                break;
            }
        }
        if (!changed) {
            return s;
        }
        Map<Integer, String> before = new HashMap<>(startTimes);
        retrackReused();
        Map<Integer, List<PageTracker.Count>> kept = new LinkedHashMap<>(s.counts());
        kept.keySet().removeIf(pid -> !Objects.equals(before.get(pid), startTimes.get(pid)));
        return new PageTracker.Scan(kept, s.gone(), s.pagesScanned(), s.countNanos());
    }

    private void trackAll(Set<Integer> pids) throws InterruptedException {
        for (Lane l : lanes) {
            if (ensure(l)) {
                try {
                    l.tracker.track(pids);
                } catch (IOException e) {
                    fail(l, e);
                }
            }
        }
    }

    private void forget(Set<Integer> pids) {
        synchronized (lock) {
            pids.forEach(p -> {
                current.drop(p);
                if (pending != null) {
                    pending.drop(p);
                }
            });
        }
        lanes.forEach(l -> pids.forEach(l.firstSeen::remove));
    }

    /** Creates the lane's tracker if needed; false (logged once) when it cannot be created now. */
    private boolean ensure(Lane l) {
        if (l.tracker != null) {
            return true;
        }
        try {
            l.tracker = l.maker.make();
            return true; // still "failing" until a scan succeeds: a retry that fails again logs nothing
        } catch (IOException e) {
            fail(l, e);
            return false;
        }
    }

    private void fail(Lane l, IOException e) {
        synchronized (lock) {
            if (stopping) {
                return; // an interrupted read on the way out, not a failing tracker
            }
        }
        observer.failed(plugin, l.maker.kind());
        if (!l.failing) {
            LOG.error("tracker {} of plugin {} cannot work: {}; retrying every scan interval", l.maker.kind(), plugin,
                    e.getMessage());
        }
        l.failing = true;
        closeTracker(l);
    }

    /** Closes a lane's tracker, keeping what it could not stop in the kernel for {@link #stop}'s report. */
    private void closeTracker(Lane l) {
        if (l.tracker != null) {
            l.tracker.close();
            List<String> left = l.tracker.unreleased();
            synchronized (lock) {
                unreleased.addAll(left);
            }
            l.tracker = null;
        }
    }

    private void scan(Lane l) throws InterruptedException {
        long interval = l.maker.scanIntervalMs();
        long start = nowMs.getAsLong();
        l.nextMs = Math.max(l.nextMs + interval, start + 1);
        if (tracking.isEmpty()) {
            return;
        }
        if (l.tracker == null) {
            if (!ensure(l)) {
                return;
            }
            try {
                l.tracker.track(tracking.keySet());
            } catch (IOException e) {
                fail(l, e);
                return;
            }
        }
        PageTracker.Scan s;
        long t0 = System.nanoTime();
        try {
            s = l.tracker.scan();
        } catch (IOException e) {
            fail(l, e);
            return;
        }
        observer.scanned(plugin, l.maker.kind(), System.nanoTime() - t0, s.pagesScanned());
        s = withoutReused(s);
        if (LOG.isDebugEnabled()) {
            // the scan-rate figure of the benchmark (e2e bench-tracker-scan-rate) is read from this line
            LOG.debug("scan: tracker {} of plugin {} read {} pages of {} pids in {} us (count pass {} us)",
                    l.maker.kind(), plugin, s.pagesScanned(), s.counts().size(), (System.nanoTime() - t0) / 1000,
                    s.countNanos() / 1000);
        }
        if (l.failing) {
            LOG.info("tracker {} of plugin {} works again", l.maker.kind(), plugin);
            l.failing = false;
        }
        if (!s.gone().isEmpty()) {
            LOG.debug("tracker {} of plugin {}: pids gone {}", l.maker.kind(), plugin, s.gone());
        }
        Map<Integer, Map<CounterWindow.Key, Long>> seen = new LinkedHashMap<>();
        s.counts().forEach((pid, counts) -> {
            Map<CounterWindow.Key, Long> before = l.firstSeen.getOrDefault(pid, Map.of());
            Map<CounterWindow.Key, Long> now = new HashMap<>();
            counts.forEach(c -> {
                CounterWindow.Key k = new CounterWindow.Key(c.start(), c.pages());
                now.put(k, before.getOrDefault(k, start));
            });
            seen.put(pid, now);
        });
        l.firstSeen.putAll(seen);
        s.gone().forEach(l.firstSeen::remove);
        long end = nowMs.getAsLong();
        synchronized (lock) {
            current.add(l.index, l.tracker.summed(), s, tracking, seen, end);
            pagesScanned += s.pagesScanned();
            scansDone++;
            lock.notifyAll();
        }
    }

    /** Field 22 of {@code /proc/PID/stat}, the process's start time; "" when it cannot be read. */
    private String startTime(int pid) {
        try {
            return io.numaagent.runner.host.ProcParsers.startTime(Files.readString(paths.proc(pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Stops the scan thread (interrupting a scan) and waits for it to close the trackers (at most 10 s).
     *
     * @return what was left running: a scan thread that did not end, kdamonds not turned off; empty after a clean stop
     */
    List<String> stop() {
        Thread t;
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> left = new ArrayList<>();
        if (t != null && t.isAlive()) {
            left.add("the tracker scan thread of plugin " + plugin + " did not end within 10 s");
        }
        synchronized (lock) {
            unreleased.forEach(u -> left.add("plugin " + plugin + ": " + u));
        }
        return left;
    }
}
