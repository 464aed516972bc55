package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.testing.InMemoryMetrics;
import io.numaagent.api.testing.RecordingLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumaBalancingPolicyTest {

    private static final String ON_WHILE_PINNED = "kernel.numa_balancing is %d while 1 task(s) are pinned to one node; "
            + "the kernel documents that it should be disabled for bound workloads (numa_balancing: disable)";
    private static final String NOTHING_TO_CHANGE =
            "numa_balancing: %s has nothing to change: this kernel has no kernel.numa_balancing";

    /**
     * Cycles of kernel modes (space-separated) with fourNode's task a pinned, and what comes out: the
     * decisions' modes and the warnings, in order ({@code w<mode>}: on while pinned; {@code u}: no such
     * sysctl).
     */
    @ParameterizedTest(name = "fourNode: {0} with kernel {1} -> decisions [{2}], warnings [{3}]")
    @CsvSource(nullValues = "none", value = {
            "keep, 1 1 3 3, none, w1 w3",
            "keep, 1 0 1, none, w1 w1",
            "keep, 0 -1, none, none",
            "keep, -1 -1, none, none",
            "disable, 1 3 2 0, 0 0 0, none",
            "disable, -1 -1 0 -1, none, u u",
            "enable, 0 1 0, 1 1, none",
            "enable, -1 1 -1, none, u u"})
    void fourNode_policyAgainstTheKernel(String wanted, String modes, String decisions, String warnings) {
        RecordingLogger log = new RecordingLogger();
        InMemoryMetrics im = new InMemoryMetrics();
        NumaBalancingPolicy policy = new NumaBalancingPolicy("numa-allocator", wanted, log, StepInputs.metrics(im));
        Machine m = Machine.fourNode().task("a", Map.of(0, 0.2));
        List<String> decided = new ArrayList<>();
        for (String mode : modes.split(" ")) {
            int kernel = Integer.parseInt(mode);
            List<Decision> d = policy.decide(m.numaBalancing(kernel).snapshot(1).kernel(), 1);
            d.forEach(x -> decided.add(Integer.toString(((SetNumaBalancing) x).mode())));
            assertThat(im.value("numa_allocator_numa_balancing")).isEqualTo((double) kernel);
        }
        assertThat(String.join(" ", decided)).isEqualTo(decisions == null ? "" : decisions);
        List<String> expectedWarnings = new ArrayList<>();
        if (warnings != null) {
            for (String w : warnings.split(" ")) {
                expectedWarnings.add(w.equals("u") ? String.format(NOTHING_TO_CHANGE, wanted)
                        : String.format(ON_WHILE_PINNED, Integer.parseInt(w.substring(1))));
            }
        }
        assertThat(log.at("warn")).containsExactlyElementsOf(expectedWarnings);
    }

    @ParameterizedTest(name = "twoNode: {0} pinned task(s), kernel 1 -> {1} warning(s)")
    @CsvSource({"0, 0", "1, 1", "2, 1"})
    void twoNode_keepWarnsOnlyWhileTasksArePinned(int pinned, int warnings) {
        RecordingLogger log = new RecordingLogger();
        NumaBalancingPolicy policy = new NumaBalancingPolicy("numa-allocator", "keep", log,
                StepInputs.metrics(new InMemoryMetrics()));
        assertThat(policy.decide(Machine.twoNode().numaBalancing(1).snapshot(1).kernel(), pinned)).isEmpty();
        assertThat(log.at("warn")).hasSize(warnings);
    }

    @ParameterizedTest(name = "twoNode: {0} with kernel {1}")
    @CsvSource(delimiter = '|', value = {
            "disable | 3 | numa_balancing: disable, and kernel.numa_balancing is 3: automatic balancing would move "
                    + "the pages of pinned tasks off their node",
            "enable | 0 | numa_balancing: enable, and kernel.numa_balancing is 0"})
    void twoNode_decisionIsTheMachinesWithItsReason(String wanted, int kernel, String reason) {
        NumaBalancingPolicy policy = new NumaBalancingPolicy("alloc", wanted, new RecordingLogger(),
                StepInputs.metrics(new InMemoryMetrics()));
        List<Decision> d = policy.decide(Machine.twoNode().numaBalancing(kernel).snapshot(1).kernel(), 0);
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.task()).isNull();
            assertThat(x.plugin()).isEqualTo("alloc");
            assertThat(x.reason()).isEqualTo(reason);
        });
    }
}
