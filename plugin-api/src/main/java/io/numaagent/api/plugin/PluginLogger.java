package io.numaagent.api.plugin;

/**
 * A logger for plugins that keeps plugin JARs free of logging dependencies. Messages use
 * {@code {}} placeholders like SLF4J; the runner routes them to its log with the plugin name.
 */
public interface PluginLogger {
    void debug(String format, Object... args);

    void info(String format, Object... args);

    void warn(String format, Object... args);

    void error(String format, Object... args);
}
