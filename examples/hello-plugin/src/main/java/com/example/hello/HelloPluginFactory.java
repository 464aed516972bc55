package com.example.hello;

import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import java.util.List;

/**
 * The entry point the agent finds: listed in {@code META-INF/services/io.numaagent.api.plugin.PluginFactory}
 * (or named in the config as {@code class: com.example.hello.HelloPluginFactory}). Cheap to construct:
 * the agent makes one to list plugins even when no config uses it.
 */
public final class HelloPluginFactory implements PluginFactory {

    static final ConfigKey<Double> MIN_SHARE = ConfigKey.decimal("min_share", 0.9, 0.5, 1.0,
            "a task with less than this share of its memory on its home node (the node holding most of it) "
                    + "gets it gathered there");
    static final ConfigKey<Long> MIN_MEMORY = ConfigKey.size("min_memory", 64L << 20, 0, Long.MAX_VALUE,
            "tasks with less memory than this are left alone");

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String description() {
        return "example plugin: gathers each task's memory on the node that already holds most of it";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(MIN_SHARE, MIN_MEMORY);
    }

    @Override
    public Plugin create(PluginConfig config, PluginContext context) {
        return new HelloPlugin(context.instanceName(), config.get(MIN_SHARE), config.get(MIN_MEMORY), context.log());
    }
}
