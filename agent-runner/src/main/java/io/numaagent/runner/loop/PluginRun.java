package io.numaagent.runner.loop;

import io.numaagent.api.plugin.Plugin;
import java.time.Duration;

/**
 * A created plugin and its schedule.
 *
 * @param name     plugin name (decisions must carry it)
 * @param plugin   the instance
 * @param interval how often it decides
 */
public record PluginRun(String name, Plugin plugin, Duration interval) {
}
