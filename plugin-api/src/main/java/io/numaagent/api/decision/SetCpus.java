package io.numaagent.api.decision;

import io.numaagent.api.CpuSet;
import java.util.Objects;

/** Set a task's {@code cpuset.cpus} (on its cgroup and every sub-cgroup). Action {@code set-cpus}. */
public record SetCpus(String plugin, String task, CpuSet cpus, String reason) implements Decision {
    public SetCpus {
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
