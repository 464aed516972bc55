package io.numaagent.runner.tracking;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tracker instance of the runner: it keeps its own state per tracked process and is driven by one
 * thread (the {@link TrackerService}'s scan thread for its plugin), so implementations need no locking.
 */
interface PageTracker extends AutoCloseable {

    /** What one range counted in one scan. */
    record Count(long start, long pages, long accesses, long reads, long writes, int node) {
    }

    /**
     * The result of one scan.
     *
     * @param counts       per pid, the counts of its ranges in address order
     * @param gone         pids that could not be scanned and are no longer tracked (exited, or unreadable)
     * @param pagesScanned pages whose pagemap entries were read (for the scan-rate figures)
     * @param countNanos   time of the counting pass alone (idlepage: without setting the bits idle again,
     *                     as memtierd times its scans), or -1 when the scan has no separate pass
     */
    record Scan(Map<Integer, List<Count>> counts, Set<Integer> gone, long pagesScanned, long countNanos) {
        Scan(Map<Integer, List<Count>> counts, Set<Integer> gone, long pagesScanned) {
            this(counts, gone, pagesScanned, -1);
        }
    }

    /** The tracker's name in config: idlepage, softdirty, damon, finder. */
    String kind();

    /** Time between scans. */
    long scanIntervalMs();

    /**
     * Whether a window's counts are the sum of its scans (true) or the last scan's (the finder reports a
     * constant per range, not an increment).
     */
    default boolean summed() {
        return true;
    }

    /**
     * Tracks exactly these pids from now on: new ones are prepared (idle bits set, soft-dirty bits
     * cleared, DAMON targets written), dropped ones forgotten. Pids that cannot be tracked are reported
     * by the next {@link #scan}.
     */
    void track(Set<Integer> pids) throws InterruptedException, java.io.IOException;

    /**
     * Scans every tracked process once. Checks for interruption between regions.
     *
     * @throws java.io.IOException when the tracker as a whole cannot work (a host file it needs is gone)
     */
    Scan scan() throws InterruptedException, java.io.IOException;

    /** Releases files; stops what the tracker started in the kernel (DAMON). Never throws. */
    @Override
    void close();

    /** What {@link #close} could not stop in the kernel (a kdamond left on), each naming what and why; empty when all was released. */
    default List<String> unreleased() {
        return List.of();
    }
}
