package io.numaagent.runner.config;

/**
 * The {@code telemetry:} block.
 *
 * @param prometheusEnabled serve {@code /metrics}
 * @param prometheusHost    bind address; loopback by default, since the endpoint has no authentication
 * @param prometheusPort    port (0 = any free port)
 */
public record TelemetrySettings(boolean prometheusEnabled, String prometheusHost, int prometheusPort) {

    /** Prometheus on 127.0.0.1:9464, as {@link RunnerKeys} declares it. */
    public static final TelemetrySettings DEFAULTS = new TelemetrySettings(RunnerKeys.PROMETHEUS_ENABLED.defaultValue(),
            RunnerKeys.PROMETHEUS_HOST.defaultValue(), RunnerKeys.PROMETHEUS_PORT.defaultValue());
}
