package io.numaagent.runner.config;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.PluginConfig;
import java.time.Duration;
import java.util.Map;

/**
 * One configured plugin. Each plugin appears at most once in a config; its decisions are
 * attributed to its name, which is also the name used in {@code executor.owners}.
 *
 * @param name      the plugin factory name ({@code name:})
 * @param interval  how often the plugin decides ({@code interval:}), and how long one call may take
 * @param maxDecisions most decisions used from one call ({@code max_decisions:})
 * @param config    the validated plugin config
 * @param at        where the plugin's entry is in the file
 * @param keyPlaces where each key of its {@code config:} block is, for errors found later by the plugin itself
 */
public record PluginEntry(String name, Duration interval, int maxDecisions, PluginConfig config, Place at,
                          Map<String, Place> keyPlaces) {

    public PluginEntry {
        keyPlaces = Map.copyOf(keyPlaces);
    }

    /** A position in the config file. */
    public record Place(String file, int line, int column, String path) {
    }

    /** Turns a plugin's complaint about its config (from {@code create}) into an error at the key's position. */
    public ConfigError locate(ConfigException e) {
        // a dotted key (policy.config.intervalms, from a plugin reading a nested value) is placed at its top key
        String top = e.key() == null ? null : e.key().split("[.\\[]", 2)[0];
        Place p = top != null && keyPlaces.containsKey(top) ? keyPlaces.get(top) : at;
        String path = e.key() == null ? p.path() : at.path() + ".config." + e.key();
        return new ConfigError(p.file(), p.line(), p.column(), path, e.getMessage());
    }
}
