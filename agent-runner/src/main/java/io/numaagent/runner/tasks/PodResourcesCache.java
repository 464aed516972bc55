package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.PodResources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.kube.podresources.PodResourcesException;
import io.numaagent.runner.kube.podresources.PodResourcesList;
import io.numaagent.runner.kube.podresources.PodResourcesLister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the kubelet assigned to each container of a Kubernetes pod ({@link Container#podResources()}),
 * asked once per container: a cycle that meets containers not asked about yet makes one {@code List}
 * call for all of them; the answers are kept by container cgroup (which names the container id) and
 * forgotten when the cgroup is gone. A container the kubelet does not list has none. Only pod tasks
 * are asked about: those with the pod's namespace and name in their labels ({@value PodFacts#POD_NAMESPACE},
 * {@value PodFacts#POD_NAME}, as the {@code kubernetes} source sets them) and with containers.
 *
 * <p>A failed call (no socket, no permission, a kubelet without the API, no answer in time, a
 * malformed answer) costs those containers their pod resources only: it is logged once (again when
 * the reason changes) and not retried for {@link #RETRY_AFTER}, so that a kubelet that does not answer
 * does not cost every cycle its timeout. Only used when a running plugin reads pod resources.
 */
public final class PodResourcesCache {

    private static final Logger LOG = LoggerFactory.getLogger(PodResourcesCache.class);

    /** How long after a failed call the kubelet is not asked again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private record Wanted(String cgroup, String namespace, String pod, String container) {
    }

    private final PodResourcesLister kubelet;
    private final LongSupplier nanoTime;
    private Map<String, PodResources> byCgroup = new HashMap<>();
    private String failure;
    private long retryAt;
    private long calls;

    /** Asks {@code kubelet}; {@code nanoTime} is the clock of the back-off ({@link System#nanoTime} outside tests). */
    public PodResourcesCache(PodResourcesLister kubelet, LongSupplier nanoTime) {
        this.kubelet = kubelet;
        this.nanoTime = nanoTime;
    }

    /** The tasks with their containers' pod resources, the kubelet asked about those not known yet. */
    public List<Task> withPodResources(List<Task> tasks) {
        Map<String, PodResources> seen = new HashMap<>();
        List<Wanted> wanted = new ArrayList<>();
        for (Task t : tasks) {
            String namespace = t.labels().get(PodFacts.POD_NAMESPACE);
            String pod = t.labels().get(PodFacts.POD_NAME);
            if (namespace == null || pod == null) {
                continue;
            }
            for (Container c : t.containers()) {
                PodResources known = byCgroup.get(c.cgroupPath());
                if (known != null) {
                    seen.put(c.cgroupPath(), known);
                } else {
                    wanted.add(new Wanted(c.cgroupPath(), namespace, pod, c.name()));
                }
            }
        }
        if (!wanted.isEmpty() && (failure == null || nanoTime.getAsLong() - retryAt >= 0)) {
            ask(wanted, seen);
        }
        byCgroup = seen;
        List<Task> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            out.add(withKnown(t, seen));
        }
        return out;
    }

    /** How many {@code List} calls were made so far. */
    public long calls() {
        return calls;
    }

    private void ask(List<Wanted> wanted, Map<String, PodResources> seen) {
        calls++;
        PodResourcesList list;
        try {
            list = kubelet.list();
        } catch (PodResourcesException e) {
            retryAt = nanoTime.getAsLong() + RETRY_AFTER.toNanos();
            if (!e.getMessage().equals(failure)) {
                LOG.warn("pod-resources: cannot list what the kubelet assigned to containers through {}: {}; "
                                + "{} container(s) go without pod resources (and their topology hints); asked again "
                                + "in {} s at the earliest, logged again when the reason changes", kubelet.socket(),
                        e.getMessage(), wanted.size(), RETRY_AFTER.toSeconds());
            }
            failure = e.getMessage();
            return;
        }
        if (failure != null) {
            LOG.info("pod-resources: the kubelet answers again through {}", kubelet.socket());
            failure = null;
        }
        for (Wanted w : wanted) {
            seen.put(w.cgroup(), list.container(w.namespace(), w.pod(), w.container()).orElse(PodResources.NONE));
        }
    }

    private static Task withKnown(Task t, Map<String, PodResources> seen) {
        boolean any = false;
        List<Container> containers = new ArrayList<>(t.containers().size());
        for (Container c : t.containers()) {
            PodResources r = seen.get(c.cgroupPath());
            if (r != null && !r.isEmpty()) {
                containers.add(c.withPodResources(r));
                any = true;
            } else {
                containers.add(c);
            }
        }
        return any ? new Task(t.id(), t.name(), t.cgroupPath(), t.subCgroups(), t.pids(), t.labels(), t.annotations(),
                t.requested(), t.qos(), t.measurements(), containers, t.devices()) : t;
    }
}
