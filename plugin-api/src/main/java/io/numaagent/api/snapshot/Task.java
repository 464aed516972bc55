package io.numaagent.api.snapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workload the agent manages: a cgroup (with its sub-cgroups, e.g. a pod's containers) or a process.
 *
 * @param id           stable id: the cgroup path relative to the cgroup root (e.g. {@code /batch/a}), or
 *                     {@code pid:<n>} for a process task
 * @param name         human-readable name (pod name, process comm, last path element)
 * @param cgroupPath   cgroup path relative to the cgroup root (for a process task: the process's cgroup)
 * @param subCgroups   cgroup paths below {@code cgroupPath} that hold processes, and those of the task's
 *                     {@code containers} (a pod's containers);
 *                     the executor writes a task's cpuset changes to each of them as well (a
 *                     decision naming one sub-cgroup writes that one only)
 * @param pids         processes in the task (all of its cgroups)
 * @param labels       labels (Kubernetes labels or configured)
 * @param annotations  annotations
 * @param requested    requested resources
 * @param qos          QoS class where known
 * @param measurements measurements of this cycle
 * @param containers   the containers of a pod-level task, each with its own requests, in the source's
 *                     order; empty when the task is one unit (a process, a container, or a pod whose
 *                     source knows no containers)
 * @param devices      the devices the task's containers use, with their topology hints; empty unless a
 *                     running plugin asked for them ({@link io.numaagent.api.plugin.Plugin#readsTaskDevices()})
 * @param threadScheduling how the threads of the task's cgroup and of each sub-cgroup run, the distinct
 *                     combinations with their counts; empty unless a running plugin declared
 *                     {@link Measurement#THREAD_SCHEDULING} (or the cgroups had no threads)
 */
public record Task(String id, String name, String cgroupPath, List<String> subCgroups, List<Integer> pids,
                   Map<String, String> labels, Map<String, String> annotations, Resources requested,
                   QosClass qos, TaskMeasurements measurements, List<Container> containers,
                   List<TaskDevice> devices, List<ThreadScheduling> threadScheduling) {

    public Task {
        threadScheduling = List.copyOf(threadScheduling);
        subCgroups = List.copyOf(subCgroups);
        devices = List.copyOf(devices);
        containers = List.copyOf(containers);
        pids = List.copyOf(pids);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A task whose threads' scheduling was not read. */
    public Task(String id, String name, String cgroupPath, List<String> subCgroups, List<Integer> pids,
                Map<String, String> labels, Map<String, String> annotations, Resources requested,
                QosClass qos, TaskMeasurements measurements, List<Container> containers,
                List<TaskDevice> devices) {
        this(id, name, cgroupPath, subCgroups, pids, labels, annotations, requested, qos, measurements, containers,
                devices, List.of());
    }

    /** A task without containers (one unit). */
    public Task(String id, String name, String cgroupPath, List<String> subCgroups, List<Integer> pids,
                Map<String, String> labels, Map<String, String> annotations, Resources requested,
                QosClass qos, TaskMeasurements measurements) {
        this(id, name, cgroupPath, subCgroups, pids, labels, annotations, requested, qos, measurements, List.of());
    }

    /** A task without device facts (no running plugin asked for them, or none found). */
    public Task(String id, String name, String cgroupPath, List<String> subCgroups, List<Integer> pids,
                Map<String, String> labels, Map<String, String> annotations, Resources requested,
                QosClass qos, TaskMeasurements measurements, List<Container> containers) {
        this(id, name, cgroupPath, subCgroups, pids, labels, annotations, requested, qos, measurements, containers,
                List.of());
    }

    /** The same task with these devices. */
    public Task withDevices(List<TaskDevice> found) {
        return new Task(id, name, cgroupPath, subCgroups, pids, labels, annotations, requested, qos, measurements,
                containers, found, threadScheduling);
    }

    /** The same task with these threads' scheduling ({@link Measurement#THREAD_SCHEDULING}). */
    public Task withThreadScheduling(List<ThreadScheduling> seen) {
        return new Task(id, name, cgroupPath, subCgroups, pids, labels, annotations, requested, qos, measurements,
                containers, devices, seen);
    }

    /**
     * How the threads of one of the task's cgroups run ({@code cgroup} its own path or a sub-cgroup's), or, with
     * {@code null}, of all of them: the whole task.
     */
    public List<ThreadScheduling> threadSchedulingOf(String cgroup) {
        return cgroup == null ? threadScheduling
                : threadScheduling.stream().filter(t -> t.cgroupPath().equals(cgroup)).toList();
    }

    /** The devices used by the first process of one of the task's cgroups. */
    public List<TaskDevice> devicesOf(String cgroup) {
        return devices.stream().filter(d -> d.cgroupPath().equals(cgroup)).toList();
    }

    /** The container in this sub-cgroup, if the task has one there. */
    public Optional<Container> container(String subCgroup) {
        return containers.stream().filter(c -> c.cgroupPath().equals(subCgroup)).findFirst();
    }

    /** Label value, if set. */
    public Optional<String> label(String key) {
        return Optional.ofNullable(labels.get(key));
    }

    /** Whether this task is a single process rather than a cgroup. */
    public boolean isProcess() {
        return id.startsWith("pid:");
    }
}
