package io.numaagent.plugins.tiermover.policy;

import static io.numaagent.plugins.tiermover.policy.Synthetic.A;
import static io.numaagent.plugins.tiermover.policy.Synthetic.B;
import static io.numaagent.plugins.tiermover.policy.Synthetic.describe;
import static io.numaagent.plugins.tiermover.policy.Synthetic.p;
import static io.numaagent.plugins.tiermover.policy.Synthetic.r;
import static io.numaagent.plugins.tiermover.policy.Synthetic.round;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.plugins.tiermover.config.HeatmapSettings;
import io.numaagent.plugins.tiermover.config.MemorySize;
import io.numaagent.plugins.tiermover.config.MoverSettings;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import io.numaagent.plugins.tiermover.config.TaskSelector;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The heat policy on cxlTwoMemoryOnlyNodes. Heat max 0.01 as in memtierd's e2e tests: 6 accesses in a
 * 512-page range is heat 0.0117, clamped to 0.01, the hottest class; 0 accesses is class 0.
 */
class HeatPolicyTest {

    static PolicySettings.Heat settings(int classes, Map<Integer, List<Integer>> heatNumas, Map<Integer, MemorySize> sizes,
                                        String mode) {
        return new PolicySettings.Heat(new TaskSelector.AllTasks(), new TrackerSpec.IdlePage(512, 1, 500, 10_000, 0, 0, 0),
                new HeatmapSettings(0.01, 0, classes), MoverSettings.DEFAULTS, 4000, heatNumas, sizes, mode);
    }

    static MemorySize pages(long n) {
        return new MemorySize(n * Synthetic.PS, -1);
    }

    static Stream<Arguments> firstRounds() {
        String fff = PolicySettings.Heat.FILL_FAST_FREE;
        return Stream.of(
                Arguments.of("cxlTwoMemoryOnlyNodesColdClassToSwap", settings(5, Map.of(0, List.of(-1)), Map.of(), fff),
                        List.of(p(A, 101, r(0, 512, 6, 0), r(512, 512, 0, 0))), List.of("swap-out 101 [512+512]")),
                Arguments.of("cxlTwoMemoryOnlyNodesHotToDramColdToCpuless",
                        settings(2, Map.of(0, List.of(3), 1, List.of(1)), Map.of(), fff),
                        List.of(p(A, 101, r(0, 512, 6, 0), r(512, 512, 0, 0))),
                        List.of("move-pages 101 [0+512] -> 1", "move-pages 101 [512+512] -> 3")),
                Arguments.of("cxlTwoMemoryOnlyNodesAlreadyOnAGoodNodeOrUnknownStays",
                        settings(2, Map.of(0, List.of(2, 3), 1, List.of(0, 1)), Map.of(), fff),
                        List.of(p(A, 101, r(0, 512, 6, 1), r(512, 512, 0, 3), r(1024, 512, 0, RangeCounter.NODE_UNKNOWN),
                                r(1536, 512, 0, RangeCounter.NODE_SWAP))), List.of()),
                Arguments.of("cxlTwoMemoryOnlyNodesLimitedNodeWithRoomFirstThenUnlimited",
                        settings(2, Map.of(0, List.of(2, 3)), Map.of(2, pages(1024)), fff),
                        List.of(p(A, 101, r(0, 512, 0, 0), r(512, 512, 0, 0), r(1024, 512, 0, 0))),
                        // 2: 1024 - 0 - 512 = 512 > 0 (unlimited 3); then 1024 - 512 - 512 = 0, enough (memtierd wants 512 more)
                        List.of("move-pages 101 [0+1024] -> 2", "move-pages 101 [1024+512] -> 3")),
                Arguments.of("cxlTwoMemoryOnlyNodesPagesAlreadyOnALimitedNodeCount",
                        settings(2, Map.of(0, List.of(2, 3)), Map.of(2, pages(1024)), fff),
                        List.of(p(A, 101, r(0, 512, 0, 0)), p(B, 201, r(0, 600, 6, 2))),
                        List.of("move-pages 101 [0+512] -> 3")),
                Arguments.of("cxlTwoMemoryOnlyNodesNoHeatNumasMovesNothing", settings(2, Map.of(), Map.of(), fff),
                        List.of(p(A, 101, r(0, 512, 0, 0))), List.of()),
                Arguments.of("cxlTwoMemoryOnlyNodesNoLimitsWaitsTwentySeconds",
                        settings(2, Map.of(0, List.of(3)), Map.of(), PolicySettings.Heat.NO_LIMITS),
                        List.of(p(A, 101, r(0, 512, 0, 0))), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstRounds")
    void firstRound(String name, PolicySettings.Heat settings, List<ProcessCounters> processes, List<String> expected) {
        HeatPolicy policy = new HeatPolicy(settings);
        assertThat(describe(policy.round(round(0, true, processes.toArray(ProcessCounters[]::new))))).isEqualTo(expected);
    }

    @Test
    void cxlTwoMemoryOnlyNodesNoLimitsMovesStableFreshRangesToTheFirstNode() {
        HeatPolicy policy = new HeatPolicy(settings(2, Map.of(0, List.of(3, 2), 1, List.of(0)), Map.of(),
                PolicySettings.Heat.NO_LIMITS));
        ProcessCounters a = p(A, 101, r(0, 512, 0, 0), r(512, 512, 6, 1));
        assertThat(policy.round(round(0, true, a))).isEmpty();
        assertThat(policy.round(round(10_000, true, a))).isEmpty();
        assertThat(describe(policy.round(round(20_000, true, a))))
                .containsExactly("move-pages 101 [0+512] -> 3", "move-pages 101 [512+512] -> 0");
    }

    @Test
    void cxlTwoMemoryOnlyNodesOwnMoveIsRememberedUntilACountAfterIt() {
        HeatPolicy policy = new HeatPolicy(settings(2, Map.of(0, List.of(3)), Map.of(), PolicySettings.Heat.FILL_FAST_FREE));
        ProcessCounters before = new ProcessCounters(A, 101, 1, 0, List.of(r(0, 512, 0, 0)));
        assertThat(describe(policy.round(round(4000, true, before)))).containsExactly("move-pages 101 [0+512] -> 3");
        // a count from a scan before the move still says node 0: the move is not asked again
        assertThat(policy.round(round(8000, true, before))).isEmpty();
        assertThat(policy.nodeAt(101, Synthetic.BASE)).isEqualTo(3);
        // a scan after the move that finds the pages on node 0 (the move failed): asked again
        ProcessCounters after = new ProcessCounters(A, 101, 1, 9000, List.of(r(0, 512, 0, 0)));
        assertThat(describe(policy.round(round(12_000, true, after)))).containsExactly("move-pages 101 [0+512] -> 3");
    }

    @Test
    void cxlTwoMemoryOnlyNodesMoverBusyStillUpdatesTheHeatmap() {
        HeatPolicy policy = new HeatPolicy(settings(5, Map.of(0, List.of(-1)), Map.of(), PolicySettings.Heat.FILL_FAST_FREE));
        assertThat(policy.round(round(0, false, p(A, 101, r(0, 512, 6, 0))))).isEmpty();
        assertThat(policy.heatmap().ranges(101)).hasSize(1);
        assertThat(policy.heatmap().ranges(101).get(0).heat()).isEqualTo(0.01);
    }
}
