package io.numaagent.plugins.topologyaware.annotations;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Task;
import java.util.Map;
import java.util.Objects;

/**
 * What the affinity language can ask about a pod ({@code pod/<key>}): {@code id}, {@code uid},
 * {@code name}, {@code namespace}, {@code qosclass}, {@code labels/<k>}.
 *
 * @param id        the pod task's id (its cgroup path)
 * @param uid       label {@value #UID_LABEL}, else the task id
 * @param name      label {@value #NAME_LABEL}, else the task name
 * @param namespace label {@value #NAMESPACE_LABEL}, else empty
 * @param qos       the task's QoS class
 * @param labels    the task's labels
 */
public record PodInfo(String id, String uid, String name, String namespace, QosClass qos,
                      Map<String, String> labels) {

    /** The kubelet's pod name label (also on every container in CRI). */
    public static final String NAME_LABEL = "io.kubernetes.pod.name";
    /** The kubelet's pod namespace label. */
    public static final String NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
    /** The kubelet's pod UID label. */
    public static final String UID_LABEL = "io.kubernetes.pod.uid";

    public PodInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(qos, "qos");
        labels = Map.copyOf(labels);
    }

    /** The pod a task stands for, by the label conventions above. */
    public static PodInfo of(Task task) {
        return new PodInfo(task.id(), task.labels().getOrDefault(UID_LABEL, task.id()),
                task.labels().getOrDefault(NAME_LABEL, task.name()),
                task.labels().getOrDefault(NAMESPACE_LABEL, ""), task.qos(), task.labels());
    }

    /** Kubernetes' spelling of the QoS class, or empty when unknown. */
    String qosName() {
        return switch (qos) {
            case GUARANTEED -> "Guaranteed";
            case BURSTABLE -> "Burstable";
            case BEST_EFFORT -> "BestEffort";
            case UNKNOWN -> "";
        };
    }

    @Override
    public String toString() {
        return (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
