package io.numaagent.api.plugin;

import java.util.List;

/**
 * Entry point of a plugin, found with {@link java.util.ServiceLoader}: list the implementing class
 * in {@code META-INF/services/io.numaagent.api.plugin.PluginFactory} of the plugin JAR.
 * The runner gives each plugin JAR its own class loader that shares only this API with the host.
 *
 * <p>Implementations need a public no-argument constructor and must be cheap to construct:
 * the runner instantiates every factory to list plugins, even those the config does not use.
 */
public interface PluginFactory {

    /** Unique name, the one used in YAML ({@code plugins: - name: numa-allocator}). Lower case, dashes. */
    String name();

    /** One line saying what the plugin does, shown by {@code numa-agent plugins}. */
    String description();

    /** Every config key the plugin accepts, with type, default, range and documentation. */
    List<ConfigKey<?>> configKeys();

    /**
     * Creates a plugin instance from a validated config. Called once per configured instance.
     *
     * @param config  values for every key of {@link #configKeys()} (defaults filled in, types and ranges checked)
     * @param context services the runner offers to the plugin
     * @throws ConfigException for constraints between keys that single-key validation cannot express
     */
    Plugin create(PluginConfig config, PluginContext context);
}
