package io.numaagent.runner.kube;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods of one node, kept current from the API server as Kubernetes' own clients do: a list
 * ({@code fieldSelector=spec.nodeName=<node>}, in pages), then a watch from the list's
 * {@code resourceVersion} with bookmarks, renewed when the server ends it; on {@code 410 Gone}
 * (the version is compacted away) a new list; on any other failure the pods known stay, and the
 * watch is tried again after a back-off (doubling up to its maximum). A watch that stays silent
 * past its timeout is cut ({@link #cutIfSilent()}), so a connection that died without a word is
 * noticed. One thread does all this; the JDK's HTTP client adds its selector and one worker.
 *
 * <p>A watch event that cannot be read (not JSON, not an event, a line over {@value #MAX_LINE}
 * bytes) is skipped and counted, logged once (WARN) and then at DEBUG. A 401 or 403 answer is
 * logged once as what it means: the credentials are not taken, or the account lacks the RBAC rule
 * the agent needs.
 */
public final class PodWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PodWatch.class);

    /** Longest watch event line read; a pod is at most about 1.5 MB (etcd's limit). */
    static final int MAX_LINE = 4 << 20;
    /** Pods per list page. */
    static final int PAGE = 500;
    /** The RBAC rule the agent's account needs, as a ClusterRole's rule says it. */
    public static final String RBAC_RULE = "{apiGroups: [\"\"], resources: [pods], verbs: [get, list, watch]}";

    /** How long to wait after a failure: {@code first}, doubling up to {@code max}. */
    public record Backoff(Duration first, Duration max) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(32));
    }

    private final ApiServerAccess access;
    private final String nodeName;
    private final Backoff backoff;
    private final ExecutorService httpWorker;
    private final HttpClient http;
    private final Thread thread;
    private final CompletableFuture<Void> firstList = new CompletableFuture<>();
    /** The pods, by {@code namespace/name}; replaced whole by each list. */
    private volatile Map<String, PodInfo> pods = new ConcurrentHashMap<>();
    private volatile boolean watching;
    private volatile boolean synced;
    private volatile boolean closed;
    private volatile String lastFailure;
    private volatile InputStream open;
    private volatile long lastReadNanos;
    private volatile long silenceLimitNanos;
    private final AtomicLong lists = new AtomicLong();
    private final AtomicLong watches = new AtomicLong();
    private final AtomicLong bookmarks = new AtomicLong();
    private final AtomicLong skippedEvents = new AtomicLong();
    /** Watch thread only: the version to watch from ({@code null}: list first). */
    private String resourceVersion;
    private final Set<String> authProblemsLogged = new HashSet<>();

    /** Starts listing and watching the pods of {@code nodeName}. */
    public PodWatch(ApiServerAccess access, String nodeName, Backoff backoff) {
        this.access = access;
        this.nodeName = nodeName;
        this.backoff = backoff;
        this.httpWorker = Executors.newSingleThreadExecutor(r -> daemon(r, "numa-agent-kubernetes-http"));
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(httpWorker);
        if (access.tls() != null) {
            b.sslContext(access.tls());
        }
        this.http = b.build();
        this.thread = daemon(this::run, "numa-agent-kubernetes-watch");
        thread.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The pods known now (of the last list and the watch events since). */
    public Collection<PodInfo> pods() {
        return List.copyOf(pods.values());
    }

    /** Completes when the first list has been read. */
    public CompletableFuture<Void> firstList() {
        return firstList;
    }

    /** Whether a watch is open now. */
    public boolean watching() {
        return watching;
    }

    /** Whether a list has been read. */
    public boolean synced() {
        return synced;
    }

    /** The last failure (one line) since a watch was last opened; {@code null} when none. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Lists read (a list of several pages counts once). */
    public long lists() {
        return lists.get();
    }

    /** Watches opened. */
    public long watches() {
        return watches.get();
    }

    /** Bookmark events received. */
    public long bookmarks() {
        return bookmarks.get();
    }

    /** Watch event lines skipped because they could not be read. */
    public long skippedEvents() {
        return skippedEvents.get();
    }

    /** The API server's URL, for messages. */
    public URI server() {
        return access.server();
    }

    /**
     * Cuts the open response when nothing came for longer than it may be silent (a watch: its
     * timeout and a minute; a list: two minutes): the connection is taken as dead and the watch
     * starts again. Called by the source each cycle.
     */
    public void cutIfSilent() {
        InputStream in = open;
        if (in != null && System.nanoTime() - lastReadNanos > silenceLimitNanos) {
            LOG.debug("kubernetes: nothing from {} for {} s; reconnecting", access.server(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lastReadNanos));
            closeQuietly(in);
        }
    }

    private void run() {
        Duration delay = backoff.first();
        boolean listedJustNow = false;
        while (!closed) {
            try {
                listedJustNow = false;
                if (resourceVersion == null) {
                    list();
                    listedJustNow = true;
                }
                long started = System.nanoTime();
                boolean sawEvents = watch();
                if (sawEvents || System.nanoTime() - started > TimeUnit.SECONDS.toNanos(5)) {
                    delay = backoff.first(); // the server ended a working watch: renew it now
                    continue;
                }
                lastFailure = "the watch ended at once";
            } catch (ApiError.Gone e) {
                LOG.debug("kubernetes: {}; listing again", e.getMessage());
                resourceVersion = null;
                if (!listedJustNow) {
                    continue; // relist now; a 410 right after a list backs off below
                }
                lastFailure = e.getMessage();
            } catch (ApiError e) {
                lastFailure = e.getMessage();
                if (e.code == 401 || e.code == 403) {
                    logAuthProblem(e);
                }
            } catch (IOException | RuntimeException e) {
                lastFailure = failureText(e);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
            if (closed) {
                return;
            }
            try {
                // jittered, so that the agents of many nodes do not come back at the same instant
                Thread.sleep(delay.toMillis() / 2 + ThreadLocalRandom.current().nextLong(delay.toMillis() / 2 + 1));
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
            delay = delay.multipliedBy(2).compareTo(backoff.max()) > 0 ? backoff.max() : delay.multipliedBy(2);
        }
    }

    /** Lists the node's pods (every page) and replaces the pods known with them. */
    private void list() throws IOException, InterruptedException {
        Map<String, PodInfo> fresh = new ConcurrentHashMap<>();
        String cont = null;
        String rv;
        do {
            String uri = podsUri() + "&limit=" + PAGE + (cont == null ? "" : "&continue=" + encode(cont));
            try (InputStream in = open(uri, TimeUnit.MINUTES.toNanos(2))) {
                PodJson.PodList page = PodJson.list(in);
                for (PodInfo p : page.items()) {
                    if (nodeName.equals(p.nodeName())) {
                        fresh.put(key(p), p);
                    }
                }
                cont = page.continueToken();
                rv = page.resourceVersion();
            } finally {
                open = null;
            }
        } while (cont != null);
        pods = fresh;
        resourceVersion = rv;
        lists.incrementAndGet();
        synced = true;
        firstList.complete(null);
    }

    /**
     * Watches from {@link #resourceVersion} until the server ends the watch; applies each event.
     *
     * @return whether any line came
     */
    private boolean watch() throws IOException, InterruptedException {
        int timeout = 300 + ThreadLocalRandom.current().nextInt(300); // 5-10 min, as client-go
        String uri = podsUri() + "&watch=true&allowWatchBookmarks=true&resourceVersion=" + encode(resourceVersion)
                + "&timeoutSeconds=" + timeout;
        boolean any = false;
        try (InputStream in = open(uri, TimeUnit.SECONDS.toNanos(timeout + 60L))) {
            watches.incrementAndGet();
            watching = true;
            lastFailure = null;
            authProblemsLogged.clear();
            ResponseLines lines = new ResponseLines(in, MAX_LINE);
            while (lines.next()) {
                lastReadNanos = System.nanoTime();
                any = true;
                if (lines.tooLong()) {
                    skipped("a line longer than " + MAX_LINE + " bytes");
                } else if (lines.length() > 0) {
                    apply(lines.bytes(), lines.length());
                }
            }
        } finally {
            watching = false;
            open = null;
        }
        return any;
    }

    private void apply(byte[] line, int length) throws ApiError {
        PodJson.WatchEvent event;
        try {
            event = PodJson.event(line, length);
        } catch (IOException e) {
            skipped(e.getMessage());
            return;
        }
        switch (event.type()) {
            case "ADDED", "MODIFIED" -> {
                PodInfo p = event.pod();
                if (nodeName.equals(p.nodeName())) {
                    pods.put(key(p), p);
                } else {
                    pods.remove(key(p));
                }
            }
            case "DELETED" -> pods.remove(key(event.pod()));
            case "BOOKMARK" -> bookmarks.incrementAndGet();
            default -> { // ERROR: a Status
                if (event.code() == 410) {
                    throw new ApiError.Gone("the watch's resource version is gone (" + event.message() + ")");
                }
                throw new ApiError(event.code(), "the watch ended with an error: " + event.code() + " "
                        + event.message());
            }
        }
        if (event.resourceVersion() != null) {
            resourceVersion = event.resourceVersion();
        }
    }

    private void skipped(String why) {
        long n = skippedEvents.incrementAndGet();
        if (n == 1) {
            LOG.warn("kubernetes: skipped a watch event from {} that cannot be read ({}); later ones are counted and "
                    + "logged at DEBUG", access.server(), why);
        } else {
            LOG.debug("kubernetes: skipped watch event #{}: {}", n, why);
        }
    }

    /** GETs {@code uri}; a non-200 answer is thrown as an {@link ApiError} (410: {@link ApiError.Gone}). */
    private InputStream open(String uri, long silenceLimit) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(access.server() + uri)).GET()
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30));
        String authorization = access.authorization();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = response.body();
        if (response.statusCode() != 200) {
            try (in) {
                throw ApiError.of(response.statusCode(), in.readNBytes(64 << 10));
            }
        }
        silenceLimitNanos = silenceLimit;
        lastReadNanos = System.nanoTime();
        open = in;
        if (closed) {
            closeQuietly(in);
        }
        return in;
    }

    private void logAuthProblem(ApiError e) {
        if (!authProblemsLogged.add(e.getMessage())) {
            return;
        }
        if (e.code == 401) {
            LOG.warn("kubernetes: the API server {} does not take the credentials of {} ({}); the agent cannot see "
                    + "the pods of node {} until it does (a token is read again for every request)",
                    access.server(), access.description(), e.getMessage(), nodeName);
        } else {
            LOG.warn("kubernetes: the API server {} forbids {} to list and watch pods ({}); the agent's account "
                    + "needs the RBAC rule {} in a ClusterRole bound to it (deploy/kubernetes/base/rbac.yaml)",
                    access.server(), access.description(), e.getMessage(), RBAC_RULE);
        }
    }

    private String podsUri() {
        return "/api/v1/pods?fieldSelector=" + encode("spec.nodeName=" + nodeName);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String key(PodInfo p) {
        return p.namespace() + "/" + p.name();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing to end a response: nothing to do
        }
    }

    /** An exception as one line: its message and its causes' (a refused connection is deep inside). */
    public static String failureText(Throwable t) {
        StringBuilder s = new StringBuilder();
        Set<Throwable> seen = new HashSet<>();
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (s.indexOf(m) < 0) {
                s.append(s.length() == 0 ? "" : ": ").append(m);
            }
        }
        return s.toString();
    }

    @Override
    public void close() {
        closed = true;
        InputStream in = open;
        if (in != null) {
            closeQuietly(in);
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpWorker.shutdownNow();
    }
}
