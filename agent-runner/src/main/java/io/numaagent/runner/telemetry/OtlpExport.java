package io.numaagent.runner.telemetry;

import io.numaagent.runner.config.OtlpSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the agent's OpenTelemetry SDK through the SDK's autoconfigure module, so that the standard
 * {@code OTEL_EXPORTER_OTLP_*}, {@code OTEL_METRIC_EXPORT_INTERVAL}, {@code OTEL_RESOURCE_ATTRIBUTES}
 * and {@code OTEL_SERVICE_NAME} variables (or their {@code -Dotel.*} system properties) work as in any
 * OpenTelemetry SDK, with the YAML's {@code telemetry.otlp} values on top of them.
 *
 * <p>OTLP metrics export is on when the YAML has a {@code telemetry.otlp} block, or, without one, when
 * the environment names an OTLP endpoint or sets {@code OTEL_METRICS_EXPORTER=otlp}. Traces and logs
 * are never exported (the agent has none). The resource is {@code service.name=numa-agent},
 * {@code service.version}, {@code host.name}, with what {@code OTEL_RESOURCE_ATTRIBUTES} /
 * {@code OTEL_SERVICE_NAME} give explicitly winning.
 */
final class OtlpExport {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpExport.class);

    static final String EXPORTER = "otel.metrics.exporter";
    static final String ENDPOINT = "otel.exporter.otlp.endpoint";
    static final String METRICS_ENDPOINT = "otel.exporter.otlp.metrics.endpoint";
    static final String PROTOCOL = "otel.exporter.otlp.protocol";
    static final String METRICS_PROTOCOL = "otel.exporter.otlp.metrics.protocol";
    static final String METRICS_HEADERS = "otel.exporter.otlp.metrics.headers";
    static final String INTERVAL = "otel.metric.export.interval";
    private static final String OTLP = "otlp";
    private static final String NONE = "none";
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
    private static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");

    private OtlpExport() {
    }

    /**
     * The SDK, its meter provider given to {@code meterProvider} to add the agent's own readers.
     *
     * @throws IllegalArgumentException when the environment's OTel settings are unusable (a bad URL, ...),
     *                                  with the SDK's message
     */
    static OpenTelemetrySdk build(String version, OtlpSettings yaml, Consumer<SdkMeterProviderBuilder> meterProvider) {
        try {
            return AutoConfiguredOpenTelemetrySdk.builder()
                    .disableShutdownHook() // Telemetry.close() shuts it down, after a last export
                    .addPropertiesSupplier(OtlpExport::defaults)
                    .addPropertiesCustomizer(config -> overrides(yaml, config))
                    .addResourceCustomizer((resource, config) -> resource(resource, config, version))
                    .addMeterProviderCustomizer((builder, config) -> {
                        meterProvider.accept(builder);
                        return builder;
                    })
                    .build().getOpenTelemetrySdk();
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException("OpenTelemetry configuration (OTEL_* environment, telemetry.otlp): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Beneath the environment: no traces or logs, the agent's series limit per instrument, and
     * http/protobuf, the OTLP specification's default (this SDK version's own default is grpc).
     */
    static Map<String, String> defaults() {
        return Map.of("otel.traces.exporter", NONE, "otel.logs.exporter", NONE,
                "otel.experimental.metrics.cardinality.limit", Integer.toString(Telemetry.MAX_SERIES_PER_INSTRUMENT),
                PROTOCOL, OtlpSettings.HTTP_PROTOBUF);
    }

    /** Over the environment: whether OTLP is on, and the YAML's values. */
    static Map<String, String> overrides(OtlpSettings yaml, ConfigProperties env) {
        Map<String, String> o = new HashMap<>();
        if (yaml == null) {
            String asked = env.getString(EXPORTER);
            boolean endpointGiven = env.getString(ENDPOINT) != null || env.getString(METRICS_ENDPOINT) != null;
            if (asked == null) {
                o.put(EXPORTER, endpointGiven ? OTLP : NONE);
            } else if (!Set.of(OTLP, NONE).contains(asked)) {
                LOG.warn("OTEL_METRICS_EXPORTER={}: this agent exports metrics through otlp (or none) only; "
                        + "Prometheus has its own endpoint (telemetry.prometheus). No OTLP export.", asked);
                o.put(EXPORTER, NONE);
            }
            return o;
        }
        o.put(EXPORTER, OTLP);
        if (yaml.protocol() != null) {
            o.put(METRICS_PROTOCOL, yaml.protocol());
        }
        if (yaml.endpoint() != null) {
            String protocol = yaml.protocol() != null ? yaml.protocol()
                    : env.getString(METRICS_PROTOCOL, env.getString(PROTOCOL, OtlpSettings.HTTP_PROTOBUF));
            o.put(METRICS_ENDPOINT, metricsEndpoint(yaml.endpoint(), protocol));
        }
        if (yaml.interval() != null) {
            o.put(INTERVAL, Long.toString(yaml.interval().toMillis()));
        }
        if (!yaml.headers().isEmpty()) {
            // the SDK reads "name=value,..." and URL-decodes the values, so any value survives encoded
            o.put(METRICS_HEADERS, yaml.headers().entrySet().stream()
                    .map(h -> h.getKey() + "=" + URLEncoder.encode(h.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining(",")));
        }
        return o;
    }

    /**
     * The YAML endpoint is the collector's base URL, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} is; over
     * http/protobuf the metrics path is added, as the SDK does for that variable.
     */
    static String metricsEndpoint(String endpoint, String protocol) {
        if (!protocol.equals(OtlpSettings.HTTP_PROTOBUF) || endpoint.endsWith("/v1/metrics")) {
            return endpoint;
        }
        return (endpoint.endsWith("/") ? endpoint : endpoint + "/") + "v1/metrics";
    }

    /** The agent's attributes over the SDK's, then what the environment set explicitly over those. */
    static Resource resource(Resource autoconfigured, ConfigProperties env, String version) {
        Resource agent = Resource.create(Attributes.of(SERVICE_NAME, "numa-agent", SERVICE_VERSION, version,
                HOST_NAME, hostName()));
        AttributesBuilder explicit = Attributes.builder();
        Map<String, String> given = new LinkedHashMap<>(env.getMap("otel.resource.attributes"));
        String serviceName = env.getString("otel.service.name");
        if (serviceName != null) {
            given.put(SERVICE_NAME.getKey(), serviceName);
        }
        given.forEach(explicit::put);
        return autoconfigured.merge(agent).merge(Resource.create(explicit.build()));
    }

    /** The kernel's host name, as {@code uname -n} gives it; the resolver's as a fallback. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs: ask the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
