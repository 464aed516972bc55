package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** WCA's formulas; expected values are what CPython 3 prints for the same expressions. */
class NodeSelectionTest {

    private static BitSet bits(int... positions) {
        BitSet b = new BitSet();
        IntStream.of(positions).forEach(b::set);
        return b;
    }

    @ParameterizedTest(name = "round({0}, {1}) = {2}")
    @CsvSource({
            "0.3333333333333333, 4, 0.3333",
            "0.6666666666666666, 4, 0.6667",
            "0.00005, 4, 0.0001",
            "0.00015, 4, 0.0001",
            "0.00025, 4, 0.0003",
            "0.00035, 4, 0.0003",
            "0.12345, 4, 0.1235",
            "0.12355, 4, 0.1235",
            "2.675, 2, 2.67",
            "0.125, 2, 0.12",
            "0.375, 2, 0.38",
            "10.449999999990068, 1, 10.4",
            "10.450000000005478, 1, 10.5",
            "9.499999999976875, 1, 9.5",
            "0.5, 0, 0.0",
            "1.5, 0, 2.0",
            "2.5, 0, 2.0"})
    void roundsLikePython(double x, int places, double expected) {
        assertThat(WcaRounding.round(x, places)).isEqualTo(expected);
        assertThat(WcaRounding.roundExact(x, places)).isEqualTo(expected);
    }

    @Test
    void fastRoundingAgreesWithExactExpansion() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            int places = random.nextInt(5);
            // ratios of page counts and log10 of byte counts, the two kinds of value WCA rounds
            double x = i % 2 == 0 ? (double) random.nextLong(1, 1L << 30) / random.nextLong(1L << 30, 1L << 31)
                    : Math.log10(random.nextLong(1, 1L << 45));
            assertThat(WcaRounding.round(x, places)).as("round(%s, %d)", x, places)
                    .isEqualTo(WcaRounding.roundExact(x, places));
        }
        for (int k = 0; k <= 10_000; k++) {
            double half = (k + 0.5) / 10_000;
            assertThat(WcaRounding.round(half, 4)).isEqualTo(WcaRounding.roundExact(half, 4));
        }
    }

    @ParameterizedTest(name = "round(log1p({0} * 1000)) = {1}")
    @CsvSource({"0.0, 0", "0.0001, 0", "0.0005, 0", "0.0015, 1", "0.5, 6", "0.6488, 6", "1.0, 7"})
    void mostUsedScoreIsHalfEvenInteger(double preference, long expected) {
        assertThat(WcaRounding.roundToInteger(StrictMath.log1p(preference * 1000))).isEqualTo(expected);
    }

    @Test
    void minimizerCorePrefersMostUsedAndBestMemoryThenFallsBack() {
        // WCA's own case: ({1,2,3}, {1,2}, {3}) -> 1
        assertThat(NodeSelection.migrationMinimizerCore(bits(1, 2, 3), bits(1, 2), bits(3)))
                .isEqualTo(new NodeSelection.Choice(1, NodeSelection.Match.MOST_USED_AND_BEST_MEMORY));
        assertThat(NodeSelection.migrationMinimizerCore(bits(0, 2), bits(1), bits(3, 2)))
                .isEqualTo(new NodeSelection.Choice(2, NodeSelection.Match.MOST_USED_AND_MOST_FREE));
        assertThat(NodeSelection.migrationMinimizerCore(bits(0), bits(1, 3), bits(3)))
                .isEqualTo(new NodeSelection.Choice(3, NodeSelection.Match.BEST_MEMORY_AND_MOST_FREE));
        assertThat(NodeSelection.migrationMinimizerCore(bits(0), bits(1), bits(2))).isNull();
        assertThat(NodeSelection.migrationMinimizerCore(bits(0), bits(1), bits())).isNull();
    }

    @Test
    void mostFreeMemoryNodesLeavesOutNodesTooSmall() {
        boolean[] all = {true, true, true};
        assertThat(NodeSelection.mostFreeMemoryNodes(10, new long[]{10, 9, 5}, all)).isEqualTo(bits());
        assertThat(NodeSelection.mostFreeMemoryNodes(10, new long[]{11, 12, 5}, all)).isEqualTo(bits(1));
        // log10(90e9) = 10.954 and log10(91e9) = 10.959 both round to 11.0: a tie, though node 1 has more free
        assertThat(NodeSelection.mostFreeMemoryNodes(1_000_000_000L, new long[]{91_000_000_000L, 92_000_000_000L, 5}, all))
                .isEqualTo(bits(0, 1));
    }

    @Test
    void candidatesRestrictEverySet() {
        boolean[] cpuNodes = {true, true, false, false};
        long[] balanced = {50, 50, 0, 0};
        assertThat(NodeSelection.bestMemoryNode(10, balanced, cpuNodes)).isEqualTo(0);
        assertThat(NodeSelection.bestMemoryNode(10, balanced, new boolean[4])).isEqualTo(-1);
        assertThat(NodeSelection.bestMemoryNodes(10, balanced, cpuNodes)).isEqualTo(bits(0, 1));
        assertThat(NodeSelection.mostUsedNodes(new double[]{0.01, 0.2, 0.7, 0}, cpuNodes)).isEqualTo(bits(1));
        // log1p(100) = 4.6 and log1p(200) = 5.3 both round to 5
        assertThat(NodeSelection.mostUsedNodes(new double[]{0.1, 0.2, 0.7, 0}, cpuNodes)).isEqualTo(bits(0, 1));
        assertThat(NodeSelection.leastUsedNode(new long[]{5, 7, 100, 100}, cpuNodes)).isEqualTo(1);
        assertThat(NodeSelection.leastUsedNode(new long[]{7, 7, 100, 100}, cpuNodes)).isEqualTo(0);
    }

    @Test
    void balanceRoundsToFourPlaces() {
        assertThat(NodeSelection.balance(24, 48)).isEqualTo(0.3333);
        assertThat(NodeSelection.balance(1, 0)).isEqualTo(1.0);
    }
}
