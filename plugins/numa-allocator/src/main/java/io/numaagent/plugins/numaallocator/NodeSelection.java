package io.numaagent.plugins.numaallocator;

import java.util.BitSet;

/**
 * WCA's node-choosing formulas over nodes given by position (ascending node id), restricted to the
 * positions marked as candidates (nodes with CPUs). Bit sets hold positions; the lowest set bit is
 * the lowest node id, which is how WCA breaks every tie. Logarithms use {@link StrictMath} so that
 * a decision is the same on every JVM, JIT-compiled or not (replay depends on it).
 */
final class NodeSelection {

    private NodeSelection() {
    }

    /**
     * {@code fill_biggest_first}: the node where {@code round(memory / (balanced + memory), 4)} is largest;
     * ties go to the lowest node id. Returns -1 when there is no candidate.
     */
    static int bestMemoryNode(long memory, long[] balancedBytes, boolean[] candidate) {
        int best = -1;
        double bestBalance = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < candidate.length; i++) {
            if (!candidate[i]) {
                continue;
            }
            double balance = balance(memory, balancedBytes[i]);
            if (balance > bestBalance) {
                bestBalance = balance;
                best = i;
            }
        }
        return best;
    }

    /** {@code round(memory / (balanced + memory), 4)}: the share the task would have of its node's pinned memory. */
    static double balance(long memory, long balancedBytes) {
        return WcaRounding.round((double) memory / (double) (balancedBytes + memory), 4);
    }

    /** Nodes with the largest {@code round(log1p(preference * 1000))} (an integer, half-even). */
    static BitSet mostUsedNodes(double[] preferences, boolean[] candidate) {
        BitSet out = new BitSet();
        long max = Long.MIN_VALUE;
        for (int i = 0; i < candidate.length; i++) {
            if (!candidate[i]) {
                continue;
            }
            long r = WcaRounding.roundToInteger(StrictMath.log1p(preferences[i] * 1000));
            if (r > max) {
                max = r;
                out.clear();
            }
            if (r == max) {
                out.set(i);
            }
        }
        return out;
    }

    /** Nodes with the smallest {@code round(log10(balanced + memory), 1)}. */
    static BitSet bestMemoryNodes(long memory, long[] balancedBytes, boolean[] candidate) {
        BitSet out = new BitSet();
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < candidate.length; i++) {
            if (!candidate[i]) {
                continue;
            }
            double b = WcaRounding.round(StrictMath.log10((double) (balancedBytes[i] + memory)), 1);
            if (b < min) {
                min = b;
                out.clear();
            }
            if (b == min) {
                out.set(i);
            }
        }
        return out;
    }

    /**
     * Nodes with the largest {@code round(log10(free - memory), 1)}; nodes where the task's memory is at
     * least the free memory are left out, so the set may be empty.
     */
    static BitSet mostFreeMemoryNodes(long memory, long[] freeBytes, boolean[] candidate) {
        BitSet out = new BitSet();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < candidate.length; i++) {
            if (!candidate[i] || memory >= freeBytes[i]) {
                continue;
            }
            double f = WcaRounding.round(StrictMath.log10((double) (freeBytes[i] - memory)), 1);
            if (f > max) {
                max = f;
                out.clear();
            }
            if (f == max) {
                out.set(i);
            }
        }
        return out;
    }

    /** Which pair of sets gave the {@code minimize_migration} choice (for reasons and tests). */
    enum Match {
        MOST_USED_AND_BEST_MEMORY("most-used and least-filled"),
        MOST_USED_AND_MOST_FREE("most-used and most-free"),
        BEST_MEMORY_AND_MOST_FREE("least-filled and most-free");

        final String text;

        Match(String text) {
            this.text = text;
        }
    }

    /** A node position and the pair of sets it came from. */
    record Choice(int position, Match match) {
    }

    /**
     * The core of {@code minimize_migration}: the lowest node in M∩B, else in M∩F, else in B∩F,
     * else {@code null} (the task is not pinned in this cycle).
     */
    static Choice migrationMinimizerCore(BitSet mostUsed, BitSet bestMemory, BitSet mostFree) {
        BitSet mb = (BitSet) mostUsed.clone();
        mb.and(bestMemory);
        if (!mb.isEmpty()) {
            return new Choice(mb.nextSetBit(0), Match.MOST_USED_AND_BEST_MEMORY);
        }
        BitSet mf = (BitSet) mostUsed.clone();
        mf.and(mostFree);
        if (!mf.isEmpty()) {
            return new Choice(mf.nextSetBit(0), Match.MOST_USED_AND_MOST_FREE);
        }
        BitSet bf = (BitSet) bestMemory.clone();
        bf.and(mostFree);
        if (!bf.isEmpty()) {
            return new Choice(bf.nextSetBit(0), Match.BEST_MEMORY_AND_MOST_FREE);
        }
        return null;
    }

    /** The candidate with the most free bytes (WCA's "least used node"); ties go to the lowest node id; -1 if none. */
    static int leastUsedNode(long[] freeBytes, boolean[] candidate) {
        int best = -1;
        for (int i = 0; i < candidate.length; i++) {
            if (candidate[i] && (best < 0 || freeBytes[i] > freeBytes[best])) {
                best = i;
            }
        }
        return best;
    }
}
