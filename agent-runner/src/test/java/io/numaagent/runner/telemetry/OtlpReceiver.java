package io.numaagent.runner.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP metrics receiver for tests: a JDK HTTP server on a free loopback port that accepts
 * {@code POST /v1/metrics} with a protobuf {@code ExportMetricsServiceRequest} (gzip or not), keeps
 * every request with its headers, and answers as a collector does. {@link OtlpGrpcReceiver} is the
 * OTLP/gRPC one; both keep and wait for exports here.
 */
public class OtlpReceiver implements AutoCloseable {

    /** One export as received. */
    public record Export(Map<String, String> headers, ExportMetricsServiceRequest request) {

        /** The resource attributes of the first resource, as strings. */
        public Map<String, String> resource() {
            Map<String, String> attributes = new LinkedHashMap<>();
            for (KeyValue kv : request.getResourceMetrics(0).getResource().getAttributesList()) {
                attributes.put(kv.getKey(), kv.getValue().getStringValue());
            }
            return attributes;
        }

        /** The metric of this name, from any resource and scope. */
        public Optional<Metric> metric(String name) {
            for (ResourceMetrics rm : request.getResourceMetricsList()) {
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        if (m.getName().equals(name)) {
                            return Optional.of(m);
                        }
                    }
                }
            }
            return Optional.empty();
        }
    }

    private final HttpServer server;
    private final List<Export> exports = new CopyOnWriteArrayList<>();

    public OtlpReceiver() throws IOException {
        this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        server.createContext("/v1/metrics", this::receive);
        server.start();
    }

    /**
     * With {@code server} null: for a subclass that serves another transport (its own {@link #endpoint}
     * and {@link #close}) and hands each request to {@link #received}.
     */
    OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Keeps one export. */
    final void received(Export export) {
        exports.add(export);
    }

    /** The base URL, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} takes it. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body.readAllBytes());
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                    String.join(",", v)));
            received(new Export(headers, request));
            byte[] response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response);
                }
            }
        }
    }

    /** Every export received so far. */
    public List<Export> exports() {
        return new ArrayList<>(exports);
    }

    /** Waits (up to {@code patience}) for an export that satisfies {@code wanted}. */
    public Export await(Duration patience, Predicate<Export> wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            for (Export e : exports) {
                if (wanted.test(e)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such OTLP export within " + patience + "; received " + exports.size()
                + " export(s)");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
