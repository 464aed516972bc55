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
import io.numaagent.plugins.tiermover.config.MoverSettings;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import io.numaagent.plugins.tiermover.config.TaskSelector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The age policy over rounds 5 s apart on cxlTwoMemoryOnlyNodes, with memtierd's e2e settings
 * (idle 8 s to CPU-less node 3, active 6 s to node 1). Process 101 has a hot range (pages 0-511),
 * two adjacent idle ranges (512-1535), a small idle range right after them (1536-1585), and a small
 * idle range alone (4096-4145); everything starts on node 0.
 */
class AgePolicyTest {

    static PolicySettings.Age settings(long swapOutMs, long idleMs, List<Integer> idle, long activeMs, List<Integer> active) {
        return new PolicySettings.Age(new TaskSelector.AllTasks(), new TrackerSpec.IdlePage(512, 1, 5000, 10_000, 0, 0, 0),
                MoverSettings.DEFAULTS, 5000, swapOutMs, idleMs, idle, activeMs, active);
    }

    /** Round {@code n} (at n * 5 s) of process 101: the hot range accessed, the others not; all on {@code node}. */
    static ProcessCounters meme(int idleNode) {
        return p(A, 101, r(0, 512, 1, 0), r(512, 512, 0, idleNode), r(1024, 512, 0, idleNode), r(1536, 50, 0, idleNode),
                r(4096, 50, 0, idleNode));
    }

    static Stream<Arguments> rounds() {
        PolicySettings.Age e2e = settings(0, 8000, List.of(3), 6000, List.of(1));
        return Stream.of(
                Arguments.of("cxlTwoMemoryOnlyNodesFirstRoundOnlyLearns", e2e, 1, true, meme(0), List.of()),
                Arguments.of("cxlTwoMemoryOnlyNodesActiveInTwoRoundsGoesToNodeOne", e2e, 2, true, meme(0),
                        List.of("move-pages 101 [0+512] -> 1")),
                Arguments.of("cxlTwoMemoryOnlyNodesIdleEightSecondsGoesToCpulessNodeMergedOverOneHundredPages", e2e, 3, true,
                        meme(0), List.of("move-pages 101 [512+1074] -> 3")),
                Arguments.of("cxlTwoMemoryOnlyNodesIdleAlreadyOnNodeThreeLeavesActiveMoves", e2e, 3, true, meme(3),
                        List.of("move-pages 101 [0+512] -> 1")),
                Arguments.of("cxlTwoMemoryOnlyNodesMoverBusyMovesNothing", e2e, 3, false, meme(0), List.of()),
                Arguments.of("cxlTwoMemoryOnlyNodesSwapOutComesFirst", settings(5000, 8000, List.of(3), 6000, List.of(1)), 3, true,
                        meme(0), List.of("swap-out 101 [512+1074]")),
                Arguments.of("cxlTwoMemoryOnlyNodesSwappedAndUnknownRangesStay", settings(5000, 0, List.of(), 0, List.of()), 3, true,
                        meme(RangeCounter.NODE_SWAP), List.of()),
                Arguments.of("cxlTwoMemoryOnlyNodesUnknownNodeStays", e2e, 3, true, meme(RangeCounter.NODE_UNKNOWN),
                        List.of("move-pages 101 [0+512] -> 1")),
                Arguments.of("cxlTwoMemoryOnlyNodesNoActiveNumasNoPromotion", settings(0, 0, List.of(), 6000, List.of()), 3, true,
                        meme(0), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rounds")
    void roundsFiveSecondsApart(String name, PolicySettings.Age settings, int rounds, boolean moverIdleAtLast,
                                ProcessCounters process, List<String> expected) {
        AgePolicy policy = new AgePolicy(settings);
        List<String> last = List.of();
        for (int n = 0; n < rounds; n++) {
            boolean lastRound = n == rounds - 1;
            // earlier rounds: the mover is busy, so that only the last round's moves are seen
            last = describe(policy.round(round(n * 5000L, lastRound && moverIdleAtLast, process)));
        }
        assertThat(last).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void cxlTwoMemoryOnlyNodesTwoProcessesStoppedAndContinued() {
        // memtierd's e2e: an active range goes idle after kill -STOP, and is active again after CONT
        AgePolicy policy = new AgePolicy(settings(0, 8000, List.of(3), 6000, List.of(1)));
        ProcessCounters bIdle = p(B, 201, r(0, 512, 0, 1));
        ProcessCounters bActive = p(B, 201, r(0, 512, 3, 3));
        policy.round(round(0, false, p(A, 101, r(0, 512, 1, 0)), bActive));
        policy.round(round(5000, false, p(A, 101, r(0, 512, 1, 1)), bActive));
        // STOP: no accesses from 10 s on; idle for more than 8 s at 20 s
        policy.round(round(10_000, false, p(A, 101, r(0, 512, 1, 1)), bIdle));
        policy.round(round(15_000, false, p(A, 101, r(0, 512, 1, 1)), bIdle));
        assertThat(describe(policy.round(round(20_000, true, p(A, 101, r(0, 512, 1, 1)), bIdle))))
                .containsExactly("move-pages 201 [0+512] -> 3");
        // CONT: accessed in two rounds in a row, from node 3 back to node 1
        policy.round(round(25_000, false, p(A, 101, r(0, 512, 1, 1)), bActive));
        assertThat(describe(policy.round(round(30_000, true, p(A, 101, r(0, 512, 1, 1)), bActive))))
                .containsExactly("move-pages 201 [0+512] -> 1");
        // a process gone for two intervals is forgotten
        policy.round(round(35_000, false, p(A, 101, r(0, 512, 1, 1))));
        policy.round(round(40_000, false, p(A, 101, r(0, 512, 1, 1))));
        assertThat(describe(policy.round(round(45_000, true, p(A, 101, r(0, 512, 1, 1)))))).isEmpty();
    }
}
