package io.numaagent.runner.exec;

import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.runner.exec.MoveProgress.Stop;
import io.numaagent.runner.exec.ResumeCursors.Cursor;
import io.numaagent.runner.exec.ResumeCursors.Segment;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.ProcMaps;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves pages with {@code move_pages}, walking a task's pages batch by batch: each query of where a
 * batch's pages are is followed at once by the move of those it found elsewhere. The cycle's
 * migration time is checked before every call and only the moves are paced by the shared
 * bandwidth budget, so each cycle moves what its time allows, however large the task. A walk cut
 * short resumes next cycle where it stopped ({@link ResumeCursors}).
 *
 * <p>One instance lives as long as the executor: its cursors are shared across cycles.
 */
final class MovePagesWalker {

    private final HostPaths paths;
    private final Syscalls syscalls;
    private final Sleeper sleeper;
    private final BandwidthLimiter limiter;
    private final ProcessExits exits;
    private final int batch;
    private final long budgetMillis;
    private final ResumeCursors cursors = new ResumeCursors();

    /**
     * @param paths        {@code procfs} for {@code /proc/PID/maps}
     * @param limiter      the bandwidth budget every move is paced by
     * @param batch        addresses per {@code move_pages} call
     * @param budgetMillis the cycle's migration time, named in outcomes when it runs out
     */
    MovePagesWalker(HostPaths paths, Syscalls syscalls, Sleeper sleeper, BandwidthLimiter limiter, ProcessExits exits,
                    int batch, long budgetMillis) {
        this.paths = paths;
        this.syscalls = syscalls;
        this.sleeper = sleeper;
        this.limiter = limiter;
        this.exits = exits;
        this.batch = batch;
        this.budgetMillis = budgetMillis;
    }

    /** Forgets cursors whose process left its task (called once per cycle). */
    void dropStaleCursors(Snapshot snapshot) {
        cursors.dropStale(snapshot);
    }

    /** Resume cursors of unfinished walks, for tests: "key at pid:0xaddress". */
    List<String> resumeCursors() {
        return cursors.describe();
    }

    /**
     * Moves pages of {@code pids} to {@code target}, one batch at a time: a query of where the
     * batch's pages are, then at once one move of those on {@code sources} (any node but the target
     * when {@code null}), paced by the bandwidth budget.
     *
     * <p>A walk that runs out of time (or stops on an error) leaves a cursor under {@code walkKey};
     * the next cycle starts there, goes on to the end of the last process, wraps around to the
     * start once and ends where it began. A walk that gets round drops its cursor.
     *
     * @param ranges page ranges, or {@code null} for every movable mapping in {@code /proc/PID/maps}
     * @param own    the deciding plugin's own pace on top of the shared budget, or {@code null}
     */
    Outcome walk(Cycle c, Decision d, String walkKey, List<Integer> pids, List<PageRange> ranges,
                 int target, NodeSet sources, BandwidthLimiter own) {
        long start = sleeper.nanoTime();
        MoveProgress m = new MoveProgress();
        long page = syscalls.pageSize();
        boolean complete = false;
        long total = 0;
        try {
            // every process's spans up front: the outcome names the walk's size; a process already gone is left out
            Map<Integer, List<long[]>> spansOf = new LinkedHashMap<>();
            for (int pid : pids) {
                try {
                    List<long[]> spans = ranges != null ? rangeSpans(ranges, page) : mappedSpans(m, pid, page);
                    spansOf.put(pid, spans);
                    total += spans.stream().mapToLong(s -> s[1]).sum();
                } catch (Stop stop) {
                    stop.rethrowUnlessGone();
                }
            }
            Cursor from = cursors.resumable(walkKey, ranges, spansOf.keySet());
            Set<Integer> gone = new HashSet<>();
            for (Segment s : ResumeCursors.walkOrder(spansOf, from, page)) {
                if (gone.contains(s.pid())) {
                    continue;
                }
                try {
                    int[] status = new int[batch];
                    inBatches(s.spans(), batch, page,
                            (addrs, n) -> queryAndMove(c, m, s.pid(), addrs, status, n, target, sources, page, own));
                } catch (Stop stop) {
                    stop.rethrowUnlessGone();
                    gone.add(s.pid());
                }
            }
            complete = true;
        } catch (Stop stop) {
            // m says why
        }
        if (complete) {
            cursors.remove(walkKey);
        } else if (m.positioned) {
            cursors.put(walkKey, new Cursor(d.task(), m.atPid, m.atAddress, ranges));
        }
        return m.outcome(c, d, complete, total, target, budgetMillis, sleeper.nanoTime() - start);
    }

    private static List<long[]> rangeSpans(List<PageRange> ranges, long page) {
        List<long[]> spans = new ArrayList<>();
        for (PageRange r : ranges) {
            spans.add(new long[] {r.start(), r.length() / page});
        }
        return spans;
    }

