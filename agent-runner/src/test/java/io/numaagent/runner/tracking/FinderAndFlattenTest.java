package io.numaagent.runner.tracking;

import static io.numaagent.runner.tracking.PageTrackingTree.PAGE;
import static io.numaagent.runner.tracking.PageTrackingTree.present;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.runner.tracking.PageTracker.Count;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** memtierd's finder tracker (§2.4) and the multi tracker's flattening (§2.5, its TestFlattened). */
class FinderAndFlattenTest {

    static final long A = 0x10_0000_0000L;

    @TempDir
    Path dir;

    static Stream<Arguments> filters() {
        // pages: present, present, swapped, present (not exclusive), present
        return Stream.of(
                Arguments.of("no filter: the whole mapping", null, null, List.of(new long[] {0, 5})),
                Arguments.of("present", true, null, List.of(new long[] {0, 2}, new long[] {3, 2})),
                Arguments.of("not present", false, null, List.of(new long[] {2, 1})),
                Arguments.of("present and exclusive", true, true, List.of(new long[] {0, 2}, new long[] {4, 1})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void cxlTwoMemoryOnlyNodesReportsMappingsOrTheirMatchingRuns(String name, Boolean present, Boolean exclusive,
                                                                 List<long[]> runs) throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.cxlTwoMemoryOnlyNodes(), dir);
        long pfn = t.pfn(2, 0);
        t.process(600, 7).anon(A, 5).pages(A, present(pfn, true, false), present(pfn + 1, true, false),
                PageTrackingTree.swapped(), present(pfn + 2, false, false), present(pfn + 3, true, false));
        TrackerSpec.Finder spec = new TrackerSpec.Finder(0, 42, present, exclusive, null);
        try (FinderTracker tr = new FinderTracker(spec, t.paths(), PAGE, PfnNodes.read(t.paths(), PAGE), () -> 0L)) {
            tr.track(Set.of(600));
            List<Count> got = tr.scan().counts().get(600);
            assertThat(got).hasSize(runs.size());
            for (int i = 0; i < runs.size(); i++) {
                assertThat(got.get(i).start()).isEqualTo(A + runs.get(i)[0] * PAGE);
                assertThat(got.get(i).pages()).isEqualTo(runs.get(i)[1]);
                assertThat(got.get(i).accesses()).isEqualTo(42);
            }
            assertThat(tr.summed()).isFalse();
        }
    }

    static RangeCounter rc(long from, long to, long a, long r, long w) {
        return new RangeCounter(from * PAGE, to - from, a, r, w, 0, RangeCounter.NODE_UNKNOWN);
    }

    @Test
    void overlappingCountersAreSplitAndSummedAsMemtierdsTestFlattened() {
        List<RangeCounter> out = Flatten.flatten(List.of(rc(1, 3, 1, 2, 3), rc(5, 11, 11, 12, 13), rc(10, 70, 21, 22, 23)),
                PAGE);
        assertThat(out).containsExactly(rc(1, 3, 1, 2, 3), rc(5, 10, 11, 12, 13), rc(10, 11, 32, 34, 36),
                rc(11, 70, 21, 22, 23));
    }

    @Test
    void identicalRangesOfTwoTrackersAddUpAndKeepAKnownNode() {
        RangeCounter idle = new RangeCounter(0x1000, 4, 3, 0, 0, 5, 2);
        RangeCounter dirty = new RangeCounter(0x1000, 4, 0, 0, 2, 9, RangeCounter.NODE_UNKNOWN);
        assertThat(Flatten.flatten(List.of(idle, dirty), PAGE)).containsExactly(new RangeCounter(0x1000, 4, 3, 0, 2, 9, 2));
    }
}
