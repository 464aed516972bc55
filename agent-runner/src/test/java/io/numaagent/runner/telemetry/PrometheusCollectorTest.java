package io.numaagent.runner.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge on instruments the facade never creates but other OpenTelemetry users of the same
 * provider might (an OTLP-era library, for example): long and up-down instruments, counters not
 * ending in _total, attribute keys with dots.
 */
class PrometheusCollectorTest {

    private final PrometheusMetricReader reader = new PrometheusMetricReader();
    private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    private final Meter meter = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    private List<String> lines() throws Exception {
        CollectorRegistry registry = new CollectorRegistry();
        new PrometheusCollector(reader::collect).register(registry);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        return out.toString().lines().toList();
    }

    @Test
    void upDownCounterBecomesAGauge() throws Exception {
        var depth = meter.upDownCounterBuilder("queue_depth").setDescription("Queued moves").build();
        depth.add(5, Attributes.of(AttributeKey.stringKey("queue"), "memory"));
        depth.add(-2, Attributes.of(AttributeKey.stringKey("queue"), "memory"));

        assertThat(lines()).containsSubsequence(
                "# HELP queue_depth Queued moves",
                "# TYPE queue_depth gauge",
                "queue_depth{queue=\"memory\",} 3.0");
    }

    @Test
    void longCounterWithoutTotalSuffixGetsTheSuffixOnItsSamples() throws Exception {
        meter.counterBuilder("bytes_written").setDescription("Bytes").build().add(42);

        assertThat(lines()).containsSubsequence(
                "# HELP bytes_written_total Bytes",
                "# TYPE bytes_written_total counter",
                "bytes_written_total 42.0");
    }

    @Test
    void longGaugeAndDottedAttributeKeysAreSanitised() throws Exception {
        meter.gaugeBuilder("open.files").ofLongs().buildWithCallback(m ->
                m.record(7, Attributes.of(AttributeKey.stringKey("otel.scope"), "x")));

        assertThat(lines()).containsSubsequence(
                "# TYPE open_files gauge",
                "open_files{otel_scope=\"x\",} 7.0");
    }

    @Test
    void leLabelIsPlainDecimal() {
        assertThat(List.of(0.0005, 0.001, 1.0, 2.5, 1e7).stream().map(PrometheusCollector::leLabel).toList())
                .containsExactly("0.0005", "0.001", "1.0", "2.5", "10000000");
    }

    @Test
    void shutDownReaderYieldsNothing() throws Exception {
        meter.counterBuilder("c_total").build().add(1);
        reader.shutdown();

        assertThat(lines()).isEmpty();
    }
}
