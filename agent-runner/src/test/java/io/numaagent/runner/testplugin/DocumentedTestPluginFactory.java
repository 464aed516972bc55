package io.numaagent.runner.testplugin;

import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import java.time.Duration;
import java.util.List;

/** A test plugin with one key of each kind {@code numa-agent plugins} documents, decisions none. */
public final class DocumentedTestPluginFactory implements PluginFactory {

    @Override
    public String name() {
        return "documented-test";
    }

    @Override
    public String description() {
        return "test plugin: every kind of key";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(
                ConfigKey.choice("mode", "fast", List.of("fast", "slow"), "how").withAlias("quick", "fast"),
                ConfigKey.decimal("limit", null, 0.0, 1.0, "a bound, or none"),
                ConfigKey.duration("period", Duration.ofMinutes(2), Duration.ofMillis(100), Duration.ofHours(1), "how often"),
                ConfigKey.size("budget", 64L << 20, 0, Long.MAX_VALUE, "bytes"),
                ConfigKey.stringList("policy", List.of(), "a block the plugin reads itself").withKeysBeneath(List.of(
                        ConfigKey.string("name", "age", "which policy"),
                        ConfigKey.integer("intervalms", 5000, 1, 60000, "scan period").withKeysBeneath(List.of(
                                ConfigKey.bool("strict", false, "deeper still"))))));
    }

    @Override
    public Plugin create(PluginConfig config, PluginContext context) {
        return snapshot -> List.of();
    }
}
