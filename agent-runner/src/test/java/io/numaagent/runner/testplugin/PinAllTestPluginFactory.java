package io.numaagent.runner.testplugin;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * A small third-party-style plugin used by the tests: pins every task to the CPUs and memory of
 * one node. Tests package it into a JAR of its own and drop it into a plugins directory, so it is
 * deliberately NOT registered in the test class path's META-INF/services.
 */
public final class PinAllTestPluginFactory implements PluginFactory {

    public static final String NAME = "pin-all-test";
    static final ConfigKey<Integer> NODE = ConfigKey.integer("node", 0, 0, 1023, "node to pin every task to");
    static final ConfigKey<Boolean> FAIL = ConfigKey.bool("fail", false, "throw from decide (to test failure handling)");
    static final ConfigKey<Boolean> HANG_ON_CLOSE = ConfigKey.bool("hang_on_close", false,
            "never return from close (to test a stop that does not finish)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test plugin: pins every task to one node";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(NODE, FAIL, HANG_ON_CLOSE);
    }

    @Override
    public Plugin create(PluginConfig config, PluginContext context) {
        int node = config.get(NODE);
        boolean fail = config.get(FAIL);
        Plugin pins = snapshot -> {
            if (fail) {
                throw new IllegalStateException("configured to fail");
            }
            NumaNode target = snapshot.platform().node(node).orElseThrow();
            List<Decision> out = new ArrayList<>();
            for (Task t : snapshot.tasks()) {
                out.add(new SetCpus(NAME, t.id(), target.cpus(), "pin to node " + node));
                out.add(new SetMems(NAME, t.id(), io.numaagent.api.NodeSet.of(node), "pin to node " + node));
            }
            return out;
        };
        if (!config.get(HANG_ON_CLOSE)) {
            return pins;
        }
        return new Plugin() {
            @Override
            public List<Decision> decide(io.numaagent.api.snapshot.Snapshot snapshot) {
                return pins.decide(snapshot);
            }

            @Override
            public void close() {
                while (true) {
                    java.util.concurrent.locks.LockSupport.park(this); // deaf to interrupts, as a stuck call is
                }
            }
        };
    }
}
