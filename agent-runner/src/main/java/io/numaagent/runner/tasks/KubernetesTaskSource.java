package io.numaagent.runner.tasks;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.ReadProblems;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type: kubernetes}: the pods bound to this node ({@code spec.nodeName}), kept by a fabric8
 * informer that lists them once and then watches the API server for changes (no polling). Each
 * cycle turns the pods the informer holds into tasks: the pod's cgroup is the task (found as
 * {@link PodCgroups} says), its running containers, found from their status's {@code containerID},
 * its sub-cgroups and {@code containers}; labels, annotations, QoS class and resources come from the
 * pod ({@link PodFacts}). A pod or container whose cgroup is not there yet (the kubelet has not made
 * it) is left out and looked for again next cycle, logged once.
 *
 * <p>When the API server cannot be reached, the informer keeps the pods it knew and retries by
 * itself (with back-off); this source says so once, reports each cycle without a watch to its
 * {@link ApiHealth}, and says once when the watch is back. A watch that is down for one cycle only
 * (the informer renews its watch now and then) does not count, unless a list failed meanwhile.
 */
public final class KubernetesTaskSource implements TaskSource {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesTaskSource.class);

    /** Hears, once per cycle, whether the source had a live watch on the API server. */
    @FunctionalInterface
    public interface ApiHealth {
        ApiHealth NONE = reachable -> { };

        void cycle(boolean reachable);
    }

    private final TaskSourceConfig.Kubernetes config;
    private final String nodeName;
    private final KubernetesClient client;
    private final SharedIndexInformer<Pod> informer;
    private final CompletableFuture<Void> firstList;
    private final ApiHealth health;
    private boolean firstListAwaited;
    private boolean down;
    private int cyclesWithoutWatch;
    /** The last list or watch failure the informer reported; cleared when the watch is back. */
    private volatile String lastFailure;
    /** Pods (by uid) whose missing cgroup was logged, with what was missing, so it is logged once. */
    private final Map<String, String> waitingFor = new HashMap<>();
    private final Set<String> malformed = new HashSet<>();

    /** A source reaching the API server as {@code config} says (kubeconfig, else in-cluster). */
    public KubernetesTaskSource(TaskSourceConfig.Kubernetes config, Host host, ApiHealth health) {
        this(config, new KubernetesClientBuilder().withConfig(clientConfig(config)).build(),
                nodeName(config, System::getenv, host), health);
    }

    /** A source over {@code client} (closed with the source) for the pods of {@code nodeName}. */
    KubernetesTaskSource(TaskSourceConfig.Kubernetes config, KubernetesClient client, String nodeName,
                         ApiHealth health) {
        this.config = config;
        this.client = client;
        this.nodeName = nodeName;
        this.health = health;
        this.informer = client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).runnableInformer(0);
        // retry every failure, also before the first list succeeded (the default gives up then)
        informer.exceptionHandler((started, t) -> {
            lastFailure = failureText(t);
            return true;
        });
        this.firstList = informer.start().toCompletableFuture();
        LOG.info("kubernetes: watching the pods of node {} through {}", nodeName, client.getMasterUrl());
    }

    /**
     * The client's config: the kubeconfig file named in the config, else fabric8's auto-configuration
     * ({@code KUBECONFIG} or {@code ~/.kube/config} when there is one, else the in-cluster service account).
     *
     * @throws IllegalArgumentException when the kubeconfig cannot be used
     */
    static Config clientConfig(TaskSourceConfig.Kubernetes config) {
        try {
            return config.kubeconfig() == null ? Config.autoConfigure(null)
                    : Config.fromKubeconfig(new File(config.kubeconfig()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("kubernetes task source: kubeconfig "
                    + (config.kubeconfig() == null ? "(KUBECONFIG or ~/.kube/config)" : config.kubeconfig()) + ": "
                    + failureText(e), e);
        }
    }

    /** The node name: configured, else {@code NODE_NAME}, else the host name in lower case (the kubelet's default). */
    static String nodeName(TaskSourceConfig.Kubernetes config, Function<String, String> env, Host host) {
        if (config.nodeName() != null) {
            return config.nodeName();
        }
        String fromEnv = env.apply("NODE_NAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        try {
            String hostname = Files.readString(host.paths().proc("sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!hostname.isEmpty()) {
                return hostname.toLowerCase(Locale.ROOT);
            }
        } catch (IOException e) {
            LOG.debug("cannot read the host name from procfs: {}", e.toString());
        }
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            throw new IllegalArgumentException("kubernetes task source: no node_name configured, NODE_NAME is not set "
                    + "and the host name cannot be read: " + e.getMessage(), e);
        }
    }

    /** The node whose pods this source lists. */
    public String nodeName() {
        return nodeName;
    }

    /** How many pods wait for a cgroup the kubelet has not made yet (as of the last cycle). */
    int waitingPods() {
        return waitingFor.size();
    }

    @Override
    public List<Task> discover(CgroupReads cgroups, ReadProblems problems) {
        awaitFirstList();
        checkWatch();
        List<Pod> pods = new ArrayList<>(informer.getStore().list());
        pods.sort(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getNamespace()))
                .thenComparing(p -> String.valueOf(p.getMetadata().getName())));
        List<Task> tasks = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Pod pod : pods) {
            String uid = pod.getMetadata() == null ? null : pod.getMetadata().getUid();
            if (uid == null || pod.getSpec() == null || !nodeName.equals(pod.getSpec().getNodeName())
                    || finished(pod)) {
                continue;
            }
            present.add(uid);
            try {
                task(cgroups, pod).ifPresent(tasks::add);
                malformed.remove(uid);
            } catch (RuntimeException e) { // a quantity the model cannot read: leave the pod out, say so once
                if (malformed.add(uid)) {
                    LOG.warn("kubernetes: pod {} left out: {}", PodFacts.name(pod), failureText(e));
                }
            }
        }
        waitingFor.keySet().retainAll(present);
        malformed.retainAll(present);
        return tasks;
    }

    private Optional<Task> task(CgroupReads cgroups, Pod pod) {
        QosClass qos = PodFacts.qos(pod);
        String uid = pod.getMetadata().getUid();
        List<String> candidates = PodCgroups.podCandidates(config.cgroupDriver(), uid, qos);
        String podCgroup = candidates.stream().filter(cgroups::exists).findFirst().orElse(null);
        if (podCgroup == null) {
            waiting(pod, "cgroup (" + String.join(" or ", candidates) + ")");
            return Optional.empty();
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        if (pod.getMetadata().getAnnotations() != null) {
            annotations.putAll(pod.getMetadata().getAnnotations());
        }
        List<Container> containers = new ArrayList<>();
        List<String> subCgroups = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ContainerStatus status : runningContainers(pod)) {
            List<String> subs = PodCgroups.containerCandidates(podCgroup, status.getContainerID());
            String sub = subs.stream().filter(cgroups::exists).findFirst().orElse(null);
            if (sub == null) {
                missing.add(status.getName());
                continue;
            }
            var spec = PodFacts.spec(pod, status.getName());
            containers.add(CgroupTasks.container(cgroups, status.getName(), sub,
                    spec == null ? io.numaagent.api.snapshot.Resources.NONE : PodFacts.resources(spec),
                    QosClass.UNKNOWN));
            subCgroups.add(sub);
            annotations.put(PodFacts.CONTAINER_NAME_ANNOTATION + CgroupTasks.lastElement(sub), status.getName());
        }
        if (missing.isEmpty()) {
            waitingFor.remove(uid);
        } else {
            waiting(pod, "cgroup below " + podCgroup + " for containers " + String.join(", ", missing));
        }
        return Optional.of(CgroupTasks.build(cgroups, podCgroup, pod.getMetadata().getName(), subCgroups,
                PodFacts.labels(pod), annotations, PodFacts.resources(pod), qos, containers));
    }

    /** Logs what a pod waits for once (again only when that changes); DEBUG while the pod is still pending. */
    private void waiting(Pod pod, String what) {
        String uid = pod.getMetadata().getUid();
        if (what.equals(waitingFor.put(uid, what))) {
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Running".equals(phase)) {
            LOG.info("kubernetes: pod {}: no {} yet; looked for again every cycle", PodFacts.name(pod), what);
        } else {
            LOG.debug("kubernetes: pod {} ({}): no {} yet", PodFacts.name(pod), phase, what);
        }
    }

    /** Statuses of the pod's running containers (init containers first, as they run) that name a container id. */
    private static List<ContainerStatus> runningContainers(Pod pod) {
        List<ContainerStatus> out = new ArrayList<>();
        if (pod.getStatus() == null) {
            return out;
        }
        List<ContainerStatus> all = new ArrayList<>();
        if (pod.getStatus().getInitContainerStatuses() != null) {
            all.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            all.addAll(pod.getStatus().getContainerStatuses());
        }
        for (ContainerStatus s : all) {
            if (s.getState() != null && s.getState().getRunning() != null && s.getContainerID() != null
                    && !s.getContainerID().isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** The first cycle waits (up to {@code initial_list_timeout}) for the first list, so it sees the node's pods. */
    private void awaitFirstList() {
        if (firstListAwaited) {
            return;
        }
        firstListAwaited = true;
        try {
            firstList.get(config.initialListTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.debug("kubernetes: no list of pods within {}", config.initialListTimeout());
        } catch (ExecutionException e) {
            lastFailure = failureText(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Notes whether the watch is live, logging a change once each way. */
    private void checkWatch() {
        if (informer.isWatching()) {
            cyclesWithoutWatch = 0;
            lastFailure = null;
            if (down) {
                down = false;
                LOG.info("kubernetes: the API server {} answers again; watching the pods of node {} ({} pods)",
                        client.getMasterUrl(), nodeName, informer.getStore().list().size());
            }
        } else {
            cyclesWithoutWatch++;
            if (!down && (cyclesWithoutWatch >= 2 || lastFailure != null || !informer.hasSynced())) {
                down = true;
                LOG.warn("kubernetes: cannot watch the pods of node {} on the API server {}{}; using the {} pods "
                                + "last known and retrying", nodeName, client.getMasterUrl(),
                        lastFailure == null ? "" : " (" + lastFailure + ")", informer.getStore().list().size());
            }
        }
        health.cycle(!down);
    }

    /** An exception as one line: its message and its causes' (a refused connection is deep inside). */
    private static String failureText(Throwable t) {
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
        informer.close();
        client.close();
    }
}
