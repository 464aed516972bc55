package io.numaagent.runner.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PodWatch} against {@link MockApiServer} when things go wrong: the watch's version
 * compacted away (410), the connection ended or the server gone, credentials refused (401/403),
 * events that cannot be read, bookmarks, lists in pages, a token file rotated. Every check waits
 * (up to a minute) for the outcome, since the watch runs on its own thread.
 */
class PodWatchTest {

    private static final String NODE = "node-a";
    private static final PodWatch.Backoff FAST = new PodWatch.Backoff(Duration.ofMillis(50), Duration.ofMillis(400));

    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private MockApiServer api() {
        MockApiServer api = new MockApiServer();
        toClose.add(api);
        return api;
    }

    private PodWatch watch(MockApiServer api) throws Exception {
        return watch(Kubeconfig.read(api.writeKubeconfig(tmp)));
    }

    private PodWatch watch(ApiServerAccess access) {
        PodWatch watch = new PodWatch(access, NODE, FAST);
        toClose.add(watch);
        return watch;
    }

    private static ObjectNode pod(String name) {
        return TestPod.named("shop", name).node(NODE).container("app", Map.of("cpu", "1"), Map.of()).phase("Running")
                .running("app", "containerd://" + name).json();
    }

    private static void annotate(MockApiServer api, String name, String key, String value) {
        api.update("shop", name, p -> MockApiServer.object(MockApiServer.object(p, "metadata"), "annotations")
                .put(key, value));
    }

    /** Waits up to a minute for {@code condition}; the caller's assertions then say what is missing. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static List<String> names(PodWatch watch) {
        return watch.pods().stream().map(PodInfo::name).sorted().toList();
    }

    private static boolean annotated(PodWatch watch, String name, String key) {
        return watch.pods().stream().anyMatch(p -> p.name().equals(name) && p.annotations().containsKey(key));
    }

    /** Runs {@code body} with stderr (where slf4j-simple logs) captured, returning what was logged. */
    private static String logOf(ThrowingRunnable body) throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(stderr);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void listsTheNodesPodsThenWatchesTheirChanges() throws Exception {
        MockApiServer api = api();
        api.create(pod("a"));
        api.create(TestPod.named("shop", "elsewhere").node("node-b").json());
        PodWatch watch = watch(api);
        await(watch::watching);
        assertThat(names(watch)).containsExactly("a");

        api.create(pod("b"));
        annotate(api, "a", "pin", "node0");
        api.delete("shop", "b");
        api.create(pod("c"));
        await(() -> names(watch).equals(List.of("a", "c")) && annotated(watch, "a", "pin"));

        assertThat(names(watch)).containsExactly("a", "c");
        assertThat(annotated(watch, "a", "pin")).isTrue();
        assertThat(watch.lists()).isOne();
        assertThat(api.lastWatchSelector()).isEqualTo("spec.nodeName=" + NODE);
    }

    @Test
    void goneWatchVersionListsAgainAndWatchesFromTheNewList() throws Exception {
        MockApiServer api = api();
        api.create(pod("a"));
        PodWatch watch = watch(api);
        await(watch::watching);

        api.compact(); // the open watch gets the 410 "too old resource version" event and ends
        await(() -> watch.lists() == 2 && watch.watching());
        assertThat(watch.lists()).isEqualTo(2);
        api.create(pod("b"));
        await(() -> names(watch).size() == 2);
        assertThat(names(watch)).containsExactly("a", "b");
        assertThat(watch.lastFailure()).isNull();
    }

    @Test
    void goneAnswerToTheWatchRequestListsAgain() throws Exception {
        MockApiServer api = api();
        api.create(pod("a"));
        PodWatch watch = watch(api);
        await(watch::watching);

        api.failNext(1, 410); // the next request, the renewed watch, is answered 410 Gone
        api.endWatches();
        await(() -> watch.lists() == 2 && watch.watching());

        assertThat(watch.lists()).isEqualTo(2);
        assertThat(names(watch)).containsExactly("a");
    }

    @Test
    void endedWatchIsRenewedFromTheLastVersionSeenWithoutListing() throws Exception {
        MockApiServer api = api();
        api.create(pod("a"));
        PodWatch watch = watch(api);
        await(watch::watching);
        annotate(api, "a", "seen", "yes");
        await(() -> annotated(watch, "a", "seen"));
        String lastVersion = api.get("shop", "a").path("metadata").path("resourceVersion").asText();

        api.endWatches();
        await(() -> api.watches() == 2 && watch.watching());
        annotate(api, "a", "after", "yes");
        await(() -> annotated(watch, "a", "after"));

        assertThat(annotated(watch, "a", "after")).isTrue();
        assertThat(watch.lists()).as("renewed, not listed again").isOne();
        assertThat(api.watchVersions()).containsExactly(api.watchVersions().get(0), lastVersion);
    }

