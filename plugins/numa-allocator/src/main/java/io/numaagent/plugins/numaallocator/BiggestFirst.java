package io.numaagent.plugins.numaallocator;

import java.util.ArrayList;
import java.util.List;

/**
 * Step 4 of {@code decide()}: the order in which WCA considers tasks: by memory, biggest first, ties in input order (Python's stable
 * {@code sorted(..., reverse=True)}). Sorts primitives: with ten thousand tasks, comparing task objects
 * scattered over the heap cost more than the rest of the cycle.
 */
final class BiggestFirst {

    private BiggestFirst() {
    }

    /** The tasks by memory, biggest first; equal tasks keep the snapshot's order. */
    static List<TaskView> views(TaskView[] tasks) {
        long[] memory = new long[tasks.length];
        for (int i = 0; i < tasks.length; i++) {
            memory[i] = tasks[i].memory;
        }
        List<TaskView> out = new ArrayList<>(tasks.length);
        for (int i : order(memory)) {
            out.add(tasks[i]);
        }
        return out;
    }

    /** Indices of {@code memory}, largest value first; equal values keep ascending index order. */
    static int[] order(long[] memory) {
        int n = memory.length;
        int indexBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        long max = 0;
        for (long m : memory) {
            max = Math.max(max, m);
        }
        if (max < (1L << (62 - indexBits))) {
            // unique keys (complemented memory, then index) sort ascending into the wanted order
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = ((max - memory[i]) << indexBits) | i;
            }
            radixSort(keys, 64 - Long.numberOfLeadingZeros(max << indexBits | ((1L << indexBits) - 1)));
            int[] out = new int[n];
            long mask = (1L << indexBits) - 1;
            for (int i = 0; i < n; i++) {
                out[i] = (int) (keys[i] & mask);
            }
            return out;
        }
        return mergeOrder(memory);
    }

    /** LSD radix sort of non-negative keys below {@code 2^bits}, 11 bits per pass. */
    static void radixSort(long[] keys, int bits) {
        int n = keys.length;
        long[] from = keys;
        long[] to = new long[n];
        int[] count = new int[1 << 11];
        for (int shift = 0; shift < bits; shift += 11) {
            java.util.Arrays.fill(count, 0);
            for (long k : from) {
                count[(int) (k >>> shift) & 0x7ff]++;
            }
            int sum = 0;
            for (int i = 0; i < count.length; i++) {
                int c = count[i];
                count[i] = sum;
                sum += c;
            }
            for (long k : from) {
                to[count[(int) (k >>> shift) & 0x7ff]++] = k;
            }
            long[] t = from;
            from = to;
            to = t;
        }
        if (from != keys) {
            System.arraycopy(from, 0, keys, 0, n);
        }
    }

    /** The general case (memory figures too large to share a long with the index): a stable merge sort. */
    static int[] mergeOrder(long[] memory) {
        int n = memory.length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    // take from the right run only when strictly bigger: keeps equal values in input order
                    b[k++] = memory[a[j]] > memory[a[i]] ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }
}
