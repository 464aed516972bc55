package io.numaagent.plugins.tiermover.heat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.config.HeatmapSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The heatmap over hand-computed cases: one process (pid 1000), 4 KiB pages, ranges given in pages.
 * Heat per page is (accesses + reads + writes) / pages, clamped to heat max; an overlapped part gets
 * {@code new + old * retention^seconds}; uncovered parts keep heat and update time.
 */
class HeatmapTest {

    static final long PS = 4096;
    static final int PID = 1000;

    /** A counter of {@code writes} writes over {@code pages} pages from page {@code startPage}. */
    static RangeCounter w(long writes, long startPage, long pages) {
        return new RangeCounter(startPage * PS, pages, 0, 0, writes, 0, RangeCounter.NODE_UNKNOWN);
    }

    static Heatmap map(double max, double retention) {
        return new Heatmap(new HeatmapSettings(max, retention, 10), PS);
    }

    /** Heat and update time (ms) expected at a page. */
    record At(long page, double heat, long updatedMs) {
    }

    static Stream<Arguments> overlaps() {
        return Stream.of(
                Arguments.of("disjoint ranges", 1.0, 0.9513, List.of(w(1, 100, 50)), 0L, List.of(w(2, 10, 80)), 1000L,
                        List.of(new At(110, 0.02, 0), new At(20, 0.025, 1000))),
                Arguments.of("touching at the old start", 1.0, 0.9513, List.of(w(1, 100, 50)), 0L, List.of(w(2, 20, 80)), 1000L,
                        List.of(new At(100, 0.02, 0), new At(99, 0.025, 1000))),
                Arguments.of("touching at the old end", 1.0, 0.9513, List.of(w(1, 100, 50)), 0L, List.of(w(2, 150, 80)), 1000L,
                        List.of(new At(149, 0.02, 0), new At(150, 0.025, 1000))),
                Arguments.of("same range, retention 1: heats add", 1.0, 1.0, List.of(w(1, 100, 50)), 0L, List.of(w(1, 100, 50)),
                        1000L, List.of(new At(100, 0.04, 1000), new At(149, 0.04, 1000))),
                Arguments.of("same range, retention 0: old heat gone after 1 s", 1.0, 0.0, List.of(w(1, 100, 50)), 0L,
                        List.of(w(1, 100, 50)), 1000L, List.of(new At(100, 0.02, 1000))),
                Arguments.of("same range, retention 0 at the same time: 0^0 = 1 keeps the old heat", 1.0, 0.0,
                        List.of(w(1, 100, 50)), 1000L, List.of(w(1, 100, 50)), 1000L, List.of(new At(100, 0.04, 1000))),
                Arguments.of("same range, retention 0.5", 1.0, 0.5, List.of(w(1, 100, 50)), 0L, List.of(w(1, 100, 50)), 1000L,
                        List.of(new At(100, 0.03, 1000))),
                Arguments.of("both counts above heat max: clamped twice", 1.0, 0.5, List.of(w(200, 100, 50)), 0L,
                        List.of(w(200, 100, 50)), 1000L, List.of(new At(100, 1.0, 1000))),
                Arguments.of("2 s later at retention 0.5: 0.02 + 1.0 * 0.25", 1.0, 0.5, List.of(w(200, 100, 50)), 0L,
                        List.of(w(1, 100, 50)), 2000L, List.of(new At(149, 0.27, 2000))),
                Arguments.of("overlap at the old start", 1.0, 0.5, List.of(w(25, 100, 50)), 1000L, List.of(w(25, 75, 50)), 2000L,
                        List.of(new At(75, 0.5, 2000), new At(100, 0.75, 2000), new At(124, 0.75, 2000), new At(125, 0.5, 1000))),
                Arguments.of("overlap at the old end", 1.0, 0.5, List.of(w(25, 100, 50)), 1000L, List.of(w(25, 125, 50)), 2000L,
                        List.of(new At(100, 0.5, 1000), new At(124, 0.5, 1000), new At(125, 0.75, 2000), new At(149, 0.75, 2000),
                                new At(150, 0.5, 2000), new At(174, 0.5, 2000))),
                Arguments.of("new range inside an old one, retention 0", 1.0, 0.0, List.of(w(25, 100, 50)), 2000L,
                        List.of(w(1, 110, 10)), 4000L,
                        List.of(new At(100, 0.5, 2000), new At(110, 0.1, 4000), new At(119, 0.1, 4000), new At(120, 0.5, 2000))),
                Arguments.of("new range over both ends of an old one, retention 1", 1.0, 1.0, List.of(w(25, 100, 50)), 1000L,
                        List.of(w(20, 0, 200)), 3000L,
                        List.of(new At(0, 0.1, 3000), new At(99, 0.1, 3000), new At(100, 0.6, 3000), new At(150, 0.1, 3000))),
                Arguments.of("one new range over contiguous old ones", 1.0, 0.5,
                        List.of(w(1, 50, 50), w(1, 100, 100), w(10, 200, 100), w(100, 300, 100), w(90, 400, 100)), 3000L,
                        List.of(w(20, 150, 200)), 4000L,
                        // 0.1 + old * 0.5: 0.01 -> 0.105, 0.1 -> 0.15, 1.0 -> 0.6; outside keeps its heat
                        List.of(new At(50, 0.02, 3000), new At(100, 0.01, 3000), new At(150, 0.105, 4000),
                                new At(200, 0.15, 4000), new At(300, 0.6, 4000), new At(350, 1.0, 3000), new At(400, 0.9, 3000))),
                Arguments.of("one new range over old ones with holes between", 1.0, 0.5,
                        List.of(w(0, 50, 50), w(1, 100, 50), w(40, 200, 50), w(4, 300, 40), w(90, 400, 100)), 3000L,
                        List.of(w(20, 120, 200)), 4000L,
                        List.of(new At(119, 0.02, 3000), new At(120, 0.11, 4000), new At(150, 0.1, 4000), new At(200, 0.5, 4000),
                                new At(250, 0.1, 4000), new At(300, 0.15, 4000), new At(319, 0.15, 4000),
                                new At(320, 0.1, 3000), new At(400, 0.9, 3000))),
                Arguments.of("two new counters overlapping each other: the second adds to the first at 0 s", 1.0, 0.5,
                        List.of(w(1, 100, 50)), 3000L, List.of(w(0, 50, 100), w(10, 120, 100)), 4000L,
                        // c1: [50,100) new 0; [100,150) 0 + 0.02 * 0.5 = 0.01. c2 (0.1) at the same time: [120,150) 0.1 + 0.01
                        List.of(new At(50, 0.0, 4000), new At(100, 0.01, 4000), new At(119, 0.01, 4000), new At(120, 0.11, 4000),
                                new At(150, 0.1, 4000), new At(219, 0.1, 4000))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlaps")
    void onePidOverlapsAndSplits(String name, double max, double retention, List<RangeCounter> orig, long origMs,
                                 List<RangeCounter> update, long updateMs, List<At> expected) {
        Heatmap h = map(max, retention);
        h.update(Map.of(PID, orig), origMs);
        h.update(Map.of(PID, update), updateMs);

        for (At at : expected) {
            Heatmap.HeatRange r = h.rangeAt(PID, at.page * PS);
            assertThat(r).as("range at page %d", at.page).isNotNull();
            assertThat(r.heat()).as("heat at page %d", at.page).isCloseTo(at.heat, within(1e-12));
            assertThat(r.updatedMs()).as("updated at page %d", at.page).isEqualTo(at.updatedMs);
        }
        List<Heatmap.HeatRange> rs = h.ranges(PID);
        for (int i = 1; i < rs.size(); i++) {
            assertThat(rs.get(i).addr()).as("sorted, no overlap").isGreaterThanOrEqualTo(rs.get(i - 1).end(PS));
        }
    }

    @Test
    void onePidHoleBoundariesAndSplitRangesAreNeverMerged() {
        Heatmap h = map(1.0, 0.9513);
        h.update(Map.of(PID, List.of(w(0, 100, 50), w(0, 150, 50), new RangeCounter(200 * PS, 50, 1, 0, 0, 0, 0),
                w(100, 500, 100))), 0);

        assertThat(h.rangeAt(4040, 0)).isNull();
        assertThat(h.rangeAt(PID, 99 * PS)).isNull();
        assertThat(h.rangeAt(PID, 100 * PS).heat()).isZero();
        assertThat(h.rangeAt(PID, 199 * PS).heat()).isZero();
        assertThat(h.rangeAt(PID, 200 * PS).heat()).isEqualTo(0.02);
        assertThat(h.rangeAt(PID, 250 * PS)).isNull();
        assertThat(h.rangeAt(PID, 499 * PS)).isNull();
        assertThat(h.rangeAt(PID, 599 * PS).heat()).isEqualTo(1.0);
        assertThat(h.rangeAt(PID, 600 * PS)).isNull();

        // one counter over three ranges and the hole: [180, 580)
        h.update(Map.of(PID, List.of(w(0, 180, 400))), 1000);
        assertThat(h.ranges(PID)).extracting(r -> r.addr() / PS + "+" + r.pages())
                .containsExactly("100+50", "150+30", "180+20", "200+50", "250+250", "500+80", "580+20");
        assertThat(h.rangeAt(PID, 579 * PS).heat()).isCloseTo(0.9513, within(1e-12));
        assertThat(h.rangeAt(PID, 580 * PS).heat()).isEqualTo(1.0);
        assertThat(h.rangeAt(PID, 580 * PS).updatedMs()).isZero();
    }

    @Test
    void twoPidsAPidWithoutCountersInAnUpdateIsDropped() {
        Heatmap h = map(1.0, 0.5);
        Map<Integer, List<RangeCounter>> both = new LinkedHashMap<>();
        both.put(PID, List.of(w(1, 100, 50)));
        both.put(2000, List.of(w(1, 100, 50)));
        h.update(both, 0);
        h.update(Map.of(2000, List.of(w(1, 100, 50))), 1000);

        assertThat(h.pids()).containsExactly(2000);
        assertThat(h.rangeAt(PID, 100 * PS)).isNull();
        assertThat(h.rangeAt(2000, 100 * PS).heat()).isCloseTo(0.03, within(1e-12));
    }

    static Stream<Arguments> classes() {
        return Stream.of(
                // the e2e heat tests: heatmax 0.01, 5 classes, 512-page idlepage regions
                Arguments.of(0.01, 5, 1.0 / 512, 0),
                Arguments.of(0.01, 5, 2.0 / 512, 1),
                Arguments.of(0.01, 5, 0.01, 4),
                Arguments.of(1.0, 10, 0.0, 0),
                Arguments.of(1.0, 10, 0.0999, 0),
                Arguments.of(1.0, 10, 0.1, 1),
                Arguments.of(1.0, 10, 0.95, 9),
                Arguments.of(1.0, 10, 1.0, 9),
                Arguments.of(1.0, 2, 0.5, 1),
                Arguments.of(1.0, 2, 0.4999, 0));
    }

    @ParameterizedTest(name = "max {0}, {1} classes: heat {2} is class {3}")
    @MethodSource("classes")
    void classBoundaries(double max, int classes, double heat, int expected) {
        assertThat(new Heatmap(new HeatmapSettings(max, 0.5, classes), PS).heatClass(heat)).isEqualTo(expected);
    }

    @Test
    void onePidDumpIsMemtierdsPolicyDumpHeatmap() {
        Heatmap h = map(1.0, 0.5);
        assertThat(h.dump()).isEqualTo("heatmap:\n");

        h.update(Map.of(PID, List.of(w(1, 100, 50), w(25, 150, 50))), 0);
        h.update(Map.of(PID, List.of(w(1, 100, 50))), 1500);

        assertThat(h.dump()).isEqualTo("""
                heatmap:
                pid: 1000: 0 {64000-96000(50),0.027071,0,1.500000s} (class 0)
                pid: 1000: 1 {96000-c8000(50),0.500000,0,0.000000s} (class 5)""");
    }
}
