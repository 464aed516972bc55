package io.numaagent.plugins.tiermover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code plugin tier-mover heatmap}, {@code counters} and {@code policy} on cxlTwoMemoryOnlyNodes, with
 * {@link TierMoverPluginTest}'s heat policy and snapshots: /batch/a (pid 101) has a hot and a cold
 * 512-page range on node 0; /batch/b (pid 201) is not selected.
 */
class TierMoverCommandsTest {

    static final String AGE = """
            policy:
              name: age
              config: {intervalms: 5000, pidwatcher: {name: proc}, tracker: {name: idlepage}, idledurationms: 8000, idlenumas: [3]}
            """;

    @TempDir
    Path state;

    private Plugin plugin(String yaml) {
        TierMoverPluginTest base = new TierMoverPluginTest();
        base.state = state;
        return base.plugin(yaml);
    }

    private static String run(Plugin p, String command, String... args) {
        return ((PluginCommands) p).commands().stream().filter(c -> c.name().equals(command)).findFirst().orElseThrow()
                .handler().run(List.of(args));
    }

    /** The heat plugin after the rounds at 10 s and 13.7 s of TierMoverPluginTest (the second with 3+3+0 hot accesses). */
    private Plugin heatAfterTwoRounds() {
        Plugin p = plugin(TierMoverPluginTest.HEAT);
        p.decide(TierMoverPluginTest.snapshot(1, 10_000, List.of(), 6));
        p.decide(TierMoverPluginTest.snapshot(2, 11_000, List.of(), 3, 3));
        p.decide(TierMoverPluginTest.snapshot(3, 12_000, List.of(), 3, 3));
        p.decide(TierMoverPluginTest.snapshot(4, 13_700, List.of(), 0, 3));
        return p;
    }

    static Stream<Arguments> cxlTwoMemoryOnlyNodesAnswers() {
        return Stream.of(
                Arguments.of("heatmap", List.of(), """
                        heatmap:
                        pid: 101: 0 {7f0000000000-7f0000200000(512),0.010000,10000000000,3.700000s} (class 1)
                        pid: 101: 1 {7f0000200000-7f0000400000(512),0.000000,10000000000,3.700000s} (class 0)
                        """),
                Arguments.of("counters", List.of(), """
                        round at 13700 ms (epoch), 1 process
                        task      pid  scans  ranges  pages  accessed  written  pages by node
                        /batch/a  101  3      2       1024   512       0        0:512 3:512
                        """),
                Arguments.of("counters", List.of("/batch/a"), """
                        round at 13700 ms (epoch), 1 process
                        task      pid  scans  ranges  pages  accessed  written  pages by node
                        /batch/a  101  3      2       1024   512       0        0:512 3:512
                        """),
                Arguments.of("counters", List.of("/batch/b"), "round at 13700 ms counted nothing for task '/batch/b'"),
                Arguments.of("policy", List.of(), """
                        name: heat
                        selector: Cgroups[cgroups=[/batch/a]]
                        tracker: IdlePage[pagesInRegion=512, maxCountPerRegion=1, scanIntervalMs=1000, regionsUpdateMs=10000, pagemapReadahead=0, kpageflagsReadahead=0, bitmapReadahead=0]
                        heatmap: HeatmapSettings[heatMax=0.01, heatRetention=0.0, heatClasses=2]
                        mover: MoverSettings[intervalMs=10, bandwidthMBps=100]
                        intervalMs: 4000
                        heatNumas: {0=[3], 1=[0]}
                        numaSize: {}
                        moveMode: fill-fast-free
                        """));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource
    void cxlTwoMemoryOnlyNodesAnswers(String command, List<String> args, String expected) throws Exception {
        Plugin p = heatAfterTwoRounds();
        assertThat(run(p, command, args.toArray(String[]::new))).isEqualTo(expected);
        if (command.equals("heatmap")) {
            // the same text as the dump in the state directory
            assertThat(run(p, command)).isEqualTo(Files.readString(state.resolve(TierMoverPlugin.HEATMAP_FILE)));
        }
    }

    @Test
    void cxlTwoMemoryOnlyNodesBeforeAnyRound() {
        Plugin p = plugin(TierMoverPluginTest.HEAT);
        assertThat(run(p, "heatmap")).isEqualTo("no round yet");
        assertThat(run(p, "counters")).isEqualTo("no round yet");
    }

    @Test
    void cxlTwoMemoryOnlyNodesAgeKeepsNoHeatmap() {
        Plugin p = plugin(AGE);
        p.decide(TierMoverPluginTest.snapshot(1, 10_000, List.of(), 6));
        assertThat(run(p, "heatmap")).isEqualTo("policy 'age' keeps no heatmap (only the heat policy does)");
        assertThat(run(p, "policy")).isEqualTo("""
                name: age
                selector: AllTasks[]
                tracker: IdlePage[pagesInRegion=512, maxCountPerRegion=1, scanIntervalMs=5000, regionsUpdateMs=10000, pagemapReadahead=0, kpageflagsReadahead=0, bitmapReadahead=0]
                mover: MoverSettings[intervalMs=10, bandwidthMBps=100]
                intervalMs: 5000
                swapOutMs: 0
                idleDurationMs: 8000
                idleNumas: [3]
                activeDurationMs: 0
                activeNumas: []
                """);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        Plugin p = plugin(TierMoverPluginTest.HEAT);
        assertThatThrownBy(() -> run(p, "heatmap", "101")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'heatmap' takes no arguments");
        assertThatThrownBy(() -> run(p, "policy", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'policy' takes no arguments");
        assertThatThrownBy(() -> run(p, "counters", "/batch/a", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unexpected arguments [x]");
    }
}
