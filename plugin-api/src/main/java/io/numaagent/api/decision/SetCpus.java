package io.numaagent.api.decision;

import io.numaagent.api.CpuSet;
import java.util.Objects;

/**
 * Set a task's {@code cpuset.cpus}: on its cgroup and every sub-cgroup, or, with {@code subCgroup}, on that
 * one sub-cgroup of the task only (one container of a pod; the executor keeps the task's own cgroup
 * the union of its containers' sets, as a child's set must lie within its parent's). Action
 * {@code set-cpus}.
 *
 * @param subCgroup one of the task's {@code subCgroups}, or {@code null} for the whole task (empty means null)
 */
public record SetCpus(String plugin, String task, String subCgroup, CpuSet cpus, String reason) implements Decision {

    /** A decision for the whole task. */
    public SetCpus(String plugin, String task, CpuSet cpus, String reason) {
        this(plugin, task, null, cpus, reason);
    }

    public SetCpus {
        subCgroup = subCgroup == null || subCgroup.isEmpty() ? null : subCgroup;
        Decision.requireText(plugin, "plugin");
        Decision.requireText(task, "task");
        Objects.requireNonNull(cpus, "cpus");
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("cpus must not be empty");
        }
    }

    @Override
    public String action() {
        return "set-cpus";
    }

    @Override
    public Resource resource() {
        return Resource.CPUS;
    }
}
