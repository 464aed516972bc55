package io.numaagent.api.tracking;

/**
 * What a tracker counted for one address range of one process.
 *
 * @param start    start address (page aligned)
 * @param pages    length in pages of the snapshot's page size
 * @param accesses accesses counted (idlepage: accessed pages, capped per region and scan; damon: sum of
 *                 {@code nr_accesses}; finder: its configured constant)
 * @param reads    reads counted (no current tracker tells reads apart: 0)
 * @param writes   writes counted (softdirty: written pages)
 * @param sinceMs  when counting for this range began, epoch milliseconds: the later of the start of this
 *                 report's window and the scan that first saw the range
 * @param node     the node holding most of the range's resident pages, {@link #NODE_SWAP} when they are
 *                 swapped out, {@link #NODE_UNKNOWN} when not known
 */
public record RangeCounter(long start, long pages, long accesses, long reads, long writes, long sinceMs, int node) {

    /** The range's pages are in swap. */
    public static final int NODE_SWAP = -1;
    /** Where the range's pages are is not known (not resident, or not looked up). */
    public static final int NODE_UNKNOWN = -2;

    public RangeCounter {
        if (pages <= 0) {
            throw new IllegalArgumentException("pages must be positive");
        }
        if (accesses < 0 || reads < 0 || writes < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (node < NODE_UNKNOWN) {
            throw new IllegalArgumentException("node must be a node id, NODE_SWAP or NODE_UNKNOWN");
        }
    }

    /** One past the last byte, for a page size. */
    public long end(long pageSize) {
        return start + pages * pageSize;
    }

    /** Accesses + reads + writes, memtierd's heat of a counter. */
    public long heat() {
        return accesses + reads + writes;
    }
}
