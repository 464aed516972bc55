package io.numaagent.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.config.TaskSourceConfig.CgroupDriver;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.Fixtures;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import io.numaagent.runner.host.ReadProblems;
import io.numaagent.runner.kube.ApiServerAccess;
import io.numaagent.runner.kube.MockApiServer;
import io.numaagent.runner.kube.PodWatch;
import io.numaagent.runner.kube.TestPod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kubernetes task source against {@link MockApiServer} (a real HTTP server keeping the pods
 * written to it, listing and watching them as the API server does) and fixture cgroup trees written
 * by {@link HostTreeWriter}: watch events arrive asynchronously, so every check waits (up to a
 * minute) for the source to show the expected outcome.
 */
class KubernetesTaskSourceTest {

    private static final String NODE = "node-a";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final PodWatch.Backoff FAST = new PodWatch.Backoff(Duration.ofMillis(50), Duration.ofMillis(400));

    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Boolean> health = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** A pod as the API server holds it once the kubelet runs it: spec, phase Running, container statuses. */
    private static ObjectNode pod(String name, String node, String qosClass, String runtime,
                                  Map<String, String> containerRequests) {
        TestPod b = TestPod.named("shop", name).label("app", name).annotation("team", "web").node(node);
        int i = 0;
        for (Map.Entry<String, String> c : containerRequests.entrySet()) {
            Map<String, String> requests = Map.of();
            if (!c.getValue().isEmpty()) { // "cpu/memory" requests, limits equal for Guaranteed pods
                String[] r = c.getValue().split("/");
                requests = Map.of("cpu", r[0], "memory", r[1]);
            }
            b.container(c.getKey(), requests, "Guaranteed".equals(qosClass) ? requests : Map.of());
        }
        for (String c : containerRequests.keySet()) {
            b.running(c, runtime + "://" + id(name, i++));
        }
        return b.phase("Running").qosClass(qosClass).json();
    }

    private static String uid(ObjectNode pod) {
        return pod.path("metadata").path("uid").asText();
    }

