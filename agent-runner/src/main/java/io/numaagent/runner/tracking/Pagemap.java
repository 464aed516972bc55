package io.numaagent.runner.tracking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads one process's {@code /proc/PID/pagemap}: one native-endian u64 per virtual page (offset
 * {@code addr / pagesize * 8}). Reads go through a {@link Window} that a tracker's processes share: with
 * read-ahead, one read fetches {@link #READ_AHEAD_ENTRIES} entries (or memtierd's {@code 16 * (1 + readahead)}
 * bytes, or a whole region, when larger), and the regions that follow are served from it. The kernel walks
 * the page tables 512 entries at a time whatever the read's size, so a larger read saves only system calls
 * (each also takes the process's mm and allocates the kernel's buffer): 32 instead of 512 per GiB scanned.
 * A range that is no longer mapped, or a process that exited while the file was open, reads as
 * entries of 0 (not present): a scan of it counts nothing, it does not fail.
 */
final class Pagemap implements AutoCloseable {

    /** Bits 0..54: the page frame number (0 without CAP_SYS_ADMIN). */
    static final long PFN_MASK = (1L << 55) - 1;
    static final long SOFT_DIRTY = 1L << 55;
    static final long EXCLUSIVE = 1L << 56;
    static final long SWAP = 1L << 62;
    static final long PRESENT = 1L << 63;

    /** memtierd's pagemap readahead default (1 KiB reads). */
    static final int DEFAULT_READAHEAD = 63;
    /** Entries one read fetches with read-ahead on (64 KiB). */
    static final int READ_AHEAD_ENTRIES = 8192;

    /**
     * The last entries read, of one pagemap at a time; a tracker's processes share one (it is driven by one
     * thread). {@link #forget} before each scan, so that a scan never sees entries of the previous one.
     */
    static final class Window {
        private final ByteBuffer buffer;
        private final LongBuffer longs;
        private final long[] entries;
        private final boolean readAhead;
        private Pagemap owner;
        private long first;
        private int count;

        /**
         * @param readahead  memtierd's {@code PagemapReadahead}: 0 = default 63, -1 = off (then only the pages
         *                   asked for are read)
         * @param minEntries the most entries one read is asked for (a tracker's region)
         */
        Window(int readahead, int minEntries) {
            int ra = readahead == 0 ? DEFAULT_READAHEAD : Math.max(0, readahead);
            this.readAhead = readahead >= 0;
            int capacity = Math.max(Math.max(2 * (1 + ra), minEntries), readAhead ? READ_AHEAD_ENTRIES : 0);
            this.buffer = ByteBuffer.allocateDirect(8 * capacity).order(ByteOrder.nativeOrder());
            this.longs = buffer.asLongBuffer();
            this.entries = new long[capacity];
        }

        void forget() {
            owner = null;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final Window window;
    private final long pageSize;

    /**
     * A pagemap with a window of its own (read-ahead as {@code readahead} says).
     *
     * @throws java.nio.file.NoSuchFileException when the process is gone
     */
    Pagemap(Path file, int readahead, long pageSize, int minEntries) throws IOException {
        this(file, pageSize, new Window(readahead, minEntries));
    }

    /** A pagemap reading through a shared {@code window}. */
    Pagemap(Path file, long pageSize, Window window) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.window = window;
        this.pageSize = pageSize;
    }

    static boolean presentExclusive(long entry) {
        return (entry & (PRESENT | EXCLUSIVE)) == (PRESENT | EXCLUSIVE);
    }

    /**
     * Fills {@code out[0..n)} with the entries of the {@code n} pages from {@code vaddr}.
     *
     * @throws ProcessFileException when the file cannot be read (the process, not the tracker, fails)
     */
    void read(long vaddr, int n, long[] out) throws ProcessFileException {
        long page = vaddr / pageSize;
        Window w = window;
        if (w.owner != this || page < w.first || page + n > w.first + w.count) {
            if (n > w.entries.length) {
                throw new IllegalArgumentException(n + " entries asked of a window of " + w.entries.length);
            }
            try {
                fill(page, w.readAhead ? w.entries.length : n);
            } catch (IOException e) {
                w.forget();
                throw new ProcessFileException(file + ": " + e.getMessage(), e);
            }
        }
        int from = (int) (page - w.first);
        int have = Math.max(0, Math.min(n, w.count - from));
        System.arraycopy(w.entries, from, out, 0, have);
        Arrays.fill(out, have, n, 0L);
    }

    /** Reads up to {@code want} entries from {@code page} into the window. */
    private void fill(long page, int want) throws IOException {
        Window w = window;
        w.owner = null;
        int got = 0;
        while (got < want) {
            w.buffer.clear();
            w.buffer.limit((want - got) * 8);
            int r = channel.read(w.buffer, (page + got) * 8);
            if (r < 8) {
                break;
            }
            int k = r / 8;
            w.longs.clear();
            w.longs.get(w.entries, got, k);
            got += k;
        }
        w.owner = this;
        w.first = page;
        w.count = got;
    }

    @Override
    public void close() throws IOException {
        if (window.owner == this) {
            window.forget();
        }
        channel.close();
    }
}
