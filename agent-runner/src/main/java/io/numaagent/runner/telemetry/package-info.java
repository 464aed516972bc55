/**
 * The agent's own metrics: one OpenTelemetry SDK meter provider with the runner's instruments
 * ({@link io.numaagent.runner.telemetry.RunnerMetrics}: cycle, node and kernel counters, per-task
 * placement) and each plugin's ({@link io.numaagent.runner.telemetry.PluginMetrics}), exported on the
 * Prometheus endpoint through a simpleclient collector and, when configured, pushed over OTLP by the
 * SDK's exporter ({@link io.numaagent.runner.telemetry.OtlpExport}). Label sets are bounded: a task's
 * series go when the task goes. docs/METRICS.md catalogues every series.
 */
package io.numaagent.runner.telemetry;
