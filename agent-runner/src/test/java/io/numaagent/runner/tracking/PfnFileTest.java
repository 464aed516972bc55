package io.numaagent.runner.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The word cache of kpageflags and the idle bitmap: readahead either way, words past the end read 0. */
class PfnFileTest {

    @TempDir
    Path dir;

    Path file(int words) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(words * 8).order(ByteOrder.nativeOrder());
        LongStream.range(0, words).forEach(w -> b.putLong(1000 + w));
        return Files.write(dir.resolve("words"), b.array());
    }

    @Test
    void ascendingAndDescendingWalksReadEveryWordRightAndPastTheEndIsZero() throws Exception {
        Path f = file(100);
        try (PfnFile p = new PfnFile(f, 8, StandardOpenOption.READ)) {
            for (long w = 0; w < 100; w++) {
                assertThat(p.word(w)).isEqualTo(1000 + w);
            }
            for (long w = 99; w >= 0; w--) {
                assertThat(p.word(w)).as("descending, word " + w).isEqualTo(1000 + w);
            }
            assertThat(p.word(100)).isZero();
            assertThat(p.word(5000)).isZero();
            assertThat(p.word(3)).isEqualTo(1003);
        }
    }

    @Test
    void fillWritesRunsLongerThanItsBuffer() throws Exception {
        Path f = file(10_000);
        try (PfnFile p = new PfnFile(f, 0, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            p.fill(10, 9_000, -1L);
            assertThat(p.word(9)).isEqualTo(1009);
            assertThat(p.word(10)).isEqualTo(-1L);
            assertThat(p.word(9_009)).isEqualTo(-1L);
            assertThat(p.word(9_010)).isEqualTo(10_010);
        }
    }
}
