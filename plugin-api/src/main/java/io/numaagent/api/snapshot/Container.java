package io.numaagent.api.snapshot;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.util.Objects;

/**
 * One container of a pod-level task: a sub-cgroup of the task with its own requests, which a plugin
 * may place apart from the task's other containers ({@code SetCpus} / {@code SetMems} with a
 * {@code subCgroup}). The pod's labels and annotations are the task's.
 *
 * @param name       container name (configured, or the sub-cgroup's last path element)
 * @param cgroupPath its sub-cgroup, one of the task's {@link Task#subCgroups()}
 * @param requested  its requested resources ({@link Resources#NONE} when unknown)
 * @param qos        its QoS class; {@link QosClass#UNKNOWN} when the source gives none (the task's applies)
 * @param cpus       {@code cpuset.cpus} of the sub-cgroup as measured this cycle (empty: not set or unread)
 * @param mems       {@code cpuset.mems} of the sub-cgroup as measured this cycle (empty: not set or unread)
 * @param cpuWeight  the sub-cgroup's CPU weight as its file holds it ({@link TaskMeasurements#cpuWeight()}); -1 unknown
 * @param podResources what the kubelet's pod-resources API says it assigned to the container;
 *                   {@link PodResources#NONE} unless a running plugin reads them
 *                   ({@link io.numaagent.api.plugin.Plugin#readsPodResources()}) and the kubelet answered
 */
public record Container(String name, String cgroupPath, Resources requested, QosClass qos, CpuSet cpus,
                        NodeSet mems, long cpuWeight, PodResources podResources) {

    /** A container without pod resources (not asked for, or none). */
    public Container(String name, String cgroupPath, Resources requested, QosClass qos, CpuSet cpus, NodeSet mems,
                     long cpuWeight) {
        this(name, cgroupPath, requested, qos, cpus, mems, cpuWeight, PodResources.NONE);
    }

    /** A container whose CPU weight is not known (-1). */
    public Container(String name, String cgroupPath, Resources requested, QosClass qos, CpuSet cpus, NodeSet mems) {
        this(name, cgroupPath, requested, qos, cpus, mems, -1, PodResources.NONE);
    }

    public Container {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cgroupPath, "cgroupPath");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(cpus, "cpus");
        Objects.requireNonNull(mems, "mems");
        Objects.requireNonNull(podResources, "podResources");
    }

    /** The same container with these pod resources. */
    public Container withPodResources(PodResources found) {
        return new Container(name, cgroupPath, requested, qos, cpus, mems, cpuWeight, found);
    }
}
