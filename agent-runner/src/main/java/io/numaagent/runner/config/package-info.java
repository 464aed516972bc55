/**
 * The agent's YAML config: {@link io.numaagent.runner.config.ConfigLoader} reads one file into an
 * {@link io.numaagent.runner.config.AgentConfig}, reporting every problem as a
 * {@link io.numaagent.runner.config.ConfigError} at its file, line, column and key. The runner's own
 * keys are declared once, as plugin-api {@code ConfigKey}s in the tables of {@code RunnerKeys}; the
 * loader checks against them, the settings records take their defaults from them, and
 * {@link io.numaagent.runner.config.KeyDocs} documents them ({@code numa-agent config-keys}, the README).
 * Plugin blocks are checked against each plugin's own keys. {@code SafeYaml} turns the file into
 * SnakeYAML's node graph under explicit limits (size, encoding, nesting, aliases, tags), so that a
 * hostile file is one more located error (docs/RELIABILITY.md).
 */
package io.numaagent.runner.config;
