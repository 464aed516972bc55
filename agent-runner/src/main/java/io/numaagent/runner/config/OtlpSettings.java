package io.numaagent.runner.config;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code telemetry.otlp:} block. Each value given here wins over the standard
 * {@code OTEL_EXPORTER_OTLP_*} / {@code OTEL_METRIC_EXPORT_INTERVAL} environment; a value left out
 * (null, or no headers) leaves it to the environment, then to the SDK's default.
 *
 * @param endpoint the collector's URL ({@code http://host:4318} for http/protobuf, {@code http://host:4317}
 *                 for grpc), or null
 * @param protocol {@code grpc} or {@code http/protobuf}, or null
 * @param interval how often metrics are exported, or null
 * @param headers  headers sent with each export (e.g. an API key); empty: the environment's
 */
public record OtlpSettings(String endpoint, String protocol, Duration interval, Map<String, String> headers) {

    /** The protocols the SDK's OTLP exporter speaks, as YAML and {@code OTEL_EXPORTER_OTLP_PROTOCOL} spell them. */
    public static final String GRPC = "grpc";
    public static final String HTTP_PROTOBUF = "http/protobuf";

    public OtlpSettings {
        headers = Map.copyOf(headers);
    }
}