    /** Movable mappings of {@code pid} as (start, pages) spans. */
    private List<long[]> mappedSpans(MoveProgress m, int pid, long page) throws Stop {
        List<ProcMaps.Mapping> maps;
        try {
            maps = ProcMaps.read(paths.procfs(), pid);
        } catch (NoSuchFileException e) {
            SyscallException gone = new SyscallException("open", Errno.ESRCH);
            throw m.stop(gone, gone.detail(pid, "open"));
        } catch (IOException e) {
            int errno = Errno.fromMessage(e.getMessage());
            SyscallException unreadable = new SyscallException("read", errno == 0 ? Errno.EIO : errno);
            throw m.stop(unreadable, unreadable.detail("cannot read maps of pid " + pid + " (" + e.getMessage() + ")"));
        }
        List<long[]> spans = new ArrayList<>();
        for (ProcMaps.Mapping map : maps) {
            if (map.movable()) {
                spans.add(new long[] {map.start(), (map.end() - map.start()) / page});
            }
        }
        return spans;
    }

    /** Work on the first {@code n} addresses of a batch. */
    @FunctionalInterface
    private interface BatchAction {
        void run(long[] addrs, int n) throws Stop;
    }

    /** Walks the pages of (start, pages) {@code spans} in batches of at most {@code batch} addresses. */
    private static void inBatches(List<long[]> spans, int batch, long page, BatchAction action) throws Stop {
        long[] addrs = new long[batch];
        int n = 0;
        for (long[] span : spans) {
            for (long i = 0; i < span[1]; i++) {
                addrs[n++] = span[0] + i * page;
                if (n == batch) {
                    action.run(addrs, n);
                    n = 0;
                }
            }
        }
        if (n > 0) {
            action.run(addrs, n);
        }
    }

    /** Queries where the batch's pages are and moves those on a source node to {@code target}. */
    private void queryAndMove(Cycle c, MoveProgress m, int pid, long[] addrs, int[] status, int n, int target,
                              NodeSet sources, long page, BandwidthLimiter own) throws Stop {
        m.at(pid, addrs[0]);
        checkDeadline(c, m);
        long[] pages = n == addrs.length ? addrs : Arrays.copyOf(addrs, n);
        int[] st = n == status.length ? status : new int[n];
        m.queried += n;
        if (!call(m, pid, pages, null, st, 0, "query")) {
            return;
        }
        long[] found = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int node = st[i];
            if (node >= 0 && node != target && (sources == null || sources.contains(node))) {
                found[k++] = pages[i];
            } else if (node == -Errno.EFAULT) {
                // unmapped since the walk read the mappings, or the zero page: nothing to move
                m.unmapped++;
            }
            // -ENOENT: not present (never touched, or swapped out): nothing to move
        }
        m.found += k;
        if (k == 0) {
            return;
        }
        m.at(pid, found[0]);
        checkDeadline(c, m);
        try {
            limiter.acquire(k * page);
            if (own != null) {
                own.acquire(k * page);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            m.interrupted = true;
            throw new Stop(false);
        }
        long[] move = Arrays.copyOf(found, k);
        int[] nodes = new int[k];
        Arrays.fill(nodes, target);
        int[] moved = new int[k];
        if (!call(m, pid, move, nodes, moved, Syscalls.MPOL_MF_MOVE, "move")) {
            return;
        }
        for (int i = 0; i < k; i++) {
            if (moved[i] == target) {
                m.moved++;
            } else if (moved[i] == -Errno.EACCES) {
                m.shared++; // mapped by other processes too: only MPOL_MF_MOVE_ALL (CAP_SYS_NICE, all of them) moves it
            } else if (moved[i] < 0) {
                m.fail(Errno.name(-moved[i]), 1);
            } else {
                m.fail("on-node-" + moved[i], 1);
            }
        }
    }

    private void checkDeadline(Cycle c, MoveProgress m) throws Stop {
        if (c.outOfMigrationTime(sleeper.nanoTime())) {
            m.outOfTime = true;
            throw new Stop(false);
        }
    }

    /**
     * One move_pages call. Returns false when the whole call failed in a way that concerns only
     * this batch (EFAULT, ENOMEM: its pages count as failed and the walk goes on); throws
     * {@link Stop} on errors that would repeat for every batch (ESRCH: the process is gone, EPERM,
     * EACCES, EINVAL, ENODEV, ...).
     */
    private boolean call(MoveProgress m, int pid, long[] pages, int[] nodes, int[] status, int flags, String what)
            throws Stop {
        long t0 = sleeper.nanoTime();
        try {
            syscalls.movePages(pid, pages, nodes, status, flags);
            return true;
        } catch (SyscallException raw) {
            SyscallException e = exits.exitedAsEsrch(raw, pid);
            if (e.errno() == Errno.EFAULT || e.errno() == Errno.ENOMEM) {
                m.fail(e.errnoName(), pages.length);
                return false;
            }
            throw m.stop(e, e.detail(pid, "move_pages (" + what + ") of pid " + pid));
        } finally {
            m.longestCall = Math.max(m.longestCall, sleeper.nanoTime() - t0);
        }
    }
}
