package io.numaagent.runner.tracking;

import static io.numaagent.runner.tracking.PageTrackingTree.PAGE;
import static io.numaagent.runner.tracking.PageTrackingTree.present;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.runner.tracking.PageTracker.Count;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** memtierd's idlepage tracker (anchors §2.1) over fixture pagemap, kpageflags and idle bitmap files. */
class IdlePageTrackerTest {

    static final long A = 0x10_0000_0000L;
    static final long B = 0x10_4000_0000L;

    @TempDir
    Path dir;

    final AtomicLong now = new AtomicLong(1_000_000);

    static TrackerSpec.IdlePage spec(int pagesInRegion, int maxCount, int readahead) {
        return new TrackerSpec.IdlePage(pagesInRegion, maxCount, 5000, 10_000, readahead, readahead, readahead);
    }

    IdlePageTracker tracker(PageTrackingTree t, TrackerSpec.IdlePage spec) throws IOException {
        return new IdlePageTracker(spec, t.paths(), PAGE, PfnNodes.read(t.paths(), PAGE), now::get);
    }

    static Stream<Arguments> readaheads() {
        return Stream.of(Arguments.of("default readahead", 0), Arguments.of("readahead off", -1),
                Arguments.of("readahead 3", 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readaheads")
    void cxlTwoMemoryOnlyNodesCountsPagesAccessedSinceTheyWereMarkedIdle(String name, int readahead) throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.cxlTwoMemoryOnlyNodes(), dir);
        long pfn = t.pfn(2, 100);
        t.process(400, 7).anon(A, 8).presentRun(A, 8, pfn, false);
        try (IdlePageTracker tr = tracker(t, spec(4, 0, readahead))) {
            tr.track(Set.of(400));
            for (int i = 0; i < 8; i++) {
                assertThat(t.bitmapWord(pfn + i) & (1L << ((pfn + i) & 63))).as("idle after track, page " + i).isNotZero();
            }
            // the workload touches pages 0, 2 (region 0) and 5 (region 1)
            t.idle(pfn, false);
            t.idle(pfn + 2, false);
            t.idle(pfn + 5, false);
            PageTracker.Scan s = tr.scan();
            assertThat(s.counts().get(400)).containsExactly(new Count(A, 4, 2, 0, 0, 2), new Count(A + 4 * PAGE, 4, 1, 0, 0, 2));
            assertThat(s.pagesScanned()).isEqualTo(8);
            // the scan set them idle again: nothing new is counted
            assertThat(tr.scan().counts().get(400)).extracting(Count::accesses).containsExactly(0L, 0L);
        }
    }

    @Test
    void cxlTwoMemoryOnlyNodesSetsWholeSixtyFourFrameWordsIdle() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.cxlTwoMemoryOnlyNodes(), dir);
        long pfn = t.pfn(0, 128 + 5); // word 2 of node 0's first frames, bit 5
        t.process(401, 7).anon(A, 2).presentRun(A, 2, pfn, false);
        try (IdlePageTracker tr = tracker(t, spec(512, 0, 0))) {
            tr.track(Set.of(401));
        }
        assertThat(t.bitmapWord(pfn)).as("the whole word, not only frames 5 and 6").isEqualTo(-1L);
        assertThat(t.bitmapWord(pfn + 64)).isZero();
    }

    @Test
    void cxlTwoMemoryOnlyNodesSetsRunsOfWordsIdleAndLeavesGapsAlone() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.cxlTwoMemoryOnlyNodes(), dir);
        long base = t.pfn(1, 640); // word 10 of node 1's frames
        // frames in words 10, 11, 12 (one run) and 14 (after a gap at 13)
        t.process(409, 7).anon(A, 4).pages(A, present(base + 3, true, false), present(base + 64, true, false),
                present(base + 190, true, false), present(base + 4 * 64 + 1, true, false));
        try (IdlePageTracker tr = tracker(t, spec(512, 0, 0))) {
            tr.track(Set.of(409));
        }
        for (int w : new int[] {0, 1, 2, 4}) {
            assertThat(t.bitmapWord(base + w * 64L)).as("word " + (10 + w)).isEqualTo(-1L);
        }
        assertThat(t.bitmapWord(base + 3 * 64L)).as("the gap, word 13").isZero();
        assertThat(t.bitmapWord(base + 5 * 64L)).isZero();
    }

    static Stream<Arguments> pagesThatDoNotCount() {
        return Stream.of(
                Arguments.of("not exclusive", present(10, false, false), 0L, 0L),
                Arguments.of("not present", 0L, 0L, 0L),
                Arguments.of("compound tail", present(10, true, false), IdlePageTracker.KPF_COMPOUND_TAIL, 0L),
                Arguments.of("compound head", present(10, true, false), 1L << 15, 1L),
                Arguments.of("small page", present(10, true, false), 0L, 1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pagesThatDoNotCount")
    void laptopOneNodeCountsPresentExclusivePagesAndCompoundHeadsOnly(String name, long entry, long flags, long counted)
            throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        long pfn = entry & Pagemap.PFN_MASK;
        t.process(402, 7).anon(A, 2).pages(A, entry, 0L);
        t.kpageflags(pfn, flags);
        try (IdlePageTracker tr = tracker(t, spec(512, 0, 0))) {
            tr.track(Set.of(402));
            t.idle(pfn, false); // accessed (or never idle)
            assertThat(tr.scan().counts().get(402)).extracting(Count::accesses).containsExactly(counted);
        }
    }

    @Test
    void laptopOneNodeCapsAccessesPerRegionAtMaxCount() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        long pfn = t.pfn(0, 1000);
        t.process(403, 7).anon(A, 16).presentRun(A, 16, pfn, false);
        try (IdlePageTracker tr = tracker(t, spec(8, 1, 0))) {
            tr.track(Set.of(403));
            for (int i = 0; i < 6; i++) {
                t.idle(pfn + i, false);
            }
            assertThat(tr.scan().counts().get(403)).extracting(Count::accesses).containsExactly(1L, 0L);
            // the walk stopped counting at the cap, but every page's word is set idle again
            assertThat(t.bitmapWord(pfn)).isEqualTo(-1L);
        }
    }

    @Test
    void cxlTwoMemoryOnlyNodesNamesTheNodeHoldingMostPagesOrSwap() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.cxlTwoMemoryOnlyNodes(), dir);
        long n1 = t.pfn(1, 0);
        long n3 = t.pfn(3, 0);
        t.process(404, 7).anon(A, 12)
                .pages(A, present(n1, true, false), present(n3, true, false), present(n3 + 1, true, false), 0L)
                .pages(A + 4 * PAGE, PageTrackingTree.swapped(), PageTrackingTree.swapped(), present(n1, true, false), 0L)
                .pages(A + 8 * PAGE, 0L, 0L, 0L, 0L);
        try (IdlePageTracker tr = tracker(t, spec(4, 0, 0))) {
            tr.track(Set.of(404));
            assertThat(tr.scan().counts().get(404)).extracting(Count::node)
                    .containsExactly(3, RangeCounter.NODE_SWAP, RangeCounter.NODE_UNKNOWN);
        }
    }

    @Test
    void laptopOneNodeScansAnonymousMappingsOnlyAndSkipsSinglePages() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        t.process(405, 7).heap(A, 3).anon(B, 1).file(B + 0x100000, 4, "/usr/lib/libc.so.6").anon(B + 0x200000, 2);
        try (IdlePageTracker tr = tracker(t, spec(512, 0, 0))) {
            tr.track(Set.of(405));
            assertThat(tr.scan().counts().get(405)).extracting(Count::start, Count::pages)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(A, 3L),
                            org.assertj.core.groups.Tuple.tuple(B + 0x200000, 2L));
        }
    }

    @Test
    void laptopOneNodeRangeUnmappedDuringAScanCountsNothingAndLeavesAtTheNextRefresh() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        long pfn = t.pfn(0, 50);
        PageTrackingTree.Proc p = t.process(406, 7).anon(A, 4).anon(B, 4).presentRun(A, 4, pfn, false)
                .presentRun(B, 4, pfn + 4, false);
        TrackerSpec.IdlePage spec = new TrackerSpec.IdlePage(512, 0, 5000, 10_000, 0, 0, 0);
        try (IdlePageTracker tr = tracker(t, spec)) {
            tr.track(Set.of(406));
            t.idle(pfn, false);
            t.idle(pfn + 4, false);
            // B is unmapped after the regions were read: its pagemap reads as not present
            p.unmap(B).pages(B, 0L, 0L, 0L, 0L);
            assertThat(tr.scan().counts().get(406)).containsExactly(new Count(A, 4, 1, 0, 0, 0), new Count(B, 4, 0, 0, 0,
                    RangeCounter.NODE_UNKNOWN));
            now.addAndGet(10_000);
            assertThat(tr.scan().counts().get(406)).extracting(Count::start).containsExactly(A);
        }
    }

    @Test
    void laptopOneNodeProcessThatExitsCostsOnlyItself() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        long pfn = t.pfn(0, 10);
        t.process(407, 7).anon(A, 2).presentRun(A, 2, pfn, false);
        t.process(408, 7).anon(A, 2).presentRun(A, 2, pfn + 2, false);
        TrackerSpec.IdlePage spec = new TrackerSpec.IdlePage(512, 0, 5000, 0, 0, 0, 0);
        try (IdlePageTracker tr = tracker(t, spec)) {
            tr.track(Set.of(407, 408));
            t.exit(407);
            t.idle(pfn + 3, false);
            PageTracker.Scan s = tr.scan();
            assertThat(s.gone()).containsExactly(407);
            assertThat(s.counts()).containsOnlyKeys(408);
            assertThat(s.counts().get(408)).extracting(Count::accesses).containsExactly(1L);
        }
    }

    @Test
    void laptopOneNodeWithoutAnIdleBitmapFailsNamingIt() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        Files.delete(t.paths().sys("kernel/mm/page_idle/bitmap"));
        assertThatThrownBy(() -> tracker(t, spec(512, 0, 0))).isInstanceOf(IOException.class)
                .hasMessageContaining("page_idle/bitmap");
        assertThat(TrackerSupport.missing(spec(512, 0, 0), t.paths(), PAGE)).containsExactly("no "
                + t.paths().sys("kernel/mm/page_idle/bitmap")
                + ": idle page tracking (CONFIG_IDLE_PAGE_TRACKING) is not built into this kernel");
    }

    @Test
    void laptopOneNodeZoneinfoGivesTheNodeWithoutMemoryBlocks() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        Files.writeString(t.paths().proc("zoneinfo"), """
                Node 0, zone      DMA
                  pages free     3840
                        spanned  4095
                        present  3998
                  start_pfn:           1
                Node 1, zone   Normal
                  pages free     100
                        spanned  1000
                  start_pfn:           4096
                """);
        List<long[]> spans = PfnNodes.zoneSpans(t.paths().proc("zoneinfo"));
        assertThat(spans).hasSize(2);
        Files.delete(t.paths().sys("devices/system/memory/block_size_bytes"));
        PfnNodes nodes = PfnNodes.read(t.paths(), PAGE);
        assertThat(nodes.node(2)).isZero();
        assertThat(nodes.node(4096 + 999)).isEqualTo(1);
        assertThat(nodes.node(4096 + 1000)).isEqualTo(RangeCounter.NODE_UNKNOWN);
    }
}
