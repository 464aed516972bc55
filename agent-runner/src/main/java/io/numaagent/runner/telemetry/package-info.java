/**
 * The agent's own metrics: one OpenTelemetry SDK meter provider with the runner's instruments
 * ({@link io.numaagent.runner.telemetry.RunnerMetrics}) and each plugin's
 * ({@link io.numaagent.runner.telemetry.PluginMetrics}), exported on the Prometheus endpoint
 * through a simpleclient collector. Label sets are bounded: a task's series go when the task goes.
 */
package io.numaagent.runner.telemetry;
