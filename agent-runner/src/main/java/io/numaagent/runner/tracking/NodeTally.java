package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.RangeCounter;
import java.util.Arrays;

/** Counts a range's pages per node while its pagemap entries are read, and names the node with most. */
final class NodeTally {

    private static final int MAX_TRACKED_NODE = 1023;

    private final PfnNodes nodes;
    private int[] perNode = new int[8];
    private int swapped;

    NodeTally(PfnNodes nodes) {
        this.nodes = nodes;
    }

    void reset() {
        Arrays.fill(perNode, 0);
        swapped = 0;
    }

    /** Adds one pagemap entry. */
    void add(long entry) {
        if ((entry & Pagemap.PRESENT) != 0) {
            int n = nodes.node(entry & Pagemap.PFN_MASK);
            if (n >= 0 && n <= MAX_TRACKED_NODE) {
                if (n >= perNode.length) {
                    perNode = Arrays.copyOf(perNode, Math.max(n + 1, perNode.length * 2));
                }
                perNode[n]++;
            }
        } else if ((entry & Pagemap.SWAP) != 0) {
            swapped++;
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
