package io.numaagent.plugins.tiermover.policy;

import static io.numaagent.plugins.tiermover.policy.Synthetic.A;
import static io.numaagent.plugins.tiermover.policy.Synthetic.B;
import static io.numaagent.plugins.tiermover.policy.Synthetic.describe;
import static io.numaagent.plugins.tiermover.policy.Synthetic.p;
import static io.numaagent.plugins.tiermover.policy.Synthetic.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.plugins.tiermover.config.MemorySize;
import io.numaagent.plugins.tiermover.config.MoverSettings;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import io.numaagent.plugins.tiermover.config.TaskSelector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The avoid-oom policy on cxlTwoMemoryOnlyNodes (8 GiB per node), watermarks 8 % / 16 %. Task /batch/a
 * is confined to node 0, so node 0 alone is a node set; /batch/b may use all nodes. Process 201 of
 * /batch/b has 256 MiB on node 0, 128 MiB on node 1 and 8 MiB more on node 0.
 */
class AvoidOomPolicyTest {

    static final long G = 1L << 30;

    static TestMachine machine(long node0Free, long othersFree, String aMems) {
        TestMachine m = TestMachine.cxlTwoMemoryOnlyNodes();
        m.nodeMemory(0, 8 * G, node0Free);
        for (int n = 1; n < 4; n++) {
            m.nodeMemory(n, 8 * G, othersFree);
        }
        m.task(A).pids(101).effective("0-15", aMems);
        m.task(B).pids(201).effective("0-15", "0-3");
        return m;
    }

    static final ProcessCounters B_MEMORY = p(B, 201, r(0, 65536, 0, 0), r(65536, 32768, 0, 1), r(98304, 2048, 0, 0));

    static PolicySettings.AvoidOom settings() {
        return new PolicySettings.AvoidOom(new TaskSelector.AllTasks(), new TrackerSpec.Finder(0, 0, null, null, null),
                MoverSettings.DEFAULTS, 1000, new MemorySize(-1, 8), new MemorySize(-1, 16));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("cxlTwoMemoryOnlyNodesNodeZeroUnderPressureMovesToTheProcesssOtherNode",
                        machine(G / 2, 4 * G, "0"), true, List.of(B_MEMORY),
                        List.of("move-pages 201 [0+65536, 98304+2048] -> 1")),
                Arguments.of("cxlTwoMemoryOnlyNodesOnlyWhatBringsTheNodeBackToItsStopWatermark",
                        machine(G / 2, 4 * G, "0"), true, List.of(p(B, 201, r(0, 262144, 0, 0), r(262144, 1024, 0, 1))),
                        // (16 % of 8 GiB - 0.5 GiB) / 4 KiB = 204472.3 pages: memtierd moves page by page until it is met
                        List.of("move-pages 201 [0+204473] -> 1")),
                Arguments.of("cxlTwoMemoryOnlyNodesNoPressure", machine(4 * G, 4 * G, "0"), true, List.of(B_MEMORY), List.of()),
                Arguments.of("cxlTwoMemoryOnlyNodesPressureEverywhere", machine(G / 2, G / 2, "0"), true, List.of(B_MEMORY),
                        List.of()),
                Arguments.of("cxlTwoMemoryOnlyNodesNoSetConfinedToThePressuredNode", machine(G / 2, 4 * G, "0-3"), true,
                        List.of(B_MEMORY), List.of()),
                Arguments.of("cxlTwoMemoryOnlyNodesMoverBusy", machine(G / 2, 4 * G, "0"), false, List.of(B_MEMORY), List.of()),
                Arguments.of("cxlTwoMemoryOnlyNodesProcessesUnderSixteenMibStay", machine(G / 2, 4 * G, "0"), true,
                        List.of(p(B, 201, r(0, 2048, 0, 0), r(2048, 65536, 0, 1))), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneRound(String name, TestMachine machine, boolean moverIdle, List<ProcessCounters> processes, List<String> expected) {
        AvoidOomPolicy policy = new AvoidOomPolicy(settings());
        assertThat(describe(policy.round(Synthetic.round(machine, 0, moverIdle, processes.toArray(ProcessCounters[]::new)))))
                .isEqualTo(expected);
    }
}
