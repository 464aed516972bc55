package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.RangeCounter;
import java.util.Arrays;

/**
 * Counts a range's pages per node while its pagemap entries are read, and names the node with most.
 * Entries go in a region at a time ({@link #addAll}): one call per region, and the PFN interval of the
 * previous page is checked inline, since neighbouring pages mostly lie in the same memory block (per page,
 * two calls cost more than the pagemap read itself under the C1 compiler in an emulated guest).
 */
final class NodeTally {

    private static final int MAX_TRACKED_NODE = 1023;

    private final PfnNodes nodes;
    private int[] perNode = new int[8];
    private int swapped;
    /** The PFN interval [lo, hi) of the last page looked up, and its node (or NODE_UNKNOWN). */
    private long lo;
    private long hi;
    private int node = RangeCounter.NODE_UNKNOWN;
    private final long[] one = new long[1];

    NodeTally(PfnNodes nodes) {
        this.nodes = nodes;
    }

    void reset() {
        Arrays.fill(perNode, 0);
        swapped = 0;
    }

    /** Adds one pagemap entry (the finder's runs, which end at any page). */
    void add(long entry) {
        one[0] = entry;
        addAll(one, 1);
    }

    /** Adds the pagemap entries {@code entries[0..n)}. */
    void addAll(long[] entries, int n) {
        for (int i = 0; i < n; i++) {
            long e = entries[i];
            if ((e & Pagemap.PRESENT) != 0) {
                long pfn = e & Pagemap.PFN_MASK;
                if (pfn < lo || pfn >= hi) {
                    lookUp(pfn);
                }
                if (node >= 0) {
                    perNode[node]++;
                }
            } else if ((e & Pagemap.SWAP) != 0) {
                swapped++;
            }
        }
    }

    private void lookUp(long pfn) {
        int i = nodes.interval(pfn);
        if (i < 0) {
            lo = pfn;
            hi = pfn + 1;
            node = RangeCounter.NODE_UNKNOWN;
            return;
        }
        lo = nodes.start(i);
        hi = nodes.end(i);
        node = nodes.nodeAt(i);
        if (node > MAX_TRACKED_NODE) {
            node = RangeCounter.NODE_UNKNOWN;
        } else if (node >= perNode.length) {
            perNode = Arrays.copyOf(perNode, Math.max(node + 1, perNode.length * 2));
        }
    }

    /**
     * The node holding most of the pages seen, {@link RangeCounter#NODE_SWAP} when more are in swap
     * than on any node, {@link RangeCounter#NODE_UNKNOWN} when none was placed.
     */
    int node() {
        int best = RangeCounter.NODE_UNKNOWN;
        int most = 0;
        for (int n = 0; n < perNode.length; n++) {
            if (perNode[n] > most) {
                most = perNode[n];
                best = n;
            }
        }
        return swapped > most ? RangeCounter.NODE_SWAP : best;
    }
}
