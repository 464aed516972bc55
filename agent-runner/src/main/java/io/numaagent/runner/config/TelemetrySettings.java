package io.numaagent.runner.config;

/**
 * The {@code telemetry:} block.
 *
 * @param prometheusEnabled serve {@code /metrics}
 * @param prometheusHost    bind address; loopback by default, since the endpoint has no authentication
 * @param prometheusPort    port (0 = any free port)
 */
public record TelemetrySettings(boolean prometheusEnabled, String prometheusHost, int prometheusPort) {

    /** Prometheus on 127.0.0.1:9464. */
    public static final TelemetrySettings DEFAULTS = new TelemetrySettings(true, "127.0.0.1", 9464);
}
