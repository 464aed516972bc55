package io.numaagent.runner.loop;

import io.numaagent.api.plugin.Plugin;
import java.time.Duration;

/**
 * A created plugin and its schedule.
 *
 * @param name         plugin name (decisions must carry it)
 * @param plugin       the instance
 * @param interval     how often it decides, and how long one call may take
 * @param maxDecisions most decisions used from one call ({@code plugins[].max_decisions})
 */
public record PluginRun(String name, Plugin plugin, Duration interval, int maxDecisions) {

    /** The default of {@code plugins[].max_decisions}. */
    public static final int DEFAULT_MAX_DECISIONS = 10_000;

    public PluginRun {
        if (maxDecisions < 1) {
            throw new IllegalArgumentException("maxDecisions must be positive");
        }
    }

    /** A plugin with the default cap on decisions. */
    public PluginRun(String name, Plugin plugin, Duration interval) {
        this(name, plugin, interval, DEFAULT_MAX_DECISIONS);
    }
}
