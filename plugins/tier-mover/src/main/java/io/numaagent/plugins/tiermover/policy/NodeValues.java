package io.numaagent.plugins.tiermover.policy;

import java.util.Arrays;

/**
 * A number per node id (from -2: {@code NODE_UNKNOWN}, -1: swap) in an array: the per-range tallies of a
 * round over 100,000 ranges without a boxed map update per range.
 */
public final class NodeValues {

    private final long fill;
    private long[] values = new long[0];

    /** @param fill the value of a node never set */
    public NodeValues(long fill) {
        this.fill = fill;
    }

    private void grow(int i) {
        if (i >= values.length) {
            int old = values.length;
            values = Arrays.copyOf(values, Math.max(i + 1, old * 2 + 8));
            Arrays.fill(values, old, values.length, fill);
        }
    }

    public void add(int node, long n) {
        grow(node + 2);
        values[node + 2] += n;
    }

    public void set(int node, long v) {
        grow(node + 2);
        values[node + 2] = v;
    }

    public long get(int node) {
        int i = node + 2;
        return i < values.length ? values[i] : fill;
    }

    /** Calls {@code each} for every node whose value differs from the fill, ascending. */
    public void forEach(java.util.function.BiConsumer<Integer, Long> each) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != fill) {
                each.accept(i - 2, values[i]);
            }
        }
    }
}
