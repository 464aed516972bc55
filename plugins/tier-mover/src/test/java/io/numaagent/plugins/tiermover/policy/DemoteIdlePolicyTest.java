package io.numaagent.plugins.tiermover.policy;

import static io.numaagent.plugins.tiermover.policy.Synthetic.A;
import static io.numaagent.plugins.tiermover.policy.Synthetic.describe;
import static io.numaagent.plugins.tiermover.policy.Synthetic.p;
import static io.numaagent.plugins.tiermover.policy.Synthetic.r;
import static io.numaagent.plugins.tiermover.policy.Synthetic.round;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.plugins.tiermover.config.MoverSettings;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import io.numaagent.plugins.tiermover.config.TaskSelector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demote-idle policy on cxlTwoMemoryOnlyNodes, idle pages to CPU-less node 2. */
class DemoteIdlePolicyTest {

    static DemoteIdlePolicy policy() {
        return new DemoteIdlePolicy(new PolicySettings.DemoteIdle(new TaskSelector.AllTasks(),
                new TrackerSpec.IdlePage(512, 1, 2000, 10_000, 0, 0, 0), MoverSettings.DEFAULTS, 2000, 2));
    }

    @Test
    void cxlTwoMemoryOnlyNodesIdleRegionsDemotedOnceNeverPromoted() {
        DemoteIdlePolicy policy = policy();
        ProcessCounters first = p(A, 101, r(0, 512, 1, 0), r(512, 512, 0, 0), r(1024, 512, 0, 2), r(1536, 512, 0, 1));
        assertThat(describe(policy.round(round(0, true, first)))).containsExactly("move-pages 101 [512+512, 1536+512] -> 2");
        // the next round: still idle and (as the counters lag) still reported on node 0: not asked again;
        // the hot range went idle now: demoted
        ProcessCounters second = p(A, 101, r(0, 512, 0, 0), r(512, 512, 0, 0), r(1024, 512, 0, 2), r(1536, 512, 5, 2));
        assertThat(describe(policy.round(round(2000, true, second)))).containsExactly("move-pages 101 [0+512] -> 2");
    }

    @Test
    void cxlTwoMemoryOnlyNodesNotScannedOrMoverBusyDemotesNothing() {
        DemoteIdlePolicy policy = policy();
        ProcessCounters unscanned = new ProcessCounters(A, 101, 0, 0, List.of(r(0, 512, 0, 0)));
        assertThat(policy.round(round(0, true, unscanned))).isEmpty();
        assertThat(policy.round(round(2000, false, p(A, 101, r(0, 512, 0, 0))))).isEmpty();
        assertThat(describe(policy.round(round(4000, true, p(A, 101, r(0, 512, 0, 0))))))
                .containsExactly("move-pages 101 [0+512] -> 2");
    }
}
