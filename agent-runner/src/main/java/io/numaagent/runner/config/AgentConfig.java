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
 * @param control     the control prompt's socket ({@code control:})
 */
public record AgentConfig(String source, HostPaths paths, List<TaskSourceConfig> taskSources, List<PluginEntry> plugins,
                          ExecutorSettings executor, TelemetrySettings telemetry, ControlSettings control) {

    public AgentConfig {
        taskSources = List.copyOf(taskSources);
        plugins = List.copyOf(plugins);
    }

    /** A config with the control prompt's defaults. */
    public AgentConfig(String source, HostPaths paths, List<TaskSourceConfig> taskSources, List<PluginEntry> plugins,
                       ExecutorSettings executor, TelemetrySettings telemetry) {
        this(source, paths, taskSources, plugins, executor, telemetry, ControlSettings.DEFAULTS);
    }

    /** The same config with other host roots (CLI {@code --path.*} overrides). */
    public AgentConfig withPaths(HostPaths p) {
        return new AgentConfig(source, p, taskSources, plugins, executor, telemetry, control);
    }

    /** The same config with other executor settings. */
    public AgentConfig withExecutor(ExecutorSettings e) {
        return new AgentConfig(source, paths, taskSources, plugins, e, telemetry, control);
    }
}
