package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.plugin.PluginCommands;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code plugin numa-allocator nodes} and {@code tasks}: the allocator's view as of its last cycle, exactly. */
class AllocatorCommandsTest {

    private static String run(Harness h, String command, String... args) {
        PluginCommands commands = (PluginCommands) h.plugin;
        return commands.commands().stream().filter(c -> c.name().equals(command)).findFirst().orElseThrow()
                .handler().run(List.of(args));
    }

    /**
     * WCA's two-node machine: a (0.2 of a 96 GB node, on node 1) pinned to node 1, b (0.3 on node 0, 0.05 on
     * node 1) unpinned; free is (1 - 0.04 - shares on the node) x 96 GB: 63.36 GB on node 0, 68.16 GB on node 1.
     */
    private static Machine wcaTwoNode() {
        return Machine.twoNode().task("a", Map.of(1, 0.2)).task("b", Map.of(0, 0.3, 1, 0.05));
    }

    @Test
    void twoNodeBeforeAnyCycle() {
        Harness h = Harness.of();
        assertThat(run(h, "nodes")).isEqualTo("no cycle yet");
        assertThat(run(h, "tasks")).isEqualTo("no cycle yet");
    }

    @Test
    void twoNodeNodesShowsThePinnedBalance() {
        Harness h = Harness.of();
        h.decide(wcaTwoNode());
        assertThat(run(h, "nodes")).isEqualTo("""
                as of cycle 1
                node  cpus   free     pinned tasks  pinned memory  share of pinned
                0     0-9    63.4 GB  0             0.0 GB         0.0 %
                1     10-19  68.2 GB  1             19.2 GB        100.0 %
                """);
    }

    @Test
    void twoNodeTasksBiggestFirst() {
        Harness h = Harness.of();
        h.decide(wcaTwoNode());
        assertThat(run(h, "tasks")).isEqualTo("""
                as of cycle 1, 2 tasks, biggest first
                task  memory   pinned to  share there
                b     33.6 GB  -          -
                a     19.2 GB  node 1     100.0 %
                """);
        assertThat(run(h, "tasks", "-n", "1")).isEqualTo("""
                as of cycle 1, 2 tasks, biggest first
                task  memory   pinned to  share there
                b     33.6 GB  -          -
                """);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        Harness h = Harness.of();
        assertThatThrownBy(() -> run(h, "nodes", "0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'nodes' takes no arguments");
        assertThatThrownBy(() -> run(h, "tasks", "-n", "0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-n must be a positive number; got '0'");
        assertThatThrownBy(() -> run(h, "tasks", "all")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unexpected arguments [all]");
    }
}
