package io.numaagent.runner.tracking;

import static io.numaagent.runner.tracking.PageTrackingTree.PAGE;
import static io.numaagent.runner.tracking.PageTrackingTree.present;
import static io.numaagent.runner.tracking.PageTrackingTree.read;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The damon tracker over a fixture DAMON sysfs tree (§2.3, sysfs only). */
class DamonTrackerTest {

    static final long A = 0x10_0000_0000L;

    @TempDir
    Path dir;

    final AtomicLong now = new AtomicLong(1_000_000);

    static TrackerSpec.Damon spec(List<Integer> kdamonds, int nrKdamonds, boolean takeOver) {
        return new TrackerSpec.Damon(5000, 100_000, 1_000_000, 10, 1000, 32L << 20, kdamonds, nrKdamonds, takeOver, false);
    }

    DamonTracker tracker(PageTrackingTree t, TrackerSpec.Damon spec) {
        return new DamonTracker(spec, t.paths(), PAGE, PfnNodes.read(t.paths(), PAGE), now::get);
    }

    @Test
    void cxlTwoMemoryOnlyNodesConfiguresOneKdamondForTwoPidsAndReadsEachTargetsTriedRegions() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.cxlTwoMemoryOnlyNodes(), dir);
        t.damon(1, 4);
        long pfn = t.pfn(3, 0);
        t.process(700, 7).anon(A, 4).presentRun(A, 4, pfn, false);
        t.process(701, 7).anon(A, 4);
        try (DamonTracker tr = tracker(t, spec(List.of(0), 0, false))) {
            tr.track(Set.of(700, 701));
            assertThat(read(t.damonFile(0, "state"))).isEqualTo("on");
            assertThat(read(t.damonFile(0, "contexts/nr_contexts"))).isEqualTo("1");
            assertThat(read(t.damonFile(0, "contexts/0/operations"))).isEqualTo("vaddr");
            assertThat(read(t.damonFile(0, "contexts/0/monitoring_attrs/intervals/sample_us"))).isEqualTo("5000");
            assertThat(read(t.damonFile(0, "contexts/0/monitoring_attrs/intervals/aggr_us"))).isEqualTo("100000");
            assertThat(read(t.damonFile(0, "contexts/0/monitoring_attrs/nr_regions/max"))).isEqualTo("1000");
            assertThat(read(t.damonFile(0, "contexts/0/targets/nr_targets"))).isEqualTo("2");
            assertThat(read(t.damonFile(0, "contexts/0/targets/0/pid_target"))).isEqualTo("700");
            assertThat(read(t.damonFile(0, "contexts/0/targets/1/pid_target"))).isEqualTo("701");
            assertThat(read(t.damonFile(0, "contexts/0/schemes/nr_schemes"))).isEqualTo("2");
            for (int s = 0; s < 2; s++) {
                String scheme = "contexts/0/schemes/" + s + "/";
                assertThat(read(t.damonFile(0, scheme + "action"))).isEqualTo("stat");
                assertThat(read(t.damonFile(0, scheme + "access_pattern/sz/max"))).isEqualTo(DamonTracker.ULONG_MAX);
                assertThat(read(t.damonFile(0, scheme + "filters/0/type"))).isEqualTo("target");
                assertThat(read(t.damonFile(0, scheme + "filters/0/damon_target_idx"))).isEqualTo(Integer.toString(s));
                assertThat(read(t.damonFile(0, scheme + "filters/0/matching"))).isEqualTo("N");
            }
            t.triedRegions(0, 0, new long[] {A, A + 4 * PAGE, 3, 5}, new long[] {A + (64L << 20), A + (128L << 20), 9, 1});
            t.triedRegions(0, 1, new long[] {A, A + 2 * PAGE, 0, 12});
            now.addAndGet(1000); // ten aggregation intervals of 100 ms since the kdamond started
            PageTracker.Scan s = tr.scan();
            assertThat(read(t.damonFile(0, "state"))).isEqualTo("update_schemes_tried_regions");
            // the 64 MiB region is larger than filterAddressRangeSizeMax (32 MiB): left out
            assertThat(s.counts().get(700)).containsExactly(new Count(A, 4, 30, 0, 0, 3));
            assertThat(s.counts().get(701)).containsExactly(new Count(A, 2, 0, 0, 0, RangeCounter.NODE_UNKNOWN));
        }
        assertThat(read(t.damonFile(0, "state"))).as("turned off on close").isEqualTo("off");
    }

    /**
     * DAMON's regions span libraries and gaps: each is clipped to the anonymous mappings, a part keeping the
     * region's accesses per page (regression: the heat policy moved library pages, which move_pages refused).
     */
    @Test
    void cxlTwoMemoryOnlyNodesRegionsAreClippedToAnonymousMappings() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.cxlTwoMemoryOnlyNodes(), dir);
        t.damon(1, 1);
        long pfn = t.pfn(3, 0);
        t.process(706, 7).anon(A, 8).file(A + 8 * PAGE, 4, "/usr/lib/libc.so.6").anon(A + 16 * PAGE, 4)
                .presentRun(A, 8, pfn, false).presentRun(A + 8 * PAGE, 4, t.pfn(0, 0), false);
        try (DamonTracker tr = tracker(t, spec(List.of(0), 0, false))) {
            tr.track(Set.of(706));
            // 16 pages: 4 of the first anonymous mapping, the library's 4, a 4-page gap, the second mapping's 4
            t.triedRegions(0, 0, new long[] {A + 4 * PAGE, A + 20 * PAGE, 4, 3}, new long[] {A + 8 * PAGE, A + 12 * PAGE, 9, 3});
            now.addAndGet(1000);
            PageTracker.Scan s = tr.scan();
            assertThat(s.counts().get(706)).containsExactly(
                    new Count(A + 4 * PAGE, 4, 10, 0, 0, 3),
                    new Count(A + 16 * PAGE, 4, 10, 0, 0, RangeCounter.NODE_UNKNOWN));
            assertThat(s.pagesScanned()).isEqualTo(8);
        }
    }

    @Test
    void laptopOneNodeRunningKdamondIsTakenOverOnlyWhenConfigured() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        t.damon(2, 1);
        Files.writeString(t.damonFile(1, "state"), "on\n");
        t.process(702, 7).anon(A, 2);
        try (DamonTracker tr = tracker(t, spec(List.of(1), 0, false))) {
            assertThatThrownBy(() -> tr.track(Set.of(702))).isInstanceOf(IOException.class)
                    .hasMessageContaining("kdamond 1 is running").hasMessageContaining("takeOverKdamonds is off");
        }
        assertThat(read(t.damonFile(1, "state"))).as("left alone").isEqualTo("on");
        try (DamonTracker tr = tracker(t, spec(List.of(1), 0, true))) {
            tr.track(Set.of(702));
            assertThat(read(t.damonFile(1, "contexts/0/targets/0/pid_target"))).isEqualTo("702");
            assertThat(read(t.damonFile(1, "contexts/0/schemes/0/filters/nr_filters"))).isEqualTo("0");
        }
        assertThat(read(t.damonFile(1, "state"))).isEqualTo("off");
    }

    @Test
    void laptopOneNodeCreatesKdamondsWhenNoneExistAndRemovesThemOnClose() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        t.damon(1, 1);
        Files.writeString(t.paths().sys("kernel/mm/damon/admin/kdamonds/nr_kdamonds"), "0\n");
        t.process(703, 7).anon(A, 2);
        try (DamonTracker tr = tracker(t, spec(List.of(0), 1, false))) {
            tr.track(Set.of(703));
            assertThat(read(t.paths().sys("kernel/mm/damon/admin/kdamonds/nr_kdamonds"))).isEqualTo("1");
        }
        assertThat(read(t.paths().sys("kernel/mm/damon/admin/kdamonds/nr_kdamonds"))).isEqualTo("0");
        try (DamonTracker tr = tracker(t, spec(List.of(0), 0, false))) {
            assertThatThrownBy(() -> tr.track(Set.of(703))).hasMessageContaining("nrKdamonds is 0");
        }
    }

    @Test
    void laptopOneNodeTargetThatExitsIsDroppedAndTheKdamondRestartsWithTheOthers() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        t.damon(1, 2);
        t.process(704, 7).anon(A, 2);
        t.process(705, 7).anon(A, 2);
        try (DamonTracker tr = tracker(t, spec(List.of(0), 0, false))) {
            tr.track(Set.of(704, 705));
            t.exit(704);
            PageTracker.Scan s = tr.scan();
            assertThat(s.gone()).containsExactly(704);
            assertThat(read(t.damonFile(0, "contexts/0/targets/nr_targets"))).isEqualTo("1");
            assertThat(read(t.damonFile(0, "contexts/0/targets/0/pid_target"))).isEqualTo("705");
            assertThat(read(t.damonFile(0, "state"))).isEqualTo("on");
            t.triedRegions(0, 0, new long[] {A, A + 2 * PAGE, 2, 1});
            now.addAndGet(100);
            assertThat(tr.scan().counts()).containsOnlyKeys(705);
        }
    }

    @Test
    void laptopOneNodeKdamondDirectoryThatDisappearsFailsTheScanNamingIt() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        t.damon(1, 1);
        t.process(706, 7).anon(A, 2);
        try (DamonTracker tr = tracker(t, spec(List.of(0), 0, false))) {
            tr.track(Set.of(706));
            Files.delete(t.damonFile(0, "state"));
            assertThatThrownBy(tr::scan).isInstanceOf(IOException.class).hasMessageContaining("kdamonds/0/state");
        }
        assertThat(TrackerSupport.missing(spec(List.of(0), 0, false), t.paths(), PAGE)).isEmpty();
    }

    @Test
    void laptopOneNodeKdamondThatCannotBeTurnedOffIsReportedAsUnreleased() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        t.damon(1, 1);
        t.process(707, 7).anon(A, 2);
        DamonTracker tr = tracker(t, spec(List.of(0), 0, false));
        tr.track(Set.of(707));
        // the state file turned into something that cannot be read or written: "off" cannot be said
        Files.delete(t.damonFile(0, "state"));
        Files.createDirectory(t.damonFile(0, "state"));
        tr.close();
        assertThat(tr.unreleased()).singleElement().asString().startsWith("kdamond 0 not turned off (")
                .contains("kdamonds/0/state");

        DamonTracker clean = tracker(t, spec(List.of(0), 0, false));
        clean.close();
        assertThat(clean.unreleased()).as("nothing started, nothing left").isEmpty();
    }

    @Test
    void laptopOneNodeUnusableKdamondsAreNamedAtCheck() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        t.damon(2, 1);
        Files.writeString(t.damonFile(1, "state"), "on\n");
        assertThat(TrackerSupport.missing(spec(List.of(), 0, false), t.paths(), PAGE))
                .containsExactly("the damon tracker lists no kdamond to use (kdamonds)");
        assertThat(TrackerSupport.missing(spec(List.of(0, 1, 2), 0, false), t.paths(), PAGE)).containsExactly(
                "kdamond 1 is running (another DAMON user) and takeOverKdamonds is off",
                "kdamond 2 does not exist (" + t.paths().sys("kernel/mm/damon/admin/kdamonds/nr_kdamonds") + " is 2)");
        assertThat(TrackerSupport.missing(spec(List.of(1), 0, true), t.paths(), PAGE)).isEmpty();
        Files.writeString(t.paths().sys("kernel/mm/damon/admin/kdamonds/nr_kdamonds"), "0\n");
        assertThat(TrackerSupport.missing(spec(List.of(0), 1, false), t.paths(), PAGE)).isEmpty();
    }
}
