package io.numaagent.runner.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A Kubernetes API server for pods, as far as a node agent sees one: a real HTTP(S) server (the
 * JDK's) that keeps the pods written to it and serves {@code GET /api/v1/pods} as a list (with
 * {@code fieldSelector=spec.nodeName=<node>}, {@code limit} and {@code continue}) and as a watch
 * ({@code watch=true} from a {@code resourceVersion}, with bookmarks when asked for, ended after
 * {@code timeoutSeconds}). Its history of changes can be compacted, after which a watch from an
 * older resource version gets the API server's {@code 410 Gone} event. Tests script failures on it
 * (status codes for the next requests, raw lines to open watches, watches cut, the server gone and
 * back on the same port); the footprint measurement ({@code benchmarks/footprint/measure.sh}) serves
 * its pods with it.
 */
public final class MockApiServer implements AutoCloseable {

    private static final String END = "\u0000end";

    private final ObjectMapper json = new ObjectMapper();
    private final SSLContext tls;
    private final Map<String, ObjectNode> pods = new LinkedHashMap<>();
    /** Every change as its watch event line, with the resource version it made. */
    private final List<Change> history = new ArrayList<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();
    private final AtomicInteger lists = new AtomicInteger();
    private final AtomicInteger watches = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> watchVersions = new CopyOnWriteArrayList<>();
    private volatile String lastWatchSelector;
    private long resourceVersion = 1000;
    /** Watches from a resource version below this one get 410 Gone (the history before it is compacted). */
    private long oldestWatchable;
    private volatile String requiredToken;
    private volatile java.util.concurrent.CountDownLatch watchGate = new java.util.concurrent.CountDownLatch(0);
    private HttpServer server;
    private ExecutorService handlers;
    private int port;

    private record Change(long resourceVersion, String node, String line) {
    }

    private record Watcher(String node, boolean bookmarks, BlockingQueue<String> lines) {
    }

    /** A plain-HTTP server on a free loopback port. */
    public MockApiServer() {
        this(null);
    }

    /** An HTTPS server with {@code tls}'s certificate, on a free loopback port. */
    public MockApiServer(SSLContext tls) {
        this.tls = tls;
        start(0);
    }