    /** A container id as runtimes make them (64 hex digits), distinct per pod and container. */
    private static String id(String pod, int container) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((pod + "/" + container).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return String.format("%064x", new java.math.BigInteger(1, digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pod's and its containers' cgroups, each container holding one process. */
    private static void podCgroups(TestMachine m, String podPath, String runtime, String pod, int containers,
                                   int firstPid) {
        m.cgroup(podPath);
        for (int i = 0; i < containers; i++) {
            String leaf = PodCgroups.containerCandidates(podPath, runtime + "://" + id(pod, i)).get(0);
            m.cgroup(leaf).pids(firstPid + i).cpuset("0-3", "0");
        }
    }

    private KubernetesTaskSource source(MockApiServer api, CgroupDriver driver) throws Exception {
        TaskSourceConfig.Kubernetes config = new TaskSourceConfig.Kubernetes(NODE,
                api.writeKubeconfig(tmp).toString(), driver, Duration.ofSeconds(60));
        return source(config);
    }

    /** A source with a short back-off (the agent's 1 s would only make the test slower). */
    private KubernetesTaskSource source(TaskSourceConfig.Kubernetes config) {
        KubernetesTaskSource source = new KubernetesTaskSource(config, ApiServerAccess.of(config, k -> null), NODE,
                FAST, health::add);
        toClose.add(source);
        return source;
    }

    private MockApiServer api() {
        MockApiServer api = new MockApiServer();
        toClose.add(api);
        return api;
    }

    /** Discovers until {@code done} holds (watch events arrive asynchronously), returning that cycle's tasks. */
    private static List<Task> awaitTasks(KubernetesTaskSource source, Host host, Predicate<List<Task>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Task> tasks;
        do {
            ReadProblems problems = new ReadProblems();
            tasks = source.discover(new CgroupReads(host, problems), problems);
            assertThat(problems.warnings()).as("a pod not there yet is no read problem").isEmpty();
            if (done.test(tasks)) {
                return tasks;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return tasks; // the caller's assertions say what is missing
    }

    private static Map<String, Task> byName(List<Task> tasks) {
        Map<String, Task> m = new LinkedHashMap<>();
        tasks.forEach(t -> m.put(t.name(), t));
        return m;
    }

    /** The pod's cgroup as the kubelet names it for {@code driver}, from the uid the API server gave it. */
    private static String podPath(boolean systemd, ObjectNode pod, String tier) {
        String uid = uid(pod);
        if (systemd) {
            return tier.isEmpty() ? "/kubepods.slice/kubepods-pod" + uid.replace('-', '_') + ".slice"
                    : "/kubepods.slice/kubepods-" + tier + ".slice/kubepods-" + tier + "-pod" + uid.replace('-', '_')
                            + ".slice";
        }
        return tier.isEmpty() ? "/kubepods/pod" + uid : "/kubepods/" + tier + "/pod" + uid;
    }

    @ParameterizedTest(name = "{0} driver, cgroup v{1}, {2}")
    @CsvSource({
        "systemd, 2, containerd",
        "systemd, 1, cri-o",
        "cgroupfs, 2, containerd",
        "cgroupfs, 1, cri-o",
    })
    void twoSocketFourNodePodsOfEveryQosClassAreTasksWithTheirContainers(String driver, int cgroupVersion,
                                                                          String runtime) throws Exception {
        boolean systemd = driver.equals("systemd");
        MockApiServer api = api();
        ObjectNode db = api.create(pod("db", NODE, "Guaranteed", runtime, Map.of("postgres", "4/8Gi")));
        Map<String, String> webContainers = new LinkedHashMap<>();
        webContainers.put("nginx", "500m/256Mi");
        webContainers.put("logger", "");
        // no qosClass in its status: the source computes Burstable from the requests
        ObjectNode web = api.create(pod("web", NODE, null, runtime, webContainers));
        ObjectNode batch = api.create(pod("batch", NODE, "BestEffort", runtime, Map.of("job", "")));
        api.create(pod("elsewhere", "node-b", "BestEffort", runtime, Map.of("job", "")));
        Map<String, String> expectedPaths = Map.of("db", podPath(systemd, db, ""),
                "web", podPath(systemd, web, "burstable"), "batch", podPath(systemd, batch, "besteffort"));
        TestMachine m = TestMachine.twoSocketFourNode();
        if (cgroupVersion == 1) {
            m.cgroupV1();
        }
        m.cgroup("/").pids(1);
        podCgroups(m, expectedPaths.get("db"), runtime, "db", 1, 3000);
        podCgroups(m, expectedPaths.get("web"), runtime, "web", 2, 3100);
        podCgroups(m, expectedPaths.get("batch"), runtime, "batch", 1, 3200);
        // the pod on node-b has its cgroups on this host too: only the node's pods are watched
        podCgroups(m, podPath(systemd, api.get("shop", "elsewhere"), "besteffort"), runtime, "elsewhere", 1, 3300);
        Host host = Fixtures.host(HostTreeWriter.of(m).write(tmp.resolve("host")));

        Map<String, Task> tasks = byName(awaitTasks(source(api, CgroupDriver.valueOf(driver.toUpperCase())), host,
                t -> t.size() == 3));

        assertThat(tasks).containsOnlyKeys("db", "web", "batch");
        tasks.forEach((name, t) -> {
            assertThat(t.id()).isEqualTo(expectedPaths.get(name));
            assertThat(t.cgroupPath()).isEqualTo(expectedPaths.get(name));
            assertThat(t.subCgroups()).isEqualTo(t.containers().stream().map(Container::cgroupPath).toList());
            assertThat(t.labels()).containsEntry("app", name).containsEntry("io.kubernetes.pod.name", name)
                    .containsEntry("io.kubernetes.pod.namespace", "shop");
            assertThat(t.annotations()).containsEntry("team", "web");
            t.containers().forEach(c -> assertThat(t.annotations()).containsEntry("numa-agent.io/container-name."
                    + c.cgroupPath().substring(c.cgroupPath().lastIndexOf('/') + 1), c.name()));
        });
        Task dbTask = tasks.get("db");
        assertThat(dbTask.qos()).isEqualTo(QosClass.GUARANTEED);
        assertThat(dbTask.labels()).containsEntry("io.kubernetes.pod.uid", uid(db));
        assertThat(dbTask.requested()).isEqualTo(new Resources(4000, 4000, 8L << 30, 8L << 30));
        assertThat(dbTask.containers()).extracting(Container::name).containsExactly("postgres");
        assertThat(dbTask.pids()).containsExactly(3000);
        Task webTask = tasks.get("web");
        assertThat(webTask.qos()).isEqualTo(QosClass.BURSTABLE);
        assertThat(webTask.requested()).isEqualTo(new Resources(500, 0, 256L << 20, 0));
        assertThat(webTask.containers()).extracting(Container::name).containsExactly("nginx", "logger");
        assertThat(webTask.containers().get(0).requested()).isEqualTo(new Resources(500, 0, 256L << 20, 0));
        assertThat(webTask.containers().get(1).requested()).isEqualTo(Resources.NONE);
        String prefix = runtime.equals("cri-o") ? "crio-" : systemd ? "cri-containerd-" : "";
        assertThat(webTask.containers().get(0).cgroupPath())
                .isEqualTo(expectedPaths.get("web") + "/" + prefix + id("web", 0) + (systemd ? ".scope" : ""));
        assertThat(webTask.containers().get(0).cpus().toString()).isEqualTo("0-3");
        assertThat(webTask.pids()).containsExactlyInAnyOrder(3100, 3101);
        Task batchTask = tasks.get("batch");
        assertThat(batchTask.qos()).isEqualTo(QosClass.BEST_EFFORT);
        assertThat(batchTask.requested()).isEqualTo(Resources.NONE);
        assertThat(health).isNotEmpty().containsOnly(true);
    }

    @Test
    void laptopOneNodePodAddedWaitsForItsCgroupThenIsUpdatedAndRemoved() throws Exception {
        TestMachine m = TestMachine.laptopOneNode();
        m.cgroup("/").pids(1);
        m.cgroup("/kubepods.slice/kubepods-besteffort.slice");
        HostPaths paths = HostTreeWriter.of(m).write(tmp.resolve("host"));
        Host host = Fixtures.host(paths);
        MockApiServer api = api();
        KubernetesTaskSource source = source(api, CgroupDriver.AUTO);
        assertThat(awaitTasks(source, host, List::isEmpty)).isEmpty();

        // the API server has the pod before the kubelet made its cgroup: left out, no problem reported
        ObjectNode pod = api.create(pod("cache", NODE, "BestEffort", "containerd", Map.of("redis", "")));
        assertThat(awaitTasks(source, host, t -> source.waitingPods() == 1)).isEmpty();
        assertThat(source.waitingPods()).isOne();
        assertThat(awaitTasks(source, host, List::isEmpty)).isEmpty(); // a later cycle: still nothing, still quiet

        String podPath = podPath(true, pod, "besteffort");
        podCgroups(m, podPath, "containerd", "cache", 1, 4100);
        HostTreeWriter writer = HostTreeWriter.of(m);
        m.cgroups().stream().filter(c -> c.path().startsWith(podPath))
                .forEach(c -> writer.writeCgroup(paths.cgroupfs(), c));
        List<Task> found = awaitTasks(source, host, t -> t.size() == 1);
        assertThat(found).extracting(Task::id).containsExactly(podPath);
        assertThat(found.get(0).containers()).extracting(Container::name).containsExactly("redis");
        assertThat(source.waitingPods()).isZero();

        api.update("shop", "cache", p -> MockApiServer.object(MockApiServer.object(p, "metadata"), "annotations")
                .put("numa.example/pin", "node0"));
        List<Task> annotated = awaitTasks(source, host, t -> t.size() == 1
                && t.get(0).annotations().containsKey("numa.example/pin"));
        assertThat(annotated).singleElement().satisfies(t -> assertThat(t.annotations())
                .containsEntry("numa.example/pin", "node0").containsEntry("team", "web"));

        api.delete("shop", "cache");
        assertThat(awaitTasks(source, host, List::isEmpty)).isEmpty();
        assertThat(health).containsOnly(true);
    }

    @Test
    void laptopOneNodeApiServerAwayKeepsTheLastPodsAndRecoversByItself() throws Exception {
        MockApiServer api = api();
        ObjectNode pod = api.create(pod("queue", NODE, "BestEffort", "containerd", Map.of("rabbit", "")));
        String podPath = podPath(false, pod, "besteffort");
        TestMachine m = TestMachine.laptopOneNode();
        m.cgroup("/").pids(1);
        podCgroups(m, podPath, "containerd", "queue", 1, 4200);
        Host host = Fixtures.host(HostTreeWriter.of(m).write(tmp.resolve("host")));
        KubernetesTaskSource source = source(api, CgroupDriver.CGROUPFS);
        assertThat(awaitTasks(source, host, t -> t.size() == 1)).extracting(Task::id).containsExactly(podPath);

        api.goAway();
        List<Task> whileAway = awaitTasks(source, host, t -> !health.get(health.size() - 1));
        assertThat(health.get(health.size() - 1)).as("a cycle without the API server is reported").isFalse();
        assertThat(whileAway).as("the last known pods stay").extracting(Task::id).containsExactly(podPath);

        api.comeBack();
        api.update("shop", "queue", p -> MockApiServer.object(MockApiServer.object(p, "metadata"), "annotations")
                .put("back", "yes"));
        List<Task> after = awaitTasks(source, host, t -> t.size() == 1 && t.get(0).annotations().containsKey("back")
                && health.get(health.size() - 1));
        assertThat(after).singleElement().satisfies(t -> assertThat(t.annotations()).containsEntry("back", "yes"));
        assertThat(health.get(health.size() - 1)).as("recovered without a restart").isTrue();
    }

    @Test
    void laptopOneNodeApiServerNeverReachedGivesNoTasksAndSaysSo() throws Exception {
        TestMachine m = TestMachine.laptopOneNode();
        m.cgroup("/").pids(1);
        Host host = Fixtures.host(HostTreeWriter.of(m).write(tmp.resolve("host")));
        MockApiServer api = api();
        Path kubeconfig = api.writeKubeconfig(tmp);
        api.goAway();
        TaskSourceConfig.Kubernetes config = new TaskSourceConfig.Kubernetes(NODE, kubeconfig.toString(),
                CgroupDriver.AUTO, Duration.ZERO);
        KubernetesTaskSource source = source(config);
        ReadProblems problems = new ReadProblems();

        assertThat(source.discover(new CgroupReads(host, problems), problems)).isEmpty();
        assertThat(health).containsExactly(false);
        api.comeBack(); // closed by closeAll
    }

    /** Bug: the cycles between the list and the watch's answer were reported as the API server unreachable. */
    @Test
    void laptopOneNodeCyclesBeforeTheWatchAnswersAreNoOutage() throws Exception {
        TestMachine m = TestMachine.laptopOneNode();
        m.cgroup("/").pids(1);
        Host host = Fixtures.host(HostTreeWriter.of(m).write(tmp.resolve("host")));
        MockApiServer api = api();
        api.holdWatches();
        KubernetesTaskSource source = source(api, CgroupDriver.AUTO);

        for (int cycle = 0; cycle < 5; cycle++) {
            ReadProblems problems = new ReadProblems();
            assertThat(source.discover(new CgroupReads(host, problems), problems)).isEmpty();
        }
        assertThat(api.lists()).as("listed").isOne();
        assertThat(api.watches()).as("no watch answered yet").isZero();
        api.answerWatches();
        awaitTasks(source, host, t -> api.openWatches() == 1);

        assertThat(health).hasSizeGreaterThan(5).containsOnly(true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "configured, worker-1, , worker-1",
        "fromEnvironment, , node-from-env, node-from-env",
        "hostNameLowerCased, , , laptop-7",
    })
    void nodeNameIsConfiguredElseNodeNameElseTheHostName(String name, String configured, String env, String expected)
            throws Exception {
        TestMachine m = TestMachine.laptopOneNode();
        m.cgroup("/").pids(1);
        HostPaths paths = HostTreeWriter.of(m).write(tmp.resolve("host"));
        java.nio.file.Files.createDirectories(paths.proc("sys/kernel"));
        java.nio.file.Files.writeString(paths.proc("sys/kernel/hostname"), "Laptop-7\n");
        TaskSourceConfig.Kubernetes config = new TaskSourceConfig.Kubernetes(configured, null, CgroupDriver.AUTO,
                Duration.ZERO);

        assertThat(KubernetesTaskSource.nodeName(config, k -> k.equals("NODE_NAME") ? env : null,
                Fixtures.host(paths))).isEqualTo(expected);
    }
}
