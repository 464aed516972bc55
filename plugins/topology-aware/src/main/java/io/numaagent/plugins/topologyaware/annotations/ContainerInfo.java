package io.numaagent.plugins.topologyaware.annotations;

import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One container as the annotations and the affinity language see it: the subject of
 * {@link Expression#evaluate} and the unit {@link ContainerHintsResolver} resolves for. Container keys:
 * {@code id}, {@code name}, {@code namespace}, {@code qosclass}, {@code labels/<k>}, {@code tags/<k>},
 * {@code pod/<pod key>}.
 *
 * <p>How a container is found in a task: a task with containers or sub-cgroups is a pod, whose
 * containers are the task's {@code containers} (in their order), then each other sub-cgroup that holds
 * processes; a task without either is one container. A container record's name is its own unless
 * the name annotation below names its sub-cgroup. A container's name
 * (what {@code .../container.<name>} annotation scopes and the affinity annotation's top-level keys
 * refer to) is the task annotation {@code numa-agent.io/container-name.<leaf>} when present (a task
 * source that knows the Kubernetes names, whose container cgroups are named by runtime id, sets it),
 * else the last element of the sub-cgroup path; for a task without sub-cgroups it is the label
 * {@value #NAME_LABEL}, else the task name.
 *
 * @param id     the sub-cgroup path (or the task id for a task without sub-cgroups); unique on the node
 * @param name   the container name
 * @param pod    its pod
 * @param labels the kubelet's CRI container labels ({@value #NAME_LABEL} and the pod's name, namespace
 *               and uid) plus the task's labels
 * @param tags   policy tags ({@code tags/<k>}); none are set by the agent today
 */
public record ContainerInfo(String id, String name, PodInfo pod, Map<String, String> labels,
                            Map<String, String> tags) {

    /** The kubelet's container name label. */
    public static final String NAME_LABEL = "io.kubernetes.container.name";
    /** Task annotation prefix naming the container of a sub-cgroup: {@code <prefix><leaf>: <name>}. */
    public static final String NAME_ANNOTATION_PREFIX = "numa-agent.io/container-name.";

    public ContainerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pod, "pod");
        labels = Map.copyOf(labels);
        tags = Map.copyOf(tags);
    }

    /** A container of a pod with CRI-style labels added (explicit labels win). */
    public static ContainerInfo of(String id, String name, PodInfo pod, Map<String, String> taskLabels) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME_LABEL, name);
        labels.put(PodInfo.NAME_LABEL, pod.name());
        labels.put(PodInfo.NAMESPACE_LABEL, pod.namespace());
        labels.put(PodInfo.UID_LABEL, pod.uid());
        labels.putAll(taskLabels);
        return new ContainerInfo(id, name, pod, labels, Map.of());
    }

    /** The containers of a task, in sub-cgroup order (see the class comment for naming). */
    public static List<ContainerInfo> allOf(Task task) {
        PodInfo pod = PodInfo.of(task);
        List<ContainerInfo> out = new ArrayList<>();
        if (task.subCgroups().isEmpty() && task.containers().isEmpty()) {
            out.add(of(task.id(), task.labels().getOrDefault(NAME_LABEL, task.name()), pod, task.labels()));
            return out;
        }
        for (Container c : task.containers()) {
            out.add(of(task, c));
        }
        for (String sub : task.subCgroups()) {
            if (task.container(sub).isEmpty()) {
                out.add(of(sub, nameOf(task, sub), pod, task.labels()));
            }
        }
        return out;
    }

    /** A container of a pod task: named by the name annotation of its sub-cgroup, else its own name. */
    public static ContainerInfo of(Task pod, Container c) {
        String leaf = c.cgroupPath().substring(c.cgroupPath().lastIndexOf('/') + 1);
        return of(c.cgroupPath(), pod.annotations().getOrDefault(NAME_ANNOTATION_PREFIX + leaf, c.name()),
                PodInfo.of(pod), pod.labels());
    }

    /** The container name of one of the task's sub-cgroups. */
    public static String nameOf(Task task, String subCgroup) {
        String leaf = subCgroup.substring(subCgroup.lastIndexOf('/') + 1);
        return task.annotations().getOrDefault(NAME_ANNOTATION_PREFIX + leaf, leaf);
    }

    /** The pod's namespace. */
    public String namespace() {
        return pod.namespace();
    }

    /** {@code namespace/pod/container}, for messages. */
    public String prettyName() {
        return pod + "/" + name;
    }
}
