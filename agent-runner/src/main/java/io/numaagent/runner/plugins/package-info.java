/**
 * Finding plugins: one class loader per plugin JAR that shares only {@code io.numaagent.api.*}
 * with the runner, {@link java.util.ServiceLoader} lookup of factories, and the
 * {@link io.numaagent.runner.plugins.RunnerPluginContext} each plugin instance gets. A JAR without a
 * factory, a broken JAR or two plugins of one name is an error naming the files.
 */
package io.numaagent.runner.plugins;
