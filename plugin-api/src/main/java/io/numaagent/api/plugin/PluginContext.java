package io.numaagent.api.plugin;

import java.nio.file.Path;
import java.time.Clock;

/** Services the runner offers to a plugin instance. */
public interface PluginContext {

    /**
     * The name this plugin runs under: its factory name, as configured. Decisions must carry it as
     * their {@code plugin}; the runner drops decisions attributed to another name, and ownership
     * ({@code executor.owners}) and metrics labels use it.
     */
    String instanceName();

    /** The agent's clock; tests and replay inject a fixed one. */
    Clock clock();

    /** The plugin's logger. */
    PluginLogger log();

    /** Instruments for the plugin's own metrics, exported with the runner's. */
    Metrics metrics();

    /**
     * A directory private to this plugin instance for state that should survive restarts. Created
     * on first use by the runner. The plugin may keep small files there; it is the only place a
     * plugin writes.
     */
    Path stateDirectory();
}
