package io.numaagent.api.decision;

/**
 * Set {@code cpuset.memory_migrate} of a task (cgroup v1 only: with it on, the kernel moves a
 * task's pages when {@code cpuset.mems} changes). Action {@code set-memory-migrate}.
 */
public record SetMemoryMigrate(String plugin, String task, boolean enabled, String reason) implements Decision {
    public SetMemoryMigrate {
        Decision.requireText(plugin, "plugin");
        Decision.requireText(task, "task");
    }

    @Override
    public String action() {
        return "set-memory-migrate";
    }

    @Override
    public Resource resource() {
        return Resource.MEMORY;
    }
}