    private void start(int wantedPort) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort);
            if (tls == null) {
                server = HttpServer.create(address, 50);
            } else {
                HttpsServer https = HttpsServer.create(address, 50);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mock-api-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** {@code http(s)://127.0.0.1:<port>}. */
    public String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A kubeconfig naming this server with a bearer token, as the source's {@code kubeconfig:} would. */
    public Path writeKubeconfig(Path dir) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s"}
                users:
                  - name: agent
                    user: {token: "secret"}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: agent}
                current-context: mock
                """.formatted(url()));
    }

    // ---- the objects ---------------------------------------------------------------------------

    /** Stores {@code pod} (a uid given when it has none) and tells the watches; returns what is stored. */
    public ObjectNode create(ObjectNode pod) {
        synchronized (this) {
            ObjectNode stored = pod.deepCopy();
            ObjectNode meta = object(stored, "metadata");
            if (!meta.hasNonNull("uid")) {
                meta.put("uid", UUID.randomUUID().toString());
            }
            if (!meta.hasNonNull("namespace")) {
                meta.put("namespace", "default");
            }
            String key = key(meta.path("namespace").asText(), meta.path("name").asText());
            if (pods.containsKey(key)) {
                throw new IllegalStateException("pod " + key + " exists");
            }
            pods.put(key, stored);
            return changed("ADDED", stored);
        }
    }

    /** Changes the stored pod {@code namespace/name} in place and tells the watches. */
    public ObjectNode update(String namespace, String name, Consumer<ObjectNode> edit) {
        synchronized (this) {
            ObjectNode pod = stored(namespace, name);
            edit.accept(pod);
            return changed("MODIFIED", pod);
        }
    }

    /** Removes the pod {@code namespace/name} and tells the watches. */
    public void delete(String namespace, String name) {
        synchronized (this) {
            ObjectNode pod = stored(namespace, name);
            pods.remove(key(namespace, name));
            changed("DELETED", pod);
        }
    }

    /** A copy of the stored pod {@code namespace/name}. */
    public synchronized ObjectNode get(String namespace, String name) {
        return stored(namespace, name).deepCopy();
    }

    private ObjectNode stored(String namespace, String name) {
        ObjectNode pod = pods.get(key(namespace, name));
        if (pod == null) {
            throw new IllegalArgumentException("no pod " + key(namespace, name));
        }
        return pod;
    }

    /** {@code node}'s object field {@code name}, made when missing. */
    public static ObjectNode object(ObjectNode node, String name) {
        return node.get(name) instanceof ObjectNode o ? o : node.putObject(name);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private ObjectNode changed(String type, ObjectNode pod) {
        long rv = ++resourceVersion;
        object(pod, "metadata").put("resourceVersion", Long.toString(rv));
        String node = pod.path("spec").path("nodeName").asText(null);
        ObjectNode event = json.createObjectNode().put("type", type);
        event.set("object", pod);
        Change change = new Change(rv, node, event.toString());
        history.add(change);
        for (Watcher w : watchers) {
            if (w.node == null || w.node.equals(node)) {
                w.lines.add(change.line);
            }
        }
        return pod.deepCopy();
    }

    // ---- scripted trouble ----------------------------------------------------------------------

    /** Sends a {@code BOOKMARK} event with the current resource version to every watch that asked for them. */
    public synchronized void bookmark() {
        String line = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":"
                + "{\"resourceVersion\":\"" + resourceVersion + "\",\"annotations\":"
                + "{\"k8s.io/initial-events-end\":\"true\"}}}}";
        watchers.stream().filter(Watcher::bookmarks).forEach(w -> w.lines.add(line));
    }

    /**
     * Compacts the history, as etcd does: a watch from a resource version before the current one gets
     * {@code 410 Gone}; open watches get it as their last event (the API server's "too old resource
     * version") and end.
     */
    public synchronized void compact() {
        oldestWatchable = resourceVersion; // watching from the current version still works
        history.clear();
        String gone = goneEvent();
        watchers.forEach(w -> {
            w.lines.add(gone);
            w.lines.add(END);
        });
    }

    private String goneEvent() {
        return "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"too old resource version: 1 (" + resourceVersion + ")\",\"reason\":\"Expired\","
                + "\"code\":410}}";
    }

    /** Ends every open watch, as the API server does at a watch's timeout. */
    public void endWatches() {
        watchers.forEach(w -> w.lines.add(END));
    }

    /** Writes {@code line} as is to every open watch. */
    public void sendToWatches(String line) {
        watchers.forEach(w -> w.lines.add(line));
    }

    /** Watch requests wait, unanswered, until {@link #answerWatches()} (a slow API server). */
    public void holdWatches() {
        watchGate = new java.util.concurrent.CountDownLatch(1);
    }

    /** Answers the watch requests held, and later ones at once. */
    public void answerWatches() {
        watchGate.countDown();
    }

    /** How many watches are open now. */
    public int openWatches() {
        return watchers.size();
    }

    /** The next {@code count} requests are answered with {@code status} and a Status body. */
    public synchronized void failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            scriptedStatuses.add(status);
        }
    }

    /** Requests without {@code Authorization: Bearer <token>} are answered 401 ({@code null}: any is taken). */
    public void requireToken(String token) {
        requiredToken = token;
    }

    /** The {@code Authorization} headers of every request so far, in order. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** The {@code resourceVersion} each watch so far started from, in order. */
    public List<String> watchVersions() {
        return List.copyOf(watchVersions);
    }

    /** The {@code fieldSelector} of the last watch. */
    public String lastWatchSelector() {
        return lastWatchSelector;
    }

    /** Lists served so far (each page counts). */
    public int lists() {
        return lists.get();
    }

    /** Watches opened so far. */
    public int watches() {
        return watches.get();
    }

    /** Stops serving: connections are refused until {@link #comeBack()}. */
    public void goAway() {
        endWatches();
        server.stop(0);
        handlers.shutdownNow();
    }

    /** Serves again on the same port, with the pods it held (once the old server has let go of it). */
    public void comeBack() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                start(port);
                return;
            } catch (UncheckedIOException portStillTaken) {
                if (System.nanoTime() > deadline) {
                    throw portStillTaken;
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        goAway();
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Integer scripted;
            synchronized (this) {
                scripted = scriptedStatuses.poll();
            }
            if (scripted != null) {
                status(exchange, scripted, "scripted failure");
            } else if (requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
                status(exchange, 401, "Unauthorized");
            } else if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals(
                    "/api/v1/pods")) {
                status(exchange, 404, "the mock serves GET /api/v1/pods only, not " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath());
            } else {
                String selector = query.getOrDefault("fieldSelector", "");
                String node = selector.startsWith("spec.nodeName=") ? selector.substring("spec.nodeName=".length())
                        : null;
                if (!selector.isEmpty() && node == null) {
                    status(exchange, 400, "the mock selects by spec.nodeName only, not " + selector);
                } else if ("true".equals(query.get("watch")) || "1".equals(query.get("watch"))) {
                    watch(exchange, node, query);
                } else {
                    list(exchange, node, query);
                }
            }
        }
    }

    private void list(HttpExchange exchange, String node, Map<String, String> query) throws IOException {
        lists.incrementAndGet();
        String body;
        synchronized (this) {
            List<ObjectNode> selected = pods.values().stream()
                    .filter(p -> node == null || node.equals(p.path("spec").path("nodeName").asText(null))).toList();
            int from = query.containsKey("continue") ? Integer.parseInt(query.get("continue")) : 0;
            int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : Integer.MAX_VALUE;
            int to = (int) Math.min(selected.size(), (long) from + limit);
            ObjectNode list = json.createObjectNode().put("kind", "PodList").put("apiVersion", "v1");
            ObjectNode meta = list.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
            if (to < selected.size()) {
                meta.put("continue", Integer.toString(to));
            }
            list.putArray("items").addAll(selected.subList(Math.min(from, to), to));
            body = list.toString();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void watch(HttpExchange exchange, String node, Map<String, String> query) throws IOException {
        try {
            watchGate.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        watches.incrementAndGet();
        watchVersions.add(query.getOrDefault("resourceVersion", ""));
        lastWatchSelector = query.get("fieldSelector");
        long from = Long.parseLong(query.getOrDefault("resourceVersion", "0"));
        long timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(query.getOrDefault("timeoutSeconds", "3600")));
        Watcher watcher = new Watcher(node, "true".equals(query.get("allowWatchBookmarks")),
                new LinkedBlockingQueue<>());
        synchronized (this) {
            if (from != 0 && from < oldestWatchable) {
                watcher.lines.add(goneEvent());
                watcher.lines.add(END);
            } else {
                history.stream().filter(c -> c.resourceVersion > from && (node == null || node.equals(c.node)))
                        .forEach(c -> watcher.lines.add(c.line));
                watchers.add(watcher);
            }
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                String line = watcher.lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(END)) {
                    return;
                }
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watchers.remove(watcher);
        }
    }

    private void status(HttpExchange exchange, int code, String message) throws IOException {
        byte[] body = json.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                .put("message", message).put("code", code).toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
