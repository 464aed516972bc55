package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Topology hints (criterion 3 of the pool comparison) from the {@code test.topologyhints} annotation, as
 * the reference's test18 injects them: a guaranteed 2-CPU container goes where the hints score best
 * (per-kind scores of the reference's node.go), the deeper pool on a tie; without test APIs enabled, or
 * with {@code topologyhints: false}, or with the provider on a deny list, the hints are not used.
 */
class TopologyHintTest {

    private static final String KEY = "test.topologyhints.resource-policy.nri.io";

    @TempDir
    Path state;

    static Stream<Arguments> hints() {
        TestMachine n4c16 = TestMachine.twoSocketFourNodeSixteenCpus();
        return Stream.of(
                Arguments.of("twoSocketFourNodeSixteenCpus, no hint: NUMA #1 (most sliceable, lower id)", n4c16,
                        Map.of(), true, "4-5 / 1"),
                Arguments.of("twoSocketFourNodeSixteenCpus, CPU hint 12-15: NUMA #3 scores 1 and is the deepest",
                        n4c16, Map.of(KEY, "gpu: {provider: /dev/dri/card0, cpus: 12-15}"), true, "12-13 / 3"),
                Arguments.of("twoSocketFourNodeSixteenCpus, CPU hint 10-13: NUMA #2 and #3 score 0.5, socket #1 1",
                        n4c16, Map.of(KEY, "nic: {provider: /sys/class/net/eth1, cpus: 10-13}"), true, "8-9 / 2-3"),
                Arguments.of("twoSocketFourNodeSixteenCpus, NUMA hint 2: NUMA #2 scores 1, socket #1 0.9", n4c16,
                        Map.of(KEY, "nvme: {provider: /dev/nvme0n1, numas: \"2\"}"), true, "8-9 / 2"),
                Arguments.of("twoSocketFourNodeSixteenCpus, socket hint 0: socket #0 scores 1, its nodes 0.5; the "
                                + "first idle core of its sliceable CPUs", n4c16,
                        Map.of(KEY, "x: {provider: /dev/x, sockets: \"0\"}"), true, "2-3 / 0-1"),
                Arguments.of("twoSocketFourNodeSixteenCpus, two providers: NUMA 3 and CPUs 12-13 multiply to 1 at "
                                + "NUMA #3 only", n4c16,
                        Map.of(KEY, "a: {provider: /dev/a, numas: \"3\"}\nb: {provider: /dev/b, cpus: 12-13}"), true,
                        "12-13 / 3"),
                Arguments.of("twoSocketFourNodeSixteenCpus, a NUMA list that does not parse scores 0, but the root "
                                + "scores 0.81 for any NUMA hint: the root", n4c16,
                        Map.of(KEY, "a: {provider: /dev/a, numas: 2-3}"), true, "2-3 / 0-3"),
                Arguments.of("twoSocketFourNodeSixteenCpus, test APIs not enabled: the hint is not used", n4c16,
                        Map.of(KEY, "gpu: {provider: /dev/dri/card0, cpus: 12-15}"), false, "4-5 / 1"),
                Arguments.of("twoSocketFourNodeSixteenCpus, a provider on the deny list: not used (as the reference "
                                + "filters test hints)", n4c16,
                        Map.of(KEY, "gpu: {provider: /dev/dri/card0, cpus: 12-15}",
                                "deny.topologyhints.resource-policy.nri.io", "{type: prefix, paths: [/dev/dri]}"), true,
                        "4-5 / 1"),
                Arguments.of("twoSocketFourNodeSixteenCpus, denied by glob but allowed by prefix: used", n4c16,
                        Map.of(KEY, "gpu: {provider: /dev/dri/card0, cpus: 12-15}",
                                "deny.topologyhints.resource-policy.nri.io", "{type: glob, paths: [/dev/*/*]}",
                                "allow.topologyhints.resource-policy.nri.io", "{paths: [/dev/dri/card0]}"), true,
                        "12-13 / 3"),
                Arguments.of("twoSocketFourNodeSixteenCpus, topologyhints: false turns hints off", n4c16,
                        Map.of(KEY, "gpu: {provider: /dev/dri/card0, cpus: 12-15}",
                                "topologyhints.resource-policy.nri.io", "false"), true, "4-5 / 1"),
                // the reference scores a die by its whole package's CPUs, so both dies of socket #0 would tie
                // at 1 and die #0/0 (lower id) would win although the hint's CPUs are all in die #0/1
                Arguments.of("twoSocketTwoDieTwoNodeSmt, CPU hint 8-15 (die #0/1): die #0/1, not die #0/0",
                        TestMachine.twoSocketTwoDieTwoNodeSmt(),
                        Map.of(KEY, "gpu: {provider: /dev/dri/card0, cpus: 8-15}"), true, "8-9 / 2-3"),
                Arguments.of("twoSocketTwoL3PerSocket, CPU hint 24-31: its L3 pool",
                        TestMachine.qemu(2, 1, 1, 8, 2, 2L << 30).caches("0-7", "8-15", "16-23", "24-31"),
                        Map.of(KEY, "gpu: {provider: /dev/dri/card0, cpus: 24-31}"), true, "24-25 / 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hints")
    void guaranteedTwoCpusFollowsTheHints(String name, TestMachine machine, Map<String, String> annotations,
                                          boolean testApis, String placement) {
        Harness h = new Harness(machine, state, Map.of("enableTestAPIs", testApis));
        h.guaranteed("/g2", 2000).annotate("/g2", annotations);
        h.step();

        assertThat(h.placement()).containsExactly(Map.entry("/g2", placement));
    }

    static Stream<Arguments> strictHints() {
        return Stream.of(
                Arguments.of("guaranteed 2 CPUs, strict CPU hint 12-15: NUMA #3's 12-13 and node 3 are aligned",
                        QosClass.GUARANTEED, 2000, "gpu: {provider: /dev/dri/card0, cpus: 12-15}", "12-13 / 3"),
                Arguments.of("burstable, strict NUMA hint 3: NUMA #3's shared CPUs and node 3 are aligned",
                        QosClass.BURSTABLE, 500, "nvme: {provider: /dev/nvme0n1, numas: \"3\"}", "12-15 / 3"),
                Arguments.of("burstable, strict CPU hint 12-13: its shared CPUs would be all of NUMA #3 (12-15), so "
                                + "it is not placed", QosClass.BURSTABLE, 500,
                        "gpu: {provider: /dev/dri/card0, cpus: 12-13}", "- / -"));
    }

    /** strict.topologyhints: a grant outside a hint's CPUs or nodes fails the container (retried every cycle). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("strictHints")
    void twoSocketFourNodeSixteenCpusStrictHints(String name, QosClass qos, long milliCpu, String hint,
                                                 String placement) {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of("enableTestAPIs", true));
        h.add("/c", qos, milliCpu, qos == QosClass.GUARANTEED ? milliCpu : 2 * milliCpu, 100, 100)
                .annotate("/c", Map.of(KEY, hint, "strict.topologyhints.resource-policy.nri.io", "true"));
        h.step();

        assertThat(h.placement()).containsExactly(Map.entry("/c", placement));
        assertThat(h.plugin.allocator().grant("/c") == null).isEqualTo(placement.equals("- / -"));
    }
}
