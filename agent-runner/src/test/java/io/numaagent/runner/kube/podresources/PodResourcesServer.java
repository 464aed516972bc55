package io.numaagent.runner.kube.podresources;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A stand-in kubelet pod-resources server for tests: grpc-java (Netty, epoll) on a unix-domain
 * socket, an implementation independent of the agent's client, serving {@code v1.PodResourcesLister}
 * ({@code List}, {@code Get}, {@code GetAllocatableResources}) with messages that
 * {@link PodResourcesMessages} encodes with protobuf-java. No protoc: the service is built by hand
 * with byte-array marshallers.
 */
public final class PodResourcesServer implements AutoCloseable {

    /** What {@code List} does. */
    public sealed interface ListAnswer {
        /** Answers with this {@code ListPodResourcesResponse}. */
        record Message(Supplier<byte[]> bytes) implements ListAnswer {
        }

        /** Fails with this gRPC status. */
        record Fails(Status status) implements ListAnswer {
        }

        /** Never answers (until the server closes). */
        record Hangs() implements ListAnswer {
        }
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final Path socket;
    private final EpollEventLoopGroup loops = new EpollEventLoopGroup(1);
    private final Server server;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger listCalls = new AtomicInteger();
    private volatile ListAnswer list;
    private volatile byte[] allocatable = new byte[0];

    /** A server on {@code socket} serving the whole service. */
    public static PodResourcesServer start(Path socket, ListAnswer list) throws IOException {
        return new PodResourcesServer(socket, list, true);
    }

    /** A server on {@code socket} that knows no pod-resources service (as a kubelet without it). */
    public static PodResourcesServer withoutService(Path socket) throws IOException {
        return new PodResourcesServer(socket, new ListAnswer.Hangs(), false);
    }

    private PodResourcesServer(Path socket, ListAnswer list, boolean serve) throws IOException {
        this.socket = socket;
        this.list = list;
        NettyServerBuilder b = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toFile()))
                .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(loops).workerEventLoopGroup(loops);
        if (serve) {
            b.addService(service());
        }
        this.server = b.build().start();
    }

    public Path socket() {
        return socket;
    }

    /** What {@code List} does from now on. */
    public void answerList(ListAnswer answer) {
        this.list = answer;
    }

    /** What {@code GetAllocatableResources} answers. */
    public void answerAllocatable(byte[] message) {
        this.allocatable = message;
    }

    /** How many {@code List} calls arrived. */
    public int listCalls() {
        return listCalls.get();
    }

    private ServerServiceDefinition service() {
        return ServerServiceDefinition.builder("v1.PodResourcesLister")
                .addMethod(method("List"), ServerCalls.asyncUnaryCall((byte[] request, io.grpc.stub.StreamObserver<byte[]> out) -> {
                    listCalls.incrementAndGet();
                    ListAnswer answer = list;
                    if (answer instanceof ListAnswer.Message m) {
                        out.onNext(m.bytes().get());
                        out.onCompleted();
                    } else if (answer instanceof ListAnswer.Fails f) {
                        out.onError(f.status().asRuntimeException());
                    } else {
                        try {
                            released.await(1, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        out.onError(Status.UNAVAILABLE.withDescription("server closed").asRuntimeException());
                    }
                }))
                .addMethod(method("GetAllocatableResources"), ServerCalls.asyncUnaryCall(
                        (byte[] request, io.grpc.stub.StreamObserver<byte[]> out) -> {
                            out.onNext(allocatable);
                            out.onCompleted();
                        }))
                .addMethod(method("Get"), ServerCalls.asyncUnaryCall(
                        (byte[] request, io.grpc.stub.StreamObserver<byte[]> out) ->
                                out.onError(Status.UNIMPLEMENTED.withDescription("Get is not served here")
                                        .asRuntimeException())))
                .build();
    }

    private static MethodDescriptor<byte[], byte[]> method(String name) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("v1.PodResourcesLister", name))
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    }

    @Override
    public void close() {
        released.countDown();
        server.shutdownNow();
        try {
            server.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.shutdownGracefully(0, 5, TimeUnit.SECONDS);
    }
}
