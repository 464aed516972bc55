package io.numaagent.runner.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.runner.config.OtlpSettings;
import io.numaagent.runner.host.Fixtures;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OTLP export of the agent's metrics to a real OTLP/HTTP or OTLP/gRPC receiver started in the test, configured from
 * YAML settings and from the standard OpenTelemetry configuration (as {@code -Dotel.*} system properties,
 * which the SDK's autoconfigure reads exactly as it reads the {@code OTEL_*} environment).
 */
class OtlpExportTest {

    private static final Duration PATIENCE = Duration.ofMinutes(1);
    private static final List<String> PROPERTIES = List.of("otel.exporter.otlp.endpoint", "otel.resource.attributes",
            "otel.metric.export.interval", "otel.exporter.otlp.headers", "otel.exporter.otlp.protocol");

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    private static NumberDataPoint point(Metric metric, String attribute, String value) {
        List<NumberDataPoint> points = metric.hasSum() ? metric.getSum().getDataPointsList()
                : metric.getGauge().getDataPointsList();
        return points.stream().filter(p -> p.getAttributesList().stream()
                        .anyMatch(kv -> kv.getKey().equals(attribute) && kv.getValue().getStringValue().equals(value)))
                .findFirst().orElseThrow(() -> new AssertionError(metric.getName() + " has no point with "
                        + attribute + "=" + value));
    }

    private static boolean hasVmstat(OtlpReceiver.Export e) {
        return e.metric("numa_agent_vmstat_numa_hit_total").isPresent();
    }

    /** A receiver of the protocol: OTLP/HTTP (protobuf) or OTLP/gRPC. */
    private static OtlpReceiver receiver(String protocol) throws java.io.IOException {
        return protocol.equals(OtlpSettings.GRPC) ? new OtlpGrpcReceiver() : new OtlpReceiver();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {OtlpSettings.HTTP_PROTOBUF, OtlpSettings.GRPC})
    void twoSocketFourNodeExportsNamesValuesAndResourceToTheYamlEndpointWithItsHeaders(String protocol)
            throws Exception {
        try (OtlpReceiver receiver = receiver(protocol);
             Telemetry telemetry = Telemetry.withOtlp("1.2.3", new OtlpSettings(receiver.endpoint(),
                     protocol, Duration.ofSeconds(1),
                     Map.of("Authorization", "Bearer s3cret, token=1")))) {
            telemetry.recordSnapshot(NodeKernelTaskSeriesTest.snapshot(Fixtures.host("twoSocketFourNode"), 1,
                    "/batch", "/kubepods"));

            OtlpReceiver.Export export = receiver.await(PATIENCE, OtlpExportTest::hasVmstat);

            assertThat(export.headers()).containsEntry("authorization", "Bearer s3cret, token=1");
            assertThat(export.resource()).containsEntry("service.name", "numa-agent")
                    .containsEntry("service.version", "1.2.3").containsEntry("host.name", OtlpExport.hostName());
            Metric hit = export.metric("numa_agent_vmstat_numa_hit_total").orElseThrow();
            assertThat(hit.getSum().getIsMonotonic()).isTrue();
            assertThat(hit.getSum().getAggregationTemporality())
                    .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            assertThat(hit.getSum().getDataPoints(0).getAsDouble()).isEqualTo(987654321.0);
            assertThat(hit.getDescription()).contains("/proc/vmstat numa_hit");
            Metric ratio = export.metric("numa_agent_task_home_node_ratio").orElseThrow();
            assertThat(point(ratio, "task", "/batch/b").getAsDouble()).isEqualTo(1.0);
            assertThat(point(ratio, "task", "/kubepods/pod123").getAsDouble()).isEqualTo(3328.0 / 4352.0);
            Metric total = export.metric("numa_agent_node_memory_total_bytes").orElseThrow();
            assertThat(point(total, "node", "3").getAsDouble()).isEqualTo(66060288 * 1024.0);
            assertThat(export.metric("numa_agent_info").map(m -> point(m, "version", "1.2.3").getAsDouble()))
                    .contains(1.0);
        }
    }

    @Test
    void laptopOneNodeEnvironmentAloneTurnsExportOnAndItsResourceAttributesWin() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
            System.setProperty("otel.metric.export.interval", "1000");
            System.setProperty("otel.resource.attributes", "deployment.environment=lab,service.name=edge-agent");
            try (Telemetry telemetry = Telemetry.withOtlp("1.2.3", null)) {
                telemetry.recordSnapshot(NodeKernelTaskSeriesTest.snapshot(Fixtures.host("laptopOneNode"), 1,
                        "/user.slice"));

                OtlpReceiver.Export export = receiver.await(PATIENCE, OtlpExportTest::hasVmstat);

                assertThat(export.resource()).containsEntry("service.name", "edge-agent")
                        .containsEntry("deployment.environment", "lab").containsEntry("service.version", "1.2.3")
                        .containsKey("host.name");
                Metric pinned = export.metric("numa_agent_task_pinned_node").orElseThrow();
                assertThat(point(pinned, "task", "/user.slice/user-1000.slice").getAsDouble()).isEqualTo(0.0);
            }
        }
    }

    @Test
    void laptopOneNodeEnvironmentProtocolGrpcExportsOverGrpc() throws Exception {
        try (OtlpReceiver receiver = new OtlpGrpcReceiver()) {
            System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
            System.setProperty("otel.exporter.otlp.protocol", "grpc");
            System.setProperty("otel.metric.export.interval", "1000");
            System.setProperty("otel.exporter.otlp.headers", "x-tenant=lab");
            try (Telemetry telemetry = Telemetry.withOtlp("1.2.3", null)) {
                telemetry.recordSnapshot(NodeKernelTaskSeriesTest.snapshot(Fixtures.host("laptopOneNode"), 1,
                        "/user.slice"));

                OtlpReceiver.Export export = receiver.await(PATIENCE, OtlpExportTest::hasVmstat);

                assertThat(export.headers()).containsEntry("x-tenant", "lab");
                assertThat(export.resource()).containsEntry("service.name", "numa-agent")
                        .containsEntry("service.version", "1.2.3").containsEntry("host.name", OtlpExport.hostName());
                Metric total = export.metric("numa_agent_node_memory_total_bytes").orElseThrow();
                assertThat(point(total, "node", "0").getAsDouble()).isEqualTo(16303912 * 1024.0);
            }
        }
    }

    @Test
    void laptopOneNodeYamlWinsOverTheEnvironment() throws Exception {
        try (OtlpReceiver fromYaml = new OtlpReceiver(); OtlpReceiver fromEnvironment = new OtlpReceiver()) {
            System.setProperty("otel.exporter.otlp.endpoint", fromEnvironment.endpoint());
            System.setProperty("otel.exporter.otlp.headers", "x-from=environment");
            System.setProperty("otel.metric.export.interval", "600000");
            try (Telemetry telemetry = Telemetry.withOtlp("1.2.3", new OtlpSettings(fromYaml.endpoint(), null,
                    Duration.ofSeconds(1), Map.of("x-from", "yaml")))) {
                telemetry.recordSnapshot(NodeKernelTaskSeriesTest.snapshot(Fixtures.host("laptopOneNode"), 1,
                        "/user.slice"));

                // the YAML's 1 s interval, not the environment's 10 min, brings the export
                OtlpReceiver.Export export = fromYaml.await(PATIENCE, OtlpExportTest::hasVmstat);
                assertThat(export.headers()).containsEntry("x-from", "yaml");
            }
            assertThat(fromEnvironment.exports()).isEmpty();
        }
    }

    @Test
    void noYamlAndNoEnvironmentExportsNothing() {
        assertThat(OtlpExport.overrides(null, DefaultConfigProperties.createFromMap(Map.of())))
                .containsEntry(OtlpExport.EXPORTER, "none");
    }

    static Stream<Arguments> overrides() {
        return Stream.of(
                Arguments.of("yaml endpoint over http/protobuf gets the metrics path",
                        new OtlpSettings("http://c:4318", null, null, Map.of()), Map.of(),
                        Map.of(OtlpExport.EXPORTER, "otlp", OtlpExport.METRICS_ENDPOINT, "http://c:4318/v1/metrics")),
                Arguments.of("yaml endpoint over grpc is taken as is",
                        new OtlpSettings("http://c:4317", "grpc", null, Map.of()), Map.of(),
                        Map.of(OtlpExport.EXPORTER, "otlp", OtlpExport.METRICS_ENDPOINT, "http://c:4317",
                                OtlpExport.METRICS_PROTOCOL, "grpc")),
                Arguments.of("environment protocol grpc decides the yaml endpoint's form",
                        new OtlpSettings("http://c:4317/", null, null, Map.of()),
                        Map.of("otel.exporter.otlp.protocol", "grpc"),
                        Map.of(OtlpExport.EXPORTER, "otlp", OtlpExport.METRICS_ENDPOINT, "http://c:4317/")),
                Arguments.of("interval and url-encoded headers",
                        new OtlpSettings(null, null, Duration.ofSeconds(15), Map.of("api-key", "a b,c=d")), Map.of(),
                        Map.of(OtlpExport.EXPORTER, "otlp", OtlpExport.INTERVAL, "15000",
                                OtlpExport.METRICS_HEADERS, "api-key=a+b%2Cc%3Dd")),
                Arguments.of("no yaml: an environment endpoint turns otlp on",
                        null, Map.of("otel.exporter.otlp.metrics.endpoint", "http://c:4318/v1/metrics"),
                        Map.of(OtlpExport.EXPORTER, "otlp")),
                Arguments.of("no yaml: an exporter the agent lacks is turned off, not fatal",
                        null, Map.of("otel.metrics.exporter", "prometheus"), Map.of(OtlpExport.EXPORTER, "none")),
                Arguments.of("no yaml: an explicit otlp stays", null, Map.of("otel.metrics.exporter", "otlp"), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void overrides(String name, OtlpSettings yaml, Map<String, String> environment, Map<String, String> expected) {
        assertThat(OtlpExport.overrides(yaml, DefaultConfigProperties.createFromMap(new HashMap<>(environment))))
                .isEqualTo(expected);
    }

    @Test
    void unusableEnvironmentIsAClearErrorNamingIt() {
        System.setProperty("otel.exporter.otlp.endpoint", "not a url");
        assertThatThrownBy(() -> Telemetry.withOtlp("1.2.3", null).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("OpenTelemetry configuration (OTEL_* environment, telemetry.otlp): ")
                .hasMessageContaining("not a url");
    }
}
