/**
 * How a plugin is found, configured and run: a named {@link io.numaagent.api.plugin.PluginFactory}
 * (found through {@link java.util.ServiceLoader}, one class loader per JAR) declares its
 * {@link io.numaagent.api.plugin.ConfigKey}s and creates a {@link io.numaagent.api.plugin.Plugin}
 * whose {@code decide} is pure; the {@link io.numaagent.api.plugin.PluginContext} gives it a
 * logger, metrics and a state directory, and nothing that touches the machine. A plugin may also
 * implement {@link io.numaagent.api.plugin.PluginCommands} to answer the operator's control prompt.
 */
package io.numaagent.api.plugin;
