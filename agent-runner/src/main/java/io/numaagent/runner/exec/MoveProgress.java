package io.numaagent.runner.exec;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import java.util.Map;
import java.util.TreeMap;

/**
 * Progress of one {@code move_pages} walk in one cycle: pages queried, found elsewhere, moved and
 * failed, why it stopped, and the first page not dealt with yet (where the walk resumes). Builds
 * the decision's outcome from them.
 */
final class MoveProgress {

    long queried;
    long found;
    long moved;
    long failed;
    /** Pages the query found unmapped (or the shared zero page): nothing to move, but worth saying. */
    long unmapped;
    /**
     * Pages the move refused per page with EACCES: mapped by other processes as well (a shared library's
     * pages, memory shared since a fork), which a move of one process leaves where they are. Not a failure.
     */
    long shared;
    long longestCall;
    private final Map<String, Long> failures = new TreeMap<>();
    boolean outOfTime;
    boolean interrupted;
    private SyscallException fatal;
    /** What the outcome says of {@link #fatal} (see {@link SyscallException#detail}). */
    private String fatalDetail;
    /** The first page not dealt with yet: where the walk resumes when it stops early. */
    boolean positioned;
    int atPid;
    long atAddress;

    /** Counts {@code pages} as failed with {@code errno} (a name such as EBUSY, or on-node-N). */
    void fail(String errno, long pages) {
        failed += pages;
        failures.merge(errno, pages, Long::sum);
    }

    void at(int pid, long address) {
        positioned = true;
        atPid = pid;
        atAddress = address;
    }

    /**
     * Records the error that ends the work on one process and returns the {@link Stop} to throw.
     * The first exited process is kept for the outcome unless a worse error follows.
     */
    Stop stop(SyscallException e, String detail) {
        boolean gone = e.errno() == Errno.ESRCH;
        if (fatal == null || !gone) {
            fatal = e;
            fatalDetail = detail;
        }
        return new Stop(gone);
    }

    /**
     * The outcome of the walk.
     *
     * @param complete      whether the walk got round
     * @param total         pages the walk covers
     * @param budgetMillis  the cycle's migration time, named when it ran out
     */
    Outcome outcome(Cycle c, Decision d, boolean complete, long total, int target, long budgetMillis, long duration) {
        String progress = complete
                ? "moved " + moved + " of " + found + " pages to node " + target
                : "moved " + moved + " of " + found + " pages found so far to node " + target + " (queried "
                        + queried + " of " + total + " pages)";
        if (outOfTime) {
            progress += ", rest next cycle (migration time of " + budgetMillis + " ms used up)";
        }
        if (unmapped > 0) {
            progress += "; " + unmapped + " pages unmapped or zero when queried (EFAULT), nothing to move";
        }
        if (shared > 0) {
            progress += "; " + shared + " pages shared with other processes (EACCES), not movable";
        }
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder("; ").append(failed).append(" failed:");
            failures.forEach((errno, n) -> sb.append(' ').append(errno).append(' ').append(n).append(','));
            sb.setLength(sb.length() - 1);
            progress += sb;
        }
        if (interrupted) {
            progress += "; interrupted";
        }
        if (fatal != null) {
            return new Outcome(c.sequence(), d, Outcome.Status.FAILED, fatalDetail + "; " + progress, fatal.errnoName(),
                    moved, failed, duration, longestCall, outOfTime);
        }
        return new Outcome(c.sequence(), d, Outcome.Status.APPLIED, progress, null, moved, failed, duration, longestCall,
                outOfTime);
    }

    /** Thrown inside the walk to stop the decision, or only the work on one process that is gone. */
    static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;

        /** The process exited (ESRCH): the task's other processes still move. */
        final boolean processGone;

        Stop(boolean processGone) {
            super(null, null, false, false);
            this.processGone = processGone;
        }

        /** A process that exited since the snapshot leaves the others to move; any other stop ends the decision. */
        void rethrowUnlessGone() throws Stop {
            if (!processGone) {
                throw this;
            }
        }
    }
}
