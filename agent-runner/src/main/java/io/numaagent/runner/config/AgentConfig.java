package io.numaagent.runner.config;

import io.numaagent.runner.host.HostPaths;
import java.util.List;

/**
 * A whole, validated agent config (one YAML file).
 *
 * @param source      the file as the user named it (for messages)
 * @param paths       host roots ({@code paths:})
 * @param taskSources where tasks come from ({@code task_sources:})
 * @param plugins     plugin instances to run ({@code plugins:})
 * @param executor    executor settings ({@code executor:})
 * @param telemetry   exporters ({@code telemetry:})
 */
public record AgentConfig(String source, HostPaths paths, List<TaskSourceConfig> taskSources, List<PluginEntry> plugins,
                          ExecutorSettings executor, TelemetrySettings telemetry) {

    public AgentConfig {
        taskSources = List.copyOf(taskSources);
        plugins = List.copyOf(plugins);
    }

    /** The same config with other host roots (CLI {@code --path.*} overrides). */
    public AgentConfig withPaths(HostPaths p) {
        return new AgentConfig(source, p, taskSources, plugins, executor, telemetry);
    }

    /** The same config with other executor settings. */
    public AgentConfig withExecutor(ExecutorSettings e) {
        return new AgentConfig(source, paths, taskSources, plugins, e, telemetry);
    }
}
