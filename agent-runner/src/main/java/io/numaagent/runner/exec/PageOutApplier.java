package io.numaagent.runner.exec;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SwapOut;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link SwapOut}: {@code process_madvise(MADV_PAGEOUT)} over the decision's ranges through
 * a pidfd, which reclaims them (anonymous pages to swap, clean file pages dropped). Paced like page
 * moves: the ranges go in calls of at most one batch of pages (and {@link #MAX_IOVECS} ranges), each
 * waiting on the shared bandwidth budget and the plugin's own pace first; the cycle's migration time is
 * checked before every call, and what it leaves undone is named in the outcome.
 */
final class PageOutApplier {

    private static final Logger LOG = LoggerFactory.getLogger(PageOutApplier.class);
    /** The kernel's IOV_MAX: ranges one process_madvise call takes at most. */
    static final int MAX_IOVECS = 1024;

    private final Syscalls syscalls;
    private final Sleeper sleeper;
    private final BandwidthLimiter limiter;
    private final int batchPages;

    PageOutApplier(Syscalls syscalls, Sleeper sleeper, BandwidthLimiter limiter, int batchPages) {
        this.syscalls = syscalls;
        this.sleeper = sleeper;
        this.limiter = limiter;
        this.batchPages = batchPages;
    }

    /** @param own the deciding plugin's own pace, or {@code null} */
    Outcome apply(Cycle c, SwapOut so, BandwidthLimiter own) {
        long start = sleeper.nanoTime();
        long page = syscalls.pageSize();
        List<List<PageRange>> calls = calls(so.ranges(), page);
        long wanted = so.ranges().stream().mapToLong(PageRange::length).sum();
        int pidfd;
        long t0 = sleeper.nanoTime();
        try {
            pidfd = syscalls.pidfdOpen(so.pid(), 0);
        } catch (SyscallException e) {
            return failed(c, so, e, start, sleeper.nanoTime() - t0);
        }
        long longest = sleeper.nanoTime() - t0;
        long done = 0;
        long attempted = 0;
        String cut = "";
        boolean outOfTime = false;
        try {
            for (List<PageRange> call : calls) {
                if (c.outOfMigrationTime(sleeper.nanoTime())) {
                    cut = "; migration time of this cycle used up, " + (wanted - attempted) + " bytes not paged out";
                    outOfTime = true;
                    break;
                }
                long bytes = call.stream().mapToLong(PageRange::length).sum();
                try {
                    limiter.acquire(bytes);
                    if (own != null) {
                        own.acquire(bytes);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cut = "; interrupted, " + (wanted - attempted) + " bytes not paged out";
                    break;
                }
                t0 = sleeper.nanoTime();
                try {
                    done += syscalls.processMadvise(pidfd, call.stream().mapToLong(PageRange::start).toArray(),
                            call.stream().mapToLong(PageRange::length).toArray(), Syscalls.MADV_PAGEOUT, 0);
                } catch (SyscallException e) {
                    longest = Math.max(longest, sleeper.nanoTime() - t0);
                    if (done == 0) {
                        return failed(c, so, e, start, longest);
                    }
                    cut = "; then " + e.detail(so.pid(), e.call() + " of pid " + so.pid());
                    attempted += bytes;
                    break;
                }
                longest = Math.max(longest, sleeper.nanoTime() - t0);
                attempted += bytes;
            }
        } finally {
            try {
                syscalls.close(pidfd);
            } catch (SyscallException e) {
                LOG.warn("closing pidfd {} of pid {}: {}", pidfd, so.pid(), e.getMessage());
            }
        }
        return new Outcome(c.sequence(), so, Outcome.Status.APPLIED, "paged out " + done + " of " + wanted
                + " bytes of pid " + so.pid() + cut, null, done / page, (attempted - done) / page,
                sleeper.nanoTime() - start, longest, outOfTime);
    }

    /** The ranges cut into calls of at most {@link #batchPages} pages and {@link #MAX_IOVECS} ranges. */
    private List<List<PageRange>> calls(List<PageRange> ranges, long page) {
        long limit = (long) batchPages * page;
        List<List<PageRange>> calls = new ArrayList<>();
        List<PageRange> call = new ArrayList<>();
        long inCall = 0;
        for (PageRange r : ranges) {
            long at = r.start();
            long left = r.length();
            while (left > 0) {
                if (inCall == limit || call.size() == MAX_IOVECS) {
                    calls.add(call);
                    call = new ArrayList<>();
                    inCall = 0;
                }
                long take = Math.min(left, limit - inCall);
                call.add(new PageRange(at, take));
                inCall += take;
                at += take;
                left -= take;
            }
        }
        if (!call.isEmpty()) {
            calls.add(call);
        }
        return calls;
    }

    private Outcome failed(Cycle c, SwapOut so, SyscallException e, long start, long longest) {
        return new Outcome(c.sequence(), so, Outcome.Status.FAILED, e.detail(so.pid(), e.call() + " of pid " + so.pid()),
                e.errnoName(), 0, 0, sleeper.nanoTime() - start, longest);
    }
}
