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
 * @param subCgroups   cgroup paths below {@code cgroupPath} that hold processes (a pod's containers);
 *                     the executor writes cpuset changes to each of them as well
 * @param pids         processes in the task (all of its cgroups)
 * @param labels       labels (Kubernetes labels or configured)
 * @param annotations  annotations
 * @param requested    requested resources
 * @param qos          QoS class where known
 * @param measurements measurements of this cycle
 */
public record Task(String id, String name, String cgroupPath, List<String> subCgroups, List<Integer> pids,
                   Map<String, String> labels, Map<String, String> annotations, Resources requested,
                   QosClass qos, TaskMeasurements measurements) {

    public Task {
        subCgroups = List.copyOf(subCgroups);
        pids = List.copyOf(pids);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
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
