package io.numaagent.runner.config;

/**
 * The {@code telemetry:} block.
 *
 * @param prometheusEnabled serve {@code /metrics}
 * @param prometheusHost    bind address; loopback by default, since the endpoint has no authentication
 * @param prometheusPort    port (0 = any free port)
 * @param otlp              the {@code otlp:} block, null when the file has none (OTLP export is then
 *                          on only when the environment asks for it, see {@code OtlpExport})
 */
public record TelemetrySettings(boolean prometheusEnabled, String prometheusHost, int prometheusPort,
                                OtlpSettings otlp) {

    /** Prometheus on 127.0.0.1:9464, as {@link RunnerKeys} declares it; no {@code otlp:} block. */
    public static final TelemetrySettings DEFAULTS = new TelemetrySettings(RunnerKeys.PROMETHEUS_ENABLED.defaultValue(),
            RunnerKeys.PROMETHEUS_HOST.defaultValue(), RunnerKeys.PROMETHEUS_PORT.defaultValue());

    /** Prometheus settings without an {@code otlp:} block. */
    public TelemetrySettings(boolean prometheusEnabled, String prometheusHost, int prometheusPort) {
        this(prometheusEnabled, prometheusHost, prometheusPort, null);
    }
}
