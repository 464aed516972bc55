package io.numaagent.runner.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** The word cache of kpageflags and the idle bitmap: readahead either way, no word read twice per scan, words past the end read 0. */
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

    /** Word orders of a walk over 100 words: each word is read from the file once, whatever the order. */
    static Stream<Arguments> walks() {
        List<Long> shuffled = LongStream.range(0, 100).boxed().collect(Collectors.toList());
        Collections.shuffle(shuffled, new Random(7));
        List<Long> interleaved = new ArrayList<>();
        for (long w = 0; w < 50; w++) {
            interleaved.add(w);
            interleaved.add(99 - w);
        }
        return Stream.of(
                Arguments.of("ascending", LongStream.range(0, 100).boxed().toList()),
                Arguments.of("descending", LongStream.range(0, 100).map(w -> 99 - w).boxed().toList()),
                Arguments.of("shuffled", shuffled),
                Arguments.of("interleavedEnds", interleaved),
                Arguments.of("twiceOver", LongStream.range(0, 200).map(w -> (w * 37) % 100).boxed().toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("walks")
    void anyWalkReadsEachWordOnceUntilForgotten(String name, List<Long> order) throws Exception {
        Path f = file(100);
        try (PfnFile p = new PfnFile(f, 8, StandardOpenOption.READ)) {
            for (long w : order) {
                assertThat(p.word(w)).as("word " + w).isEqualTo(1000 + w);
            }
            assertThat(p.wordsRead()).isEqualTo(100);
            p.forget();
            assertThat(p.word(42)).isEqualTo(1042);
            assertThat(p.wordsRead()).as("after forget, a word is read again").isGreaterThan(100);
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
