package io.numaagent.runner.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pagemap reads through a shared window: regions served from one read-ahead are the file's entries,
 * two processes sharing a window never see each other's, entries past the end read 0, and after
 * {@code forget} a read sees the file as it is now.
 */
class PagemapTest {

    static final long PAGE = 4096;

    @TempDir
    Path dir;

    Path pagemap(String name, int entries, long base) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(entries * 8).order(ByteOrder.nativeOrder());
        LongStream.range(0, entries).forEach(i -> b.putLong(base + i));
        return Files.write(dir.resolve(name), b.array());
    }

    static long[] read(Pagemap p, long firstPage, int n) throws Exception {
        long[] out = new long[n];
        p.read(firstPage * PAGE, n, out);
        return out;
    }

    static long[] expected(long base, long firstPage, int n, int fileEntries) {
        return LongStream.range(firstPage, firstPage + n).map(i -> i < fileEntries ? base + i : 0).toArray();
    }

    /** Readahead -1 (off), 0 (default) and 1000: the same entries. */
    @ParameterizedTest(name = "readahead {0}")
    @ValueSource(ints = {-1, 0, 1000})
    void twoProcessesSharingAWindowReadTheirOwnEntriesAndZeroPastTheEnd(int readahead) throws Exception {
        int entries = 20_000;
        Pagemap.Window w = new Pagemap.Window(readahead, 512);
        try (Pagemap a = new Pagemap(pagemap("a", entries, 1_000_000), PAGE, w);
             Pagemap b = new Pagemap(pagemap("b", entries, 5_000_000), PAGE, w)) {
            for (long page : new long[] {0, 512, 1024, 8000, 8192, 7000, 19_800, 100_000}) {
                assertThat(read(a, page, 512)).as("a at page " + page).containsExactly(expected(1_000_000, page, 512, entries));
                assertThat(read(b, page, 300)).as("b at page " + page).containsExactly(expected(5_000_000, page, 300, entries));
            }
        }
    }

    @Test
    void afterForgetAReadSeesTheFileAsItIsNow() throws Exception {
        Pagemap.Window w = new Pagemap.Window(0, 512);
        Path f = pagemap("a", 4096, 100);
        try (Pagemap a = new Pagemap(f, PAGE, w)) {
            assertThat(read(a, 0, 4)).containsExactly(100, 101, 102, 103);
            pagemap("a", 4096, 900);
            assertThat(read(a, 4, 2)).as("served from the window read before").containsExactly(104, 105);
            w.forget();
            assertThat(read(a, 4, 2)).containsExactly(904, 905);
        }
    }
}
