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
 * {@code addr / pagesize * 8}), read in buffers of memtierd's size ({@code 16 * (1 + readahead)} bytes)
 * or of a whole region when that is larger (fewer system calls for the same bytes).
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

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    /** The same memory as longs: one bulk copy per read instead of a getLong per entry (the C1 compiler,
     * which the launcher runs, does not reduce those calls to loads). */
    private final LongBuffer longs;
    private final long pageSize;

    /**
     * @param readahead  memtierd's {@code PagemapReadahead}: 0 = default 63, -1 = off
     * @param minEntries read at least this many entries per call (a tracker's region): the pages a
     *                   scan needs anyway, in one system call instead of several
     * @throws java.nio.file.NoSuchFileException when the process is gone
     */
    Pagemap(Path file, int readahead, long pageSize, int minEntries) throws IOException {
        int ra = readahead == 0 ? DEFAULT_READAHEAD : Math.max(0, readahead);
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.buffer = ByteBuffer.allocateDirect(Math.max(16 * (1 + ra), 8 * minEntries)).order(ByteOrder.nativeOrder());
        this.longs = buffer.asLongBuffer();
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
        try {
            readEntries(vaddr, n, out);
        } catch (IOException e) {
            throw new ProcessFileException(file + ": " + e.getMessage(), e);
        }
    }

    private void readEntries(long vaddr, int n, long[] out) throws IOException {
        long pos = vaddr / pageSize * 8;
        int i = 0;
        while (i < n) {
            buffer.clear();
            buffer.limit(Math.min(buffer.capacity(), (n - i) * 8));
            int r = channel.read(buffer, pos + i * 8L);
            if (r < 8) {
                break;
            }
            int k = r / 8;
            longs.clear();
            longs.get(out, i, k);
            i += k;
        }
        Arrays.fill(out, i, n, 0L);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
