package com.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.testing.RecordingPluginContext;
import io.numaagent.api.testing.TestMachine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plugin on synthetic snapshots (plugin-api's test-jar): no agent, no machine needed. */
class HelloPluginTest {

    private static final long MIB = 1L << 20;

    private static Plugin plugin(Map<String, Object> config) {
        HelloPluginFactory f = new HelloPluginFactory();
        return f.create(PluginConfig.of(f.configKeys(), config), new RecordingPluginContext("hello"));
    }

    /** Two nodes; /spread has 3/4 of its 400 MiB on node 1, /home has all on node 0, /small 8 MiB spread. */
    private static TestMachine twoNode() {
        TestMachine m = TestMachine.shape(1, 2, 2, 1, 0);
        m.task("/spread").pids(10).anon(Map.of(0, 100 * MIB, 1, 300 * MIB));
        m.task("/home").pids(11).anon(Map.of(0, 200 * MIB));
        m.task("/small").pids(12).anon(Map.of(0, 4 * MIB, 1, 4 * MIB));
        return m;
    }

    @Test
    void twoNodeGathersTheSpreadTaskHome() {
        Plugin p = plugin(Map.of());
        List<Decision> d = p.decide(twoNode().snapshot(1, Instant.EPOCH));
        assertEquals(List.of(new MigrateMemory("hello", "/spread", 1,
                "hello: 75.0 % of /spread is on node 1, its home; gathering the rest there")), d);
        PluginCommands commands = (PluginCommands) p;
        assertEquals("/spread: node 1 (75.0 %)\n/home: node 0 (100.0 %)\n",
                commands.commands().get(0).handler().run(List.of()));
    }

    @Test
    void twoNodeLowerShareLeavesItAlone() {
        assertEquals(List.of(), plugin(Map.of("min_share", 0.7)).decide(twoNode().snapshot(1, Instant.EPOCH)));
    }
}
