package io.numaagent.runner.telemetry;

import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An OTLP/gRPC metrics receiver for tests: grpc-java's Netty server on a free loopback port, plaintext
 * HTTP/2 (as a collector's {@code 0.0.0.0:4317} without TLS), serving opentelemetry-proto's
 * {@code opentelemetry.proto.collector.metrics.v1.MetricsService/Export}. Keeps every request with its
 * metadata (the headers) as an {@link OtlpReceiver.Export}, and answers as a collector does.
 */
public final class OtlpGrpcReceiver extends OtlpReceiver {

    private static final io.grpc.Context.Key<Map<String, String>> HEADERS = io.grpc.Context.key("otlp-headers");

    private final Server server;

    public OtlpGrpcReceiver() throws IOException {
        super((com.sun.net.httpserver.HttpServer) null);
        MetricsServiceGrpc.MetricsServiceImplBase service = new MetricsServiceGrpc.MetricsServiceImplBase() {
            @Override
            public void export(ExportMetricsServiceRequest request,
                               StreamObserver<ExportMetricsServiceResponse> response) {
                received(new Export(HEADERS.get(), request));
                response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
                response.onCompleted();
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service, new HeaderCapture()))
                .build().start();
    }

    /** The metadata of each call, keys lower case (as HTTP/2 sends them), in the call's context. */
    private static final class HeaderCapture implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata,
                                                           ServerCallHandler<Q, R> next) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String key : metadata.keys()) {
                if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    Iterable<String> values = metadata.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
                    headers.put(key.toLowerCase(Locale.ROOT), String.join(",", values));
                }
            }
            return Contexts.interceptCall(io.grpc.Context.current().withValue(HEADERS, headers), call, metadata, next);
        }
    }

    /** The endpoint as {@code telemetry.otlp.endpoint} with {@code protocol: grpc} takes it. */
    @Override
    public String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
