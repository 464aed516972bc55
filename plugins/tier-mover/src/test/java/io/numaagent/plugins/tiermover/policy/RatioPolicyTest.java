package io.numaagent.plugins.tiermover.policy;

import static io.numaagent.plugins.tiermover.policy.Synthetic.A;
import static io.numaagent.plugins.tiermover.policy.Synthetic.describe;
import static io.numaagent.plugins.tiermover.policy.Synthetic.r;
import static io.numaagent.plugins.tiermover.policy.Synthetic.round;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.plugins.tiermover.config.MoverSettings;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import io.numaagent.plugins.tiermover.config.TaskSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ratio policy on cxlTwoMemoryOnlyNodes: process 101 has ten ranges of 128 pages (1280 pages) with
 * accesses 5 0 3 0 1 9 0 2 7 4 in one round; ranges 1, 3 and 6 are the least accessed.
 */
class RatioPolicyTest {

    static final long[] ACCESSES = {5, 0, 3, 0, 1, 9, 0, 2, 7, 4};

    static ProcessCounters meme(int... nodes) {
        List<RangeCounter> ranges = new ArrayList<>();
        for (int i = 0; i < ACCESSES.length; i++) {
            ranges.add(r(i * 128L, 128, ACCESSES[i], nodes.length == 0 ? 0 : nodes[i]));
        }
        return new ProcessCounters(A, 101, 1, 0, ranges);
    }

    static PolicySettings.Ratio settings(double ratio, int target) {
        return new PolicySettings.Ratio(new TaskSelector.AllTasks(), new TrackerSpec.IdlePage(512, 1, 5000, 10_000, 0, 0, 0),
                MoverSettings.DEFAULTS, 5000, ratio, target);
    }

    static Stream<Arguments> cases() {
        int s = RangeCounter.NODE_SWAP;
        return Stream.of(
                Arguments.of("cxlTwoMemoryOnlyNodesThirtyPercentToSwap", settings(0.3, -1), meme(),
                        List.of("swap-out 101 [128+128, 384+128, 768+128]")),
                Arguments.of("cxlTwoMemoryOnlyNodesFortyPercentToCpulessNodeThree", settings(0.4, 3), meme(),
                        // 0.4 * 1280 = 512: the three with 0 accesses and the one with 1 (range 4, adjacent to 3)
                        List.of("move-pages 101 [128+128, 384+256, 768+128] -> 3")),
                Arguments.of("cxlTwoMemoryOnlyNodesRangeAlreadyInSwapCountsOnce", settings(0.3, -1), meme(0, s, 0, 0, 0, 0, 0, 0, 0, 0),
                        // memtierd counts range 1 twice and swaps out range 3 only
                        List.of("swap-out 101 [384+128, 768+128]")),
                Arguments.of("cxlTwoMemoryOnlyNodesRatioReachedMovesNothing", settings(0.2, 3), meme(3, 3, 0, 0, 0, 0, 0, 0, 0, 0),
                        List.of()),
                Arguments.of("cxlTwoMemoryOnlyNodesAllOfIt", settings(1.0, -1), meme(),
                        List.of("swap-out 101 [0+1280]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneRound(String name, PolicySettings.Ratio settings, ProcessCounters process, List<String> expected) {
        assertThat(describe(new RatioPolicy(settings).round(round(0, true, process)))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void cxlTwoMemoryOnlyNodesAccessesAddUpOverRounds() {
        RatioPolicy policy = new RatioPolicy(settings(0.1, -1));
        // round 1: range 1 unaccessed; round 2: range 1 accessed 10 times, range 3 never: range 3 has fewer in total
        policy.round(round(0, false, meme()));
        List<RangeCounter> second = new ArrayList<>(meme().ranges());
        second.set(1, r(128, 128, 10, 0));
        assertThat(describe(policy.round(round(5000, true, new ProcessCounters(A, 101, 1, 0, second)))))
                .containsExactly("swap-out 101 [384+128]");
    }
}
