package io.numaagent.runner.tracking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * A file of native-endian u64 words indexed by word number, read through a cache of
 * {@code 1 + readahead} words (memtierd's readahead): {@code /proc/kpageflags} (one word per PFN) and
 * {@code /sys/kernel/mm/page_idle/bitmap} (one word per 64 PFNs). Words past the end read as 0.
 */
class PfnFile implements AutoCloseable {

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final long[] cache;
    private static final int MAX_RUN = 4096;
    private ByteBuffer run;
    private long cacheFirst = -1;
    private int cacheCount;

    PfnFile(Path file, int readaheadWords, OpenOption... options) throws IOException {
        this.channel = FileChannel.open(file, options);
        this.cache = new long[1 + Math.max(0, readaheadWords)];
        this.buffer = ByteBuffer.allocateDirect(cache.length * 8).order(ByteOrder.nativeOrder());
    }

    /** The word at {@code index}. */
    final long word(long index) throws IOException {
        if (cacheFirst < 0 || index < cacheFirst || index >= cacheFirst + cacheCount) {
            // frames often come in descending order (the page allocator hands out a block from its
            // end): a miss just below the cache reads the window that ends at the word, not the one
            // that starts there, so no word is read (and, for the idle bitmap, rmap-walked) twice
            long start = cacheFirst > 0 && index == cacheFirst - 1 ? Math.max(0, index - (cache.length - 1)) : index;
            buffer.clear();
            channel.read(buffer, start * 8);
            buffer.flip();
            cacheFirst = start;
            cacheCount = 0;
            while (buffer.remaining() >= 8) {
                cache[cacheCount++] = buffer.getLong();
            }
            if (index >= cacheFirst + cacheCount) {
                return 0; // past the end of the file
            }
        }
        return cache[(int) (index - cacheFirst)];
    }

    /**
     * Writes {@code count} words of {@code value} from word {@code index} in as few calls as possible
     * (the idle bitmap takes any number of whole words per write), and forgets the cache.
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
        cacheFirst = -1;
    }

    /** Drops cached words, so that the next read sees the kernel's current state. */
    final void forget() {
        cacheFirst = -1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
