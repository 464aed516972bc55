package io.numaagent.api.decision;

import io.numaagent.api.NodeSet;
import java.util.Objects;

/**
 * Set a task's {@code cpuset.mems}: on its cgroup and every sub-cgroup, or, with {@code subCgroup}, on that
 * one sub-cgroup of the task only (one container of a pod; the executor keeps the task's own cgroup
 * the union of its containers' sets, as a child's set must lie within its parent's). Action
 * {@code set-mems}.
 *
 * @param subCgroup one of the task's {@code subCgroups}, or {@code null} for the whole task (empty means null)
 */
public record SetMems(String plugin, String task, String subCgroup, NodeSet mems, String reason) implements Decision {

    /** A decision for the whole task. */
    public SetMems(String plugin, String task, NodeSet mems, String reason) {
        this(plugin, task, null, mems, reason);
    }

    public SetMems {
        subCgroup = subCgroup == null || subCgroup.isEmpty() ? null : subCgroup;
        Decision.requireText(plugin, "plugin");
        Decision.requireText(task, "task");
        Objects.requireNonNull(mems, "mems");
        if (mems.isEmpty()) {
            throw new IllegalArgumentException("mems must not be empty");
        }
    }

    @Override
    public String action() {
        return "set-mems";
    }

    @Override
    public Resource resource() {
        return Resource.MEMORY;
    }
}
