package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.ReadProblems;
import io.numaagent.runner.kube.ApiServerAccess;
import io.numaagent.runner.kube.PodInfo;
import io.numaagent.runner.kube.PodWatch;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type: kubernetes}: the pods bound to this node ({@code spec.nodeName}), kept by a
 * {@link PodWatch} that lists them once and then watches the API server for changes (no polling).
 * Each cycle turns the pods the watch holds into tasks: the pod's cgroup is the task (found as
 * {@link PodCgroups} says), its running containers, found from their status's {@code containerID},
 * its sub-cgroups and {@code containers}; labels, annotations, QoS class and resources come from the
 * pod ({@link PodFacts}). A pod or container whose cgroup is not there yet (the kubelet has not made
 * it) is left out and looked for again next cycle, logged once.
 *
 * <p>When the API server cannot be reached, the watch keeps the pods it knew and retries by
 * itself (with back-off); this source says so once, reports each cycle without a watch to its
 * {@link ApiHealth}, and says once when the watch is back. A cycle between a list (or the end of a
 * watch, renewed every 5-10 minutes) and the next watch's answer does not count, unless a request
 * failed meanwhile.
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
    private final PodWatch watch;
    private final ApiHealth health;
    private boolean firstListAwaited;
    private boolean down;
    /** Pods (by uid) whose missing cgroup was logged, with what was missing, so it is logged once. */
    private final Map<String, String> waitingFor = new HashMap<>();
    private final Set<String> malformed = new HashSet<>();

    /** A source reaching the API server as {@code config} says (kubeconfig, else in-cluster). */
    public KubernetesTaskSource(TaskSourceConfig.Kubernetes config, Host host, ApiHealth health) {
        this(config, ApiServerAccess.of(config, System::getenv), nodeName(config, System::getenv, host),
                PodWatch.Backoff.DEFAULT, health);
    }

    /** A source reaching the API server through {@code access} for the pods of {@code nodeName}. */
    KubernetesTaskSource(TaskSourceConfig.Kubernetes config, ApiServerAccess access, String nodeName,
                         PodWatch.Backoff backoff, ApiHealth health) {
        this.config = config;
        this.nodeName = nodeName;
        this.health = health;
        this.watch = new PodWatch(access, nodeName, backoff);
        LOG.info("kubernetes: watching the pods of node {} through {} ({})", nodeName, access.server(),
                access.description());
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
        watch.cutIfSilent();
        checkWatch();
        List<PodInfo> pods = new ArrayList<>(watch.pods());
        pods.sort(Comparator.comparing((PodInfo p) -> String.valueOf(p.namespace()))
                .thenComparing(p -> String.valueOf(p.name())));
        List<Task> tasks = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (PodInfo pod : pods) {
            String uid = pod.uid();
            if (uid == null || !nodeName.equals(pod.nodeName()) || finished(pod)) {
                continue;
            }
            present.add(uid);
            try {
                task(cgroups, pod).ifPresent(tasks::add);
                malformed.remove(uid);
            } catch (RuntimeException e) { // a quantity that cannot be read: leave the pod out, say so once
                if (malformed.add(uid)) {
                    LOG.warn("kubernetes: pod {} left out: {}", pod.fullName(), PodWatch.failureText(e));
                }
            }
        }
        waitingFor.keySet().retainAll(present);
        malformed.retainAll(present);
        return tasks;
    }

    private Optional<Task> task(CgroupReads cgroups, PodInfo pod) {
        QosClass qos = PodFacts.qos(pod);
        String uid = pod.uid();
        List<String> candidates = PodCgroups.podCandidates(config.cgroupDriver(), uid, qos);
        String podCgroup = candidates.stream().filter(cgroups::exists).findFirst().orElse(null);
        if (podCgroup == null) {
            waiting(pod, "cgroup (" + String.join(" or ", candidates) + ")");
            return Optional.empty();
        }
        Map<String, String> annotations = new LinkedHashMap<>(pod.annotations());
        List<Container> containers = new ArrayList<>();
        List<String> subCgroups = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (PodInfo.ContainerStatus status : runningContainers(pod)) {
            List<String> subs = PodCgroups.containerCandidates(podCgroup, status.containerId());
            String sub = subs.stream().filter(cgroups::exists).findFirst().orElse(null);
            if (sub == null) {
                missing.add(status.name());
                continue;
            }
            var spec = PodFacts.spec(pod, status.name());
            containers.add(CgroupTasks.container(cgroups, status.name(), sub,
                    spec == null ? io.numaagent.api.snapshot.Resources.NONE : PodFacts.resources(spec),
                    QosClass.UNKNOWN));
            subCgroups.add(sub);
            annotations.put(PodFacts.CONTAINER_NAME_ANNOTATION + CgroupTasks.lastElement(sub), status.name());
        }
        if (missing.isEmpty()) {
            waitingFor.remove(uid);
        } else {
            waiting(pod, "cgroup below " + podCgroup + " for containers " + String.join(", ", missing));
        }
        return Optional.of(CgroupTasks.build(cgroups, podCgroup, pod.name(), subCgroups,
                PodFacts.labels(pod), annotations, PodFacts.resources(pod), qos, containers));
    }

    /** Logs what a pod waits for once (again only when that changes); DEBUG while the pod is still pending. */
    private void waiting(PodInfo pod, String what) {
        if (what.equals(waitingFor.put(pod.uid(), what))) {
            return;
        }
        if ("Running".equals(pod.phase())) {
            LOG.info("kubernetes: pod {}: no {} yet; looked for again every cycle", pod.fullName(), what);
        } else {
            LOG.debug("kubernetes: pod {} ({}): no {} yet", pod.fullName(), pod.phase(), what);
        }
    }

    /** Statuses of the pod's running containers (init containers first, as they run) that name a container id. */
    private static List<PodInfo.ContainerStatus> runningContainers(PodInfo pod) {
        List<PodInfo.ContainerStatus> out = new ArrayList<>();
        for (List<PodInfo.ContainerStatus> statuses : List.of(pod.initContainerStatuses(), pod.containerStatuses())) {
            for (PodInfo.ContainerStatus s : statuses) {
                if (s.running() && s.containerId() != null && !s.containerId().isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static boolean finished(PodInfo pod) {
        return "Succeeded".equals(pod.phase()) || "Failed".equals(pod.phase());
    }

    /** The first cycle waits (up to {@code initial_list_timeout}) for the first list, so it sees the node's pods. */
    private void awaitFirstList() {
        if (firstListAwaited) {
            return;
        }
        firstListAwaited = true;
        try {
            watch.firstList().get(config.initialListTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debug("kubernetes: no list of pods within {}", config.initialListTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Notes whether the watch is live, logging a change once each way. */
    private void checkWatch() {
        String lastFailure = watch.lastFailure();
        if (watch.watching()) {
            if (down) {
                down = false;
                LOG.info("kubernetes: the API server {} answers again; watching the pods of node {} ({} pods)",
                        watch.server(), nodeName, watch.pods().size());
            }
        } else if (!down && (lastFailure != null || !watch.synced())) {
            // between a list (or a watch the server ended) and the next watch's answer no watch is
            // open: that is no outage until a request fails
            down = true;
            LOG.warn("kubernetes: cannot watch the pods of node {} on the API server {}{}; using the {} pods "
                            + "last known and retrying", nodeName, watch.server(),
                    lastFailure == null ? "" : " (" + lastFailure + ")", watch.pods().size());
        }
        health.cycle(!down);
    }

    /** Watch events skipped because they could not be read, so far. */
    long skippedEvents() {
        return watch.skippedEvents();
    }

    @Override
    public void close() {
        watch.close();
    }
}
