package io.numaagent.runner.tracking;

import static io.numaagent.runner.tracking.PageTrackingTree.PAGE;
import static io.numaagent.runner.tracking.PageTrackingTree.present;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.runner.tracking.PageTracker.Count;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** memtierd's softdirty tracker (anchors §2.2) over fixture pagemap and clear_refs files. */
class SoftDirtyTrackerTest {

    static final long A = 0x10_0000_0000L;

    @TempDir
    Path dir;

    final AtomicLong now = new AtomicLong(1_000_000);

    SoftDirtyTracker tracker(PageTrackingTree t, int pagesInRegion, int maxCount, int skipProb, List<Integer> draws) {
        Deque<Integer> d = new ArrayDeque<>(draws);
        return new SoftDirtyTracker(new TrackerSpec.SoftDirty(pagesInRegion, maxCount, 5000, 10_000, skipProb, 0),
                t.paths(), PAGE, PfnNodes.read(t.paths(), PAGE), now::get, bound -> d.isEmpty() ? bound - 1 : d.pop());
    }

    /** Page i is dirty when bit i of {@code dirty} is set; all present and exclusive. */
    static long[] pages(PageTrackingTree t, int n, long dirty) {
        long[] e = new long[n];
        for (int i = 0; i < n; i++) {
            e[i] = present(t.pfn(0, 10 + i), true, (dirty >>> i & 1) == 1);
        }
        return e;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, pages, dirty mask, maxCountPerRegion, skip per mille, random draws, written
                Arguments.of("counts dirty pages", 8, 0b1011_0010L, 0, 0, List.of(), 4L),
                Arguments.of("cap clamps the count", 8, 0b1111_1111L, 3, 0, List.of(), 3L),
                Arguments.of("clean pages count nothing", 8, 0L, 0, 0, List.of(), 0L),
                // after page 0: draws 100 < 500 and 200 < 500 skip pages 1 and 2, 900 stops; page 3 is read
                Arguments.of("skip probability skips pages", 4, 0b0111L, 0, 500, List.of(100, 200, 900), 1L),
                Arguments.of("probability 1000 reads only the first page", 4, 0b1110L, 0, 1000, List.of(), 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void laptopOneNodeCountsWrittenPages(String name, int n, long dirty, int maxCount, int skip, List<Integer> draws,
                                         long written) throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        t.process(500, 7).anon(A, n).pages(A, pages(t, n, dirty));
        try (SoftDirtyTracker tr = tracker(t, 512, maxCount, skip, draws)) {
            tr.track(Set.of(500));
            assertThat(t.clearRefs(500)).isEqualTo("4");
            t.paths().proc("500/clear_refs").toFile().delete();
            t.paths().proc("500/clear_refs").toFile().createNewFile();
            assertThat(tr.scan().counts().get(500)).containsExactly(new Count(A, n, 0, 0, written, 0));
            assertThat(t.clearRefs(500)).as("cleared again after the scan").isEqualTo("4");
        }
    }

    @Test
    void laptopOneNodeNotExclusiveDirtyPagesDoNotCount() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        t.process(501, 7).anon(A, 2).pages(A, present(t.pfn(0, 1), false, true), present(t.pfn(0, 2), true, true));
        try (SoftDirtyTracker tr = tracker(t, 512, 0, 0, List.of())) {
            tr.track(Set.of(501));
            assertThat(tr.scan().counts().get(501)).extracting(Count::writes).containsExactly(1L);
        }
    }

    @Test
    void laptopOneNodeProcessWhoseClearRefsVanishedIsDroppedAlone() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        t.process(502, 7).anon(A, 2);
        t.process(503, 7).anon(A, 2);
        try (SoftDirtyTracker tr = tracker(t, 512, 0, 0, List.of())) {
            tr.track(Set.of(502, 503));
            t.exit(502);
            PageTracker.Scan s = tr.scan();
            assertThat(s.counts()).containsOnlyKeys(503);
            assertThat(s.gone()).containsExactly(502);
        }
    }

    @Test
    void laptopOneNodeSoftDirtyIsProbedWhereNoKernelConfigIsPublished() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        TrackerSpec.SoftDirty spec = new TrackerSpec.SoftDirty(512, 0, 5000, 10_000, 0, 0);
        assertThat(TrackerSupport.missing(spec, t.paths(), PAGE)).isEmpty();
        t.kernelConfig("CONFIG_PROC_PAGE_MONITOR=y", "# CONFIG_MEM_SOFT_DIRTY is not set");
        assertThat(TrackerSupport.missing(spec, t.paths(), PAGE)).singleElement().asString()
                .endsWith("config.gz has no CONFIG_MEM_SOFT_DIRTY=y)");
        t.kernelConfig();
        java.nio.file.Files.writeString(t.paths().proc("self/maps"), Long.toHexString(A) + "-" + Long.toHexString(A + 2 * PAGE)
                + " rw-p 00000000 00:00 0\n");
        writeSelf(t, present(5, true, false), present(6, true, false));
        assertThat(TrackerSupport.missing(spec, t.paths(), PAGE)).singleElement().asString()
                .contains("soft-dirty bits are not built into this kernel (CONFIG_MEM_SOFT_DIRTY)");
        writeSelf(t, present(5, true, false), present(6, true, true));
        assertThat(TrackerSupport.missing(spec, t.paths(), PAGE)).isEmpty();
        writeSelf(t, 0L, 0L);
        assertThat(TrackerSupport.missing(spec, t.paths(), PAGE)).singleElement().asString()
                .contains("cannot tell whether soft-dirty bits are built");
    }

    private static void writeSelf(PageTrackingTree t, long... entries) throws Exception {
        try (var ch = java.nio.channels.FileChannel.open(t.paths().proc("self/pagemap"),
                java.nio.file.StandardOpenOption.WRITE)) {
            var b = java.nio.ByteBuffer.allocate(entries.length * 8).order(java.nio.ByteOrder.nativeOrder());
            for (long e : entries) {
                b.putLong(e);
            }
            ch.write(b.flip(), A / PAGE * 8);
        }
    }
}
