package io.numaagent.runner.tracking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A file of native-endian u64 words indexed by word number, read in windows of {@code 1 + readahead}
 * words (memtierd's readahead): {@code /proc/kpageflags} (one word per PFN) and
 * {@code /sys/kernel/mm/page_idle/bitmap} (one word per 64 PFNs). Words past the end read as 0.
 * Every word read is kept until {@link #forget} (up to {@link #MAX_KEPT} words), as memtierd keeps them
 * for a scan: frames of a region are scattered over physical memory, and reading a bitmap word again
 * would repeat the kernel's rmap walk of its 64 frames. A window stops short of words already kept.
 */
class PfnFile implements AutoCloseable {

    /** Words kept at most (1 MiB of table); a scan that reads more starts over, re-reading some. */
    static final int MAX_KEPT = 1 << 15;
    private static final int MAX_RUN = 4096;
    private static final long EMPTY = -1;

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final LongBuffer longs;
    private final long[] window;
    private ByteBuffer run;
    /** The last window read: the fast path of a walk through neighbouring words. */
    private long windowFirst = -1;
    private int windowCount;
    /** Open addressing: index of the word (EMPTY: free slot) and its value. */
    private long[] keys = new long[64];
    private long[] values = new long[64];
    private int kept;
    private long wordsRead;

    PfnFile(Path file, int readaheadWords, OpenOption... options) throws IOException {
        this.channel = FileChannel.open(file, options);
        this.window = new long[1 + Math.max(0, readaheadWords)];
        this.buffer = ByteBuffer.allocateDirect(window.length * 8).order(ByteOrder.nativeOrder());
        this.longs = buffer.asLongBuffer();
        Arrays.fill(keys, EMPTY);
    }

    /** The word at {@code index}. */
    final long word(long index) throws IOException {
        if (index >= windowFirst && index < windowFirst + windowCount) {
            return window[(int) (index - windowFirst)];
        }
        int slot = slot(index);
        if (keys[slot] == index) {
            return values[slot];
        }
        return read(index);
    }

    /** Reads the window holding {@code index}: from it upwards, or down to it when walking downwards. */
    private long read(long index) throws IOException {
        int len = window.length;
        long start = index;
        long end = index + 1;
        // frames often come in descending order (the page allocator hands out a block from its end):
        // when the word above is kept, the window ends at the wanted word instead of starting there
        boolean down = index > 0 && isKept(index + 1);
        if (down) {
            while (end - start < len && start > 0 && !isKept(start - 1)) {
                start--;
            }
        } else {
            while (end - start < len && !isKept(end)) {
                end++;
            }
        }
        buffer.clear();
        buffer.limit((int) (end - start) * 8);
        int r = channel.read(buffer, start * 8);
        int n = Math.max(0, r) / 8;
        wordsRead += n;
        longs.clear();
        longs.get(window, 0, n);
        windowFirst = start;
        windowCount = n;
        if (kept + n > MAX_KEPT) {
            clearKept();
        }
        for (int i = 0; i < n; i++) {
            keep(start + i, window[i]);
        }
        return index < start + n ? window[(int) (index - start)] : 0; // 0: past the end of the file
    }

    private boolean isKept(long index) {
        return keys[slot(index)] == index;
    }

    /** The slot holding {@code index}, or the free slot where it would go. */
    private int slot(long index) {
        int mask = keys.length - 1;
        int i = (int) (index * 0x9E3779B97F4A7C15L >>> 40) & mask;
        while (keys[i] != EMPTY && keys[i] != index) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void keep(long index, long value) {
        if ((kept + 1) * 2 > keys.length) {
            grow();
        }
        int slot = slot(index);
        if (keys[slot] == EMPTY) {
            keys[slot] = index;
            kept++;
        }
        values[slot] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        kept = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                keep(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void clearKept() {
        Arrays.fill(keys, EMPTY);
        kept = 0;
    }

    /**
     * Writes {@code count} words of {@code value} from word {@code index} in as few calls as possible
     * (the idle bitmap takes any number of whole words per write), and forgets the words read.
     */
    final void fill(long index, int count, long value) throws IOException {
        if (run == null || run.capacity() < Math.min(count, MAX_RUN) * 8) {
            run = ByteBuffer.allocateDirect(Math.min(Math.max(count, 64), MAX_RUN) * 8).order(ByteOrder.nativeOrder());
        }
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, run.capacity() / 8);
            run.clear();
            for (int i = 0; i < n; i++) {
                run.putLong(value);
            }
            run.flip();
            long pos = (index + done) * 8;
            while (run.hasRemaining()) {
                pos += channel.write(run, pos);
            }
            done += n;
        }
        forget();
    }

    /** Drops the words read, so that the next read sees the kernel's current state. */
    final void forget() {
        windowFirst = -1;
        windowCount = 0;
        if (kept > 0) {
            clearKept();
        }
    }

    /** Words read from the file so far (for tests: none is read twice between two {@link #forget}s). */
    final long wordsRead() {
        return wordsRead;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
