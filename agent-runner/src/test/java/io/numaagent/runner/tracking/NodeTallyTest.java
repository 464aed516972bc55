package io.numaagent.runner.tracking;

import static io.numaagent.runner.tracking.PageTrackingTree.PAGE;
import static io.numaagent.runner.tracking.PageTrackingTree.present;
import static io.numaagent.runner.tracking.PageTrackingTree.swapped;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.tracking.RangeCounter;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node named for a region's entries, added a region at a time (the interval of the previous page
 * checked inline) or one by one: the same answer whichever way and in whatever order the frames come.
 * Each region also has one page neither present nor swapped (no node) and one swapped page.
 */
class NodeTallyTest {

    @TempDir
    Path dir;

    /** A frame of a node's memory: its {@code index}-th. */
    @FunctionalInterface
    interface Pfn {
        long of(int node, long index);
    }

    /** A region's frames. */
    @FunctionalInterface
    interface Frames {
        long[] of(Pfn pfn);
    }

    /** Rows: name, the region's frames, the node expected. */
    static Stream<Arguments> regions() {
        return Stream.of(
                Arguments.of("allOnTheCxlNode", (Frames) p -> new long[] {p.of(3, 0), p.of(3, 1), p.of(3, 2)}, 3),
                Arguments.of("alternatingNodesMostOnNode2", (Frames) p -> new long[] {p.of(2, 5), p.of(0, 5), p.of(2, 4),
                        p.of(0, 4), p.of(2, 3)}, 2),
                // PFN 0 (pagemap without CAP_SYS_ADMIN) places no page: the one swapped page outweighs them
                Arguments.of("pfnZeroPlacesNothingSoSwapWins", (Frames) p -> new long[] {0, 0, 0}, RangeCounter.NODE_SWAP),
                Arguments.of("frameOutsideEveryNodeIsUnknownTheRestCounts", (Frames) p -> new long[] {1L << 40, 1L << 40,
                        p.of(1, 9)}, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void cxlTwoMemoryOnlyNodesNamesTheNodeOfMostFramesAddedEitherWay(String name, Frames frames, int node)
            throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.cxlTwoMemoryOnlyNodes(), dir);
        PfnNodes nodes = PfnNodes.read(t.paths(), PAGE);
        long[] pfns = frames.of(t::pfn);
        long[] entries = new long[pfns.length + 2];
        for (int i = 0; i < pfns.length; i++) {
            entries[i] = present(pfns[i], true, false);
        }
        entries[pfns.length] = 0; // not present, not swapped: no node
        entries[pfns.length + 1] = swapped();
        NodeTally batch = new NodeTally(nodes);
        batch.addAll(entries, entries.length);
        NodeTally single = new NodeTally(nodes);
        for (long e : entries) {
            single.add(e);
        }
        assertThat(batch.node()).isEqualTo(node);
        assertThat(single.node()).isEqualTo(node);
        batch.reset();
        batch.addAll(new long[] {swapped(), swapped()}, 2);
        assertThat(batch.node()).as("after reset, only swap").isEqualTo(RangeCounter.NODE_SWAP);
    }
}
