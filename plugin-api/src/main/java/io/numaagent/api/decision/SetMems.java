package io.numaagent.api.decision;

import io.numaagent.api.NodeSet;
import java.util.Objects;

/** Set a task's {@code cpuset.mems} (on its cgroup and every sub-cgroup). Action {@code set-mems}. */
public record SetMems(String plugin, String task, NodeSet mems, String reason) implements Decision {
    public SetMems {
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
