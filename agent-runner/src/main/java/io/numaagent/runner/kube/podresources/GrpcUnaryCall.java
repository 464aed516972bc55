package io.numaagent.runner.kube.podresources;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * One unary gRPC call over a unix-domain socket: Jetty's HTTP/2 client (prior knowledge, no TLS, as
 * grpc-go serves the kubelet's sockets) with the gRPC framing written here: the request as one
 * length-prefixed message, the answer's message read from the DATA frames and its {@code grpc-status}
 * from the trailers (or from the headers of a trailers-only answer). The client lives for one call
 * only (its threads too), since the pod-resources API is asked rarely; the whole call is bounded by
 * one deadline, which the server also hears ({@code grpc-timeout}).
 */
final class GrpcUnaryCall {

    /** Answers longer than this are refused (the reference's client allows 16 MiB too). */
    static final int MAX_MESSAGE_BYTES = 16 << 20;

    private GrpcUnaryCall() {
    }

    /** Calls {@code method} (e.g. {@code /v1.PodResourcesLister/List}) with {@code request}; the answer's message. */
    static byte[] call(Path socket, String method, byte[] request, Duration timeout) throws PodResourcesException {
        if (!Files.exists(socket)) {
            throw new PodResourcesException("socket " + socket + " does not exist");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        QueuedThreadPool threads = new QueuedThreadPool(4, 1);
        threads.setName("pod-resources");
        threads.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setExecutor(threads);
        connector.setScheduler(new ScheduledExecutorScheduler("pod-resources-timer", true));
        connector.setSelectors(1);
        connector.setConnectTimeout(timeout);
        HTTP2Client client = new HTTP2Client(connector);
        client.setIdleTimeout(timeout.toMillis());
        Answer answer = new Answer();
        try {
            client.start();
            Session session = await(client.connect(new Transport.TCPUnix(socket), null,
                    UnixDomainSocketAddress.of(socket), new Session.Listener() {
                        @Override
                        public void onFailure(Session s, Throwable failure, Callback callback) {
                            answer.fail("connection failed: " + failure);
                            callback.succeeded();
                        }

                        @Override
                        public void onClose(Session s, org.eclipse.jetty.http2.frames.GoAwayFrame frame,
                                            Callback callback) {
                            answer.fail("connection closed by the server");
                            callback.succeeded();
                        }
                    }), deadline, socket);
            HttpFields.Mutable fields = HttpFields.build()
                    .put("content-type", "application/grpc")
                    .put("te", "trailers")
                    .put("user-agent", "numa-agent")
                    .put("grpc-timeout", Math.max(1, timeout.toMillis()) + "m");
            MetaData.Request headers = new MetaData.Request("POST", HttpURI.build("http://localhost" + method),
                    HttpVersion.HTTP_2, fields);
            Stream stream = await(session.newStream(new HeadersFrame(headers, null, false), answer), deadline, socket);
            await(stream.data(new DataFrame(stream.getId(), ByteBuffer.wrap(frame(request)), true)), deadline,
                    socket);
            return await(answer.done, deadline, socket);
        } catch (PodResourcesException e) {
            throw e;
        } catch (Exception e) { // starting the client
            throw new PodResourcesException("cannot call " + method + " on " + socket + ": " + e, e);
        } finally {
            try {
                client.stop();
            } catch (Exception e) {
                // the call's outcome is known; a client that does not stop cleanly leaves daemon threads only
            }
        }
    }

    /** The request as gRPC frames it: uncompressed flag, 4-byte big-endian length, the message. */
    static byte[] frame(byte[] message) {
        ByteBuffer b = ByteBuffer.allocate(5 + message.length);
        b.put((byte) 0).putInt(message.length).put(message);
        return b.array();
    }

    private static <T> T await(CompletableFuture<T> f, long deadline, Path socket) throws PodResourcesException {
        long left = deadline - System.nanoTime();
        try {
            return f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new PodResourcesException("no answer from " + socket + " in time");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PodResourcesException p) {
                throw p;
            }
            throw new PodResourcesException("cannot reach " + socket + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PodResourcesException("interrupted while waiting for " + socket);
        }
    }

    /** Collects the answer of the call's stream into {@link #done}. */
    private static final class Answer implements Stream.Listener {
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private String grpcStatus;
        private String grpcMessage = "";

        @Override
        public void onHeaders(Stream stream, HeadersFrame frame) {
            MetaData md = frame.getMetaData();
            if (md instanceof MetaData.Response response) {
                if (response.getStatus() != 200) {
                    fail("HTTP status " + response.getStatus() + " (not a gRPC server?)");
                    return;
                }
                String type = md.getHttpFields().get("content-type");
                if (type == null || !type.startsWith("application/grpc")) {
                    fail("content type " + type + " (not a gRPC server?)");
                    return;
                }
            }
            String status = md.getHttpFields().get("grpc-status");
            if (status != null) {
                grpcStatus = status;
                String message = md.getHttpFields().get("grpc-message");
                grpcMessage = message == null ? "" : URLDecoder.decode(message.replace("+", "%2B"),
                        StandardCharsets.UTF_8);
            }
            if (frame.isEndStream()) {
                finish();
            } else {
                stream.demand();
            }
        }

        @Override
        public void onDataAvailable(Stream stream) {
            while (true) {
                Stream.Data data = stream.readData();
                if (data == null) {
                    stream.demand();
                    return;
                }
                ByteBuffer b = data.frame().getByteBuffer();
                boolean end = data.frame().isEndStream();
                if (body.size() + b.remaining() > MAX_MESSAGE_BYTES + 5) {
                    data.release();
                    fail("answer longer than " + MAX_MESSAGE_BYTES + " bytes");
                    stream.reset(new ResetFrame(stream.getId(), 8 /* CANCEL */), Callback.NOOP);
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                body.writeBytes(chunk);
                data.release();
                if (end) {
                    finish();
                    return;
                }
            }
        }

        @Override
        public void onReset(Stream stream, ResetFrame frame, Callback callback) {
            fail("stream reset by the server (HTTP/2 error " + frame.getError() + ")");
            callback.succeeded();
        }

        @Override
        public void onFailure(Stream stream, int error, String reason, Throwable failure, Callback callback) {
            fail("stream failed: " + reason + (failure == null ? "" : " (" + failure + ")"));
            callback.succeeded();
        }

        @Override
        public void onIdleTimeout(Stream stream, TimeoutException x, Promise<Boolean> promise) {
            fail("no answer in time");
            promise.succeeded(true);
        }

        void fail(String why) {
            done.completeExceptionally(new PodResourcesException(why));
        }

        private void finish() {
            if (grpcStatus == null) {
                fail("answer without grpc-status");
            } else if (!grpcStatus.equals("0")) {
                done.completeExceptionally(new PodResourcesException(GrpcStatus.describe(grpcStatus, grpcMessage),
                        GrpcStatus.code(grpcStatus)));
            } else {
                try {
                    done.complete(message(body.toByteArray()));
                } catch (PodResourcesException e) {
                    done.completeExceptionally(e);
                }
            }
        }
    }

    /** The one message of a unary answer's DATA: its 5-byte prefix checked. */
    static byte[] message(byte[] data) throws PodResourcesException {
        if (data.length < 5) {
            throw new PodResourcesException("answer of " + data.length + " bytes holds no gRPC message");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int flag = b.get();
        long length = Integer.toUnsignedLong(b.getInt());
        if (flag != 0) {
            throw new PodResourcesException("compressed or unknown gRPC message (flag " + flag + ")");
        }
        if (length != data.length - 5) {
            throw new PodResourcesException("gRPC message of " + length + " bytes in an answer of "
                    + (data.length - 5) + " bytes");
        }
        byte[] out = new byte[(int) length];
        b.get(out);
        return out;
    }
}
