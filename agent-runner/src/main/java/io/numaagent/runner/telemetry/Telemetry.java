package io.numaagent.runner.telemetry;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.plugin.Metrics;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.runner.config.OtlpSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.internal.SdkMeterProviderUtil;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one set of instruments: an OpenTelemetry {@link SdkMeterProvider} read by a
 * pull-based Prometheus reader (served by simpleclient's HTTP server once
 * {@link #startPrometheus started}) and, built {@link #withOtlp with OTLP}, by the OTLP exporter's
 * periodic reader that the SDK's autoconfigure sets up from the YAML and the {@code OTEL_*} environment.
 *
 * <p>Plugins get a {@link Metrics} facade per instance ({@link #metricsFor}); the runner records
 * its cycle through {@link #recordSnapshot}, {@link #recordOutcomes} and {@link #recordCycle}.
 */
public final class Telemetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
    private static final String METER_NAME = "io.numaagent.runner";

    /** The whole SDK when built through autoconfigure (OTLP), else null. */
    private final OpenTelemetrySdk sdk;
    private final SdkMeterProvider provider;
    private final PrometheusMetricReader prometheusReader = new PrometheusMetricReader();
    private final CollectorRegistry prometheusRegistry = new CollectorRegistry();
    private final InstrumentRegistry instruments;
    private final RunnerMetrics runnerMetrics;
    private final Map<String, Metrics> pluginMetrics = new ConcurrentHashMap<>();
    private HTTPServer httpServer;
    private boolean closed;

    /** Series kept per instrument before the SDK folds the rest into an overflow series. */
    public static final int MAX_SERIES_PER_INSTRUMENT = 50_000;

    /** Telemetry with the Prometheus reader only, whatever the {@code OTEL_*} environment says. */
    public Telemetry(String version) {
        this(version, List.of());
    }

    /**
     * Telemetry with further readers (e.g. a test's); they are shut down with this object. The
     * {@code OTEL_*} environment plays no part.
     */
    public Telemetry(String version, List<? extends MetricReader> additionalReaders) {
        sdk = null;
        SdkMeterProviderBuilder builder = SdkMeterProvider.builder().setResource(Resource.getDefault()
                .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "numa-agent",
                        AttributeKey.stringKey("service.version"), version))));
        registerReaders(builder, additionalReaders);
        provider = builder.build();
        instruments = new InstrumentRegistry(provider.get(METER_NAME));
        runnerMetrics = new RunnerMetrics(instruments, version);
        new PrometheusCollector(prometheusReader::collect).register(prometheusRegistry);
    }

    /**
     * The agent's telemetry: the Prometheus reader and, when {@code otlp} is given or the
     * {@code OTEL_*} environment asks for it, OTLP export (see {@link OtlpExport}).
     *
     * @param otlp the YAML's {@code telemetry.otlp}, or null
     * @throws IllegalArgumentException when the OpenTelemetry settings are unusable
     */
    public static Telemetry withOtlp(String version, OtlpSettings otlp) {
        return new Telemetry(version, otlp);
    }

    private Telemetry(String version, OtlpSettings otlp) {
        sdk = OtlpExport.build(version, otlp, builder -> registerReaders(builder, List.of()));
        provider = sdk.getSdkMeterProvider();
        instruments = new InstrumentRegistry(provider.get(METER_NAME));
        runnerMetrics = new RunnerMetrics(instruments, version);
        new PrometheusCollector(prometheusReader::collect).register(prometheusRegistry);
    }

    private void registerReaders(SdkMeterProviderBuilder builder, List<? extends MetricReader> additionalReaders) {
        // the SDK's default of 2,000 series per instrument would fold a big node's per-task series
        // into one overflow series; plugins keep label sets bounded by the task count, so allow that
        SdkMeterProviderUtil.registerMetricReaderWithCardinalitySelector(builder, prometheusReader,
                type -> MAX_SERIES_PER_INSTRUMENT);
        additionalReaders.forEach(r -> SdkMeterProviderUtil.registerMetricReaderWithCardinalitySelector(builder, r,
                type -> MAX_SERIES_PER_INSTRUMENT));
    }

    /**
     * The metrics facade for one plugin instance. Its series carry {@code plugin="<instance>"};
     * asking again for the same instance returns the same facade. The runner's per-plugin counters of
     * the instance start at 0 here.
     */
    public Metrics metricsFor(String pluginInstance) {
        return pluginMetrics.computeIfAbsent(pluginInstance, instance -> {
            PluginMetrics metrics = new PluginMetrics(instruments, instance);
            runnerMetrics.pluginStarted(instance);
            return metrics;
        });
    }

    /** The runner's own instruments. */
    public RunnerMetrics runner() {
        return runnerMetrics;
    }

    /** See {@link RunnerMetrics#recordSnapshot}. */
    public void recordSnapshot(Snapshot snapshot) {
        runnerMetrics.recordSnapshot(snapshot);
    }

    /** See {@link RunnerMetrics#recordOutcomes}. */
    public void recordOutcomes(List<Outcome> outcomes) {
        runnerMetrics.recordOutcomes(outcomes);
    }

    /** See {@link RunnerMetrics#recordLoopCycle}. */
    public void recordLoopCycle(Duration took, Duration cpu) {
        runnerMetrics.recordLoopCycle(took, cpu);
    }

    /** See {@link RunnerMetrics#recordCycle}. */
    public void recordCycle(String plugin, Duration duration, boolean failed) {
        runnerMetrics.recordCycle(plugin, duration, failed);
    }

    /**
     * Serves {@code /metrics} on {@code host:port} (port 0 picks a free port, see {@link #boundPort}).
     *
     * @throws IOException naming the address when it cannot be bound
     * @throws IllegalStateException when the endpoint is already running
     */
    public synchronized int startPrometheus(String host, int port) throws IOException {
        if (closed) {
            throw new IllegalStateException("telemetry is closed");
        }
        if (httpServer != null) {
            throw new IllegalStateException("Prometheus endpoint already running on port " + httpServer.getPort());
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Prometheus port " + port + " is outside 0-65535");
        }
        try {
            httpServer = new HTTPServer.Builder()
                    .withInetSocketAddress(new InetSocketAddress(host, port))
                    .withRegistry(prometheusRegistry)
                    .withDaemonThreads(true)
                    .build();
        } catch (IOException e) {
            throw new IOException("cannot serve Prometheus metrics on " + host + ":" + port + ": " + e.getMessage(),
                    e);
        }
        LOG.info("Prometheus metrics on http://{}:{}/metrics", host, httpServer.getPort());
        return httpServer.getPort();
    }

    /** The port the Prometheus endpoint listens on, or -1 when it is not running. */
    public synchronized int boundPort() {
        return httpServer == null ? -1 : httpServer.getPort();
    }

    /** The current metrics in Prometheus text format 0.0.4, as a scrape would return them. */
    public String prometheusText() {
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, prometheusRegistry.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Stops the endpoint and shuts the provider (and every reader) down. */
    @Override
    public void close() {
        shutDown();
    }

    /**
     * Stops the endpoint and shuts the provider down, the OTLP reader (if any) exporting once more.
     *
     * @return why the last export did not complete (failed, or not within 10 s); empty when flushed or closed already
     */
    public synchronized Optional<String> shutDown() {
        if (closed) {
            return Optional.empty();
        }
        closed = true;
        if (httpServer != null) {
            httpServer.close();
            httpServer = null;
        }
        CompletableResultCode flushed = provider.shutdown().join(10, TimeUnit.SECONDS);
        if (sdk != null) {
            sdk.getSdkTracerProvider().shutdown().join(1, TimeUnit.SECONDS);
            sdk.getSdkLoggerProvider().shutdown().join(1, TimeUnit.SECONDS);
        }
        if (flushed.isSuccess()) {
            return Optional.empty();
        }
        return Optional.of(flushed.isDone() ? "the last metrics export failed" : "the last metrics export did not finish within 10 s");
    }
}
