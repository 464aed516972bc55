/**
 * The {@code numa-agent} command line (picocli): one class per subcommand, and
 * {@link io.numaagent.runner.cli.Wiring}, the one place that builds the agent's parts from a loaded
 * config (host, task sources, plugins, executor, telemetry, recording) so that {@code run},
 * {@code replay}, {@code snapshot} and {@code topology} assemble them the same way.
 * {@code TrustedFiles} is the check {@code run} makes as root: no config or plugin file that others
 * can change. {@code GracefulStop} is how {@code run} stops on SIGTERM/SIGINT and with which status.
 */
package io.numaagent.runner.cli;
