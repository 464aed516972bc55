package io.numaagent.runner.exec;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SwapOut;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link SwapOut}: {@code process_madvise(MADV_PAGEOUT)} over the decision's ranges through
 * a pidfd, which reclaims them (anonymous pages to swap, clean file pages dropped). Not paced by
 * the bandwidth budget.
 */
final class PageOutApplier {

    private static final Logger LOG = LoggerFactory.getLogger(PageOutApplier.class);

    private final Syscalls syscalls;
    private final Sleeper sleeper;

    PageOutApplier(Syscalls syscalls, Sleeper sleeper) {
        this.syscalls = syscalls;
        this.sleeper = sleeper;
    }

    Outcome apply(Cycle c, SwapOut so) {
        long start = sleeper.nanoTime();
        long[] starts = so.ranges().stream().mapToLong(PageRange::start).toArray();
        long[] lengths = so.ranges().stream().mapToLong(PageRange::length).toArray();
        long wanted = Arrays.stream(lengths).sum();
        long page = syscalls.pageSize();
        int pidfd;
        long longest;
        long t0 = sleeper.nanoTime();
        try {
            pidfd = syscalls.pidfdOpen(so.pid(), 0);
        } catch (SyscallException e) {
            return failed(c, so, e, start, sleeper.nanoTime() - t0);
        }
        longest = sleeper.nanoTime() - t0;
        long done;
        try {
            t0 = sleeper.nanoTime();
            done = syscalls.processMadvise(pidfd, starts, lengths, Syscalls.MADV_PAGEOUT, 0);
            longest = Math.max(longest, sleeper.nanoTime() - t0);
        } catch (SyscallException e) {
            longest = Math.max(longest, sleeper.nanoTime() - t0);
            return failed(c, so, e, start, longest);
        } finally {
            try {
                syscalls.close(pidfd);
            } catch (SyscallException e) {
                LOG.warn("closing pidfd {} of pid {}: {}", pidfd, so.pid(), e.getMessage());
            }
        }
        return new Outcome(c.sequence(), so, Outcome.Status.APPLIED, "paged out " + done + " of " + wanted + " bytes of pid "
                + so.pid(), null, done / page, (wanted - done) / page, sleeper.nanoTime() - start, longest);
    }

    private Outcome failed(Cycle c, SwapOut so, SyscallException e, long start, long longest) {
        return new Outcome(c.sequence(), so, Outcome.Status.FAILED, e.detail(so.pid(), e.call() + " of pid " + so.pid()),
                e.errnoName(), 0, 0, sleeper.nanoTime() - start, longest);
    }
}
