package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code plugin topology-aware pools} and {@code grants} on twoSocketFourNodeSixteenCpus (n4c16), with the
 * containers of {@link PlacementSequenceTest}'s first sequence: /g2 (guaranteed 2 CPUs, NUMA #1), /bu
 * (burstable, NUMA #2), /be (best-effort, NUMA #3), /g1 (guaranteed 1 CPU sliced from NUMA #3) and /ks
 * (kube-system, on the reserved CPU 0); and on twoSocketHbmAndPmemNodes (n6-hbm-cxl), where pools have
 * three memory kinds.
 */
class TopologyAwareCommandsTest {

    @TempDir
    Path state;

    private static String run(Harness h, String command, String... args) {
        PluginCommands commands = h.plugin;
        return commands.commands().stream().filter(c -> c.name().equals(command)).findFirst().orElseThrow()
                .handler().run(List.of(args));
    }

    private Harness fiveContainers() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        h.guaranteed("/g2", 2000).add("/bu", QosClass.BURSTABLE, 1000, 2000, 100, 200).bestEffort("/be")
                .guaranteed("/g1", 1000).add("/ks", QosClass.BURSTABLE, 100, 0, 10, 0,
                        Map.of("io.kubernetes.pod.namespace", "kube-system"));
        h.step();
        return h;
    }

    /** twoSocketHbmAndPmemNodes (n6-hbm-cxl) after PlacementSequenceTest's first four steps, one cycle each. */
    private Harness hbmAndPmem() {
        Harness h = new Harness(TestMachine.twoSocketHbmAndPmemNodes(), state, Map.of());
        h.guaranteed("/g2", 2000).step();
        h.add("/bu", QosClass.BURSTABLE, 500, 1000, 100, 200).step();
        h.bestEffort("/be").step();
        h.add("/hb", QosClass.GUARANTEED, 500, 500, 100, 100).prefer("/hb", PlacementSequenceTest.memoryTypes(4)).step();
        return h;
    }

    static Stream<Arguments> twoSocketHbmAndPmemNodesAnswers() {
        return Stream.of(
                Arguments.of("pools", List.of(), """
                        as of cycle 4
                        root: cpus 0-7  reserved 0  mems dram 0-1 pmem 4-5 hbm 2-3  free shared 1-3,6-7  containers -
                          socket #0: cpus 0-3  reserved 0  mems dram 0 pmem 4 hbm 2  free shared 1-3  containers /bu /be
                          socket #1: cpus 4-7  mems dram 1 pmem 5 hbm 3  free shared 6-7  containers /g2 /hb
                        """),
                Arguments.of("grants", List.of(), """
                        as of cycle 4, 4 grants
                        container  pool       kind       exclusive  portion  mems  memory
                        /g2        socket #1  exclusive  4-5        -        1,5   dram,pmem
                        /bu        socket #0  shared     -          500m     0,4   dram,pmem
                        /be        socket #0  shared     -          -        0,4   dram,pmem
                        /hb        socket #1  shared     -          500m     3     hbm
                        """));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource
    void twoSocketHbmAndPmemNodesAnswers(String command, List<String> args, String expected) {
        assertThat(run(hbmAndPmem(), command, args.toArray(String[]::new))).isEqualTo(expected);
    }

    static Stream<Arguments> twoSocketFourNodeSixteenCpusAnswers() {
        return Stream.of(
                Arguments.of("pools", List.of(), """
                        as of cycle 1
                        root: cpus 0-15  reserved 0  mems dram 0-3  free shared 1-3,6-13,15  containers /ks
                          socket #0: cpus 0-7  reserved 0  mems dram 0-1  free shared 1-3,6-7  containers -
                            NUMA node #0: cpus 0-3  reserved 0  mems dram 0  free shared 1-3  containers -
                            NUMA node #1: cpus 4-7  mems dram 1  free shared 6-7  containers /g2
                          socket #1: cpus 8-15  mems dram 2-3  free shared 8-13,15  containers -
                            NUMA node #2: cpus 8-11  mems dram 2  free shared 8-11  containers /bu
                            NUMA node #3: cpus 12-15  mems dram 3  free shared 12-13,15  containers /be /g1
                        """),
                Arguments.of("grants", List.of(), """
                        as of cycle 1, 5 grants
                        container  pool          kind       exclusive  portion  mems  memory
                        /g2        NUMA node #1  exclusive  4-5        -        1     dram
                        /bu        NUMA node #2  shared     -          1000m    2     dram
                        /be        NUMA node #3  shared     -          -        3     dram
                        /g1        NUMA node #3  exclusive  14         -        3     dram
                        /ks        root          reserved   -          100m     0-3   dram
                        """),
                Arguments.of("grants", List.of("/g1"), """
                        as of cycle 1, 1 grant
                        container  pool          kind       exclusive  portion  mems  memory
                        /g1        NUMA node #3  exclusive  14         -        3     dram
                        """),
                Arguments.of("grants", List.of("/gone"), "no grant for container '/gone' as of cycle 1"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource
    void twoSocketFourNodeSixteenCpusAnswers(String command, List<String> args, String expected) {
        assertThat(run(fiveContainers(), command, args.toArray(String[]::new))).isEqualTo(expected);
    }

    @Test
    void twoSocketFourNodeSixteenCpusBeforeAnyCycle() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        assertThat(run(h, "pools")).isEqualTo("no cycle yet");
        assertThat(run(h, "grants")).isEqualTo("no cycle yet");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        Harness h = fiveContainers();
        assertThatThrownBy(() -> run(h, "pools", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'pools' takes no arguments");
        assertThatThrownBy(() -> run(h, "grants", "/g1", "/g2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unexpected arguments [/g2]");
    }
}