    @Test
    void serverAwayKeepsThePodsAndReconnectsWithBackOff() throws Exception {
        MockApiServer api = api();
        api.create(pod("a"));
        PodWatch watch = watch(api);
        await(watch::watching);

        api.goAway();
        await(() -> !watch.watching() && watch.lastFailure() != null);
        assertThat(watch.lastFailure()).as("a refused connection is a failure").isNotNull();
        assertThat(names(watch)).as("the pods known stay").containsExactly("a");

        api.comeBack();
        annotate(api, "a", "back", "yes");
        await(() -> watch.watching() && annotated(watch, "a", "back"));
        assertThat(annotated(watch, "a", "back")).isTrue();
        assertThat(watch.lastFailure()).isNull();
    }

    @Test
    void serverErrorsAreRetriedUntilTheListSucceeds() throws Exception {
        MockApiServer api = api();
        api.create(pod("a"));
        api.failNext(3, 500);
        PodWatch watch = watch(api);
        await(watch::watching);

        assertThat(watch.synced()).isTrue();
        assertThat(names(watch)).containsExactly("a");
        assertThat(api.lists()).as("served after three 500s").isOne();
        assertThat(api.authorizations()).as("three 500s, the list, the watch").hasSizeGreaterThanOrEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "401 | does not take the credentials of kubeconfig",
        "403 | needs the RBAC rule {apiGroups: [\"\"], resources: [pods], verbs: [get, list, watch]}",
    })
    void refusedCredentialsAreLoggedOnceSayingWhatIsNeeded(int status, String expected) throws Exception {
        MockApiServer api = api();
        api.create(pod("a"));
        api.failNext(5, status);
        String log = logOf(() -> {
            PodWatch watch = watch(api);
            await(watch::watching);
            assertThat(names(watch)).containsExactly("a");
        });

        assertThat(log).contains(expected).contains("(" + status + " scripted failure)");
        assertThat(log.lines().filter(l -> l.contains(expected)).count()).as("logged once, not per retry").isOne();
    }

    @Test
    void malformedEventsAreSkippedAndCountedAndTheWatchGoesOn() throws Exception {
        MockApiServer api = api();
        api.create(pod("a"));
        String log = logOf(() -> {
            PodWatch watch = watch(api);
            await(watch::watching);

            api.sendToWatches("this is not JSON");
            api.sendToWatches("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"namespace\":\"shop\"}}}"); // no name
            api.sendToWatches("{\"type\":\"RENAMED\",\"object\":{}}");
            api.sendToWatches("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"x\",\"labels\":[1]}}}");
            api.sendToWatches("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"" + "x".repeat(PodWatch.MAX_LINE)
                    + "\"}}}");
            annotate(api, "a", "after", "yes");
            await(() -> annotated(watch, "a", "after"));

            assertThat(annotated(watch, "a", "after")).as("the events after them are applied").isTrue();
            assertThat(watch.skippedEvents()).isEqualTo(5);
            assertThat(api.watches()).as("the same watch").isOne();
        });
        assertThat(log.lines().filter(l -> l.contains("skipped a watch event")).count()).isOne();
        assertThat(log).contains("cannot be read");
    }

    @Test
    void bookmarkMovesTheVersionTheNextWatchStartsFrom() throws Exception {
        MockApiServer api = api();
        api.create(pod("a"));
        PodWatch watch = watch(api);
        await(watch::watching);
        api.create(TestPod.named("shop", "other-node").node("node-b").json()); // moves the version, not seen here
        String versionNow = api.get("shop", "other-node").path("metadata").path("resourceVersion").asText();

        api.bookmark();
        await(() -> watch.bookmarks() == 1);
        api.endWatches();
        await(() -> api.watches() == 2 && watch.watching());

        assertThat(watch.bookmarks()).isOne();
        assertThat(api.watchVersions().get(1)).isEqualTo(versionNow);
        assertThat(names(watch)).containsExactly("a");
    }

    @Test
    void listInPagesSeesEveryPod() throws Exception {
        MockApiServer api = api();
        int pods = PodWatch.PAGE * 2 + 7;
        for (int i = 0; i < pods; i++) {
            api.create(pod(String.format("p-%04d", i)));
        }
        PodWatch watch = watch(api);
        await(watch::watching);

        assertThat(watch.pods()).hasSize(pods);
        assertThat(api.lists()).as("pages").isEqualTo(3);
        assertThat(watch.lists()).isOne();
    }

    @Test
    void rotatedTokenFileIsReadForTheNextRequest() throws Exception {
        MockApiServer api = api();
        api.create(pod("a"));
        Path token = Files.writeString(tmp.resolve("token"), "first\n");
        Path kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: agent, user: {tokenFile: token}}]
                contexts: [{name: mock, context: {cluster: mock, user: agent}}]
                current-context: mock
                """.formatted(api.url()));
        api.requireToken("first");
        PodWatch watch = watch(Kubeconfig.read(kubeconfig));
        await(watch::watching);

        Files.writeString(token, "second\n");
        api.requireToken("second");
        api.endWatches();
        await(() -> api.watches() == 2 && watch.watching());

        assertThat(watch.watching()).isTrue();
        assertThat(api.authorizations()).startsWith("Bearer first").endsWith("Bearer second");
    }
}
