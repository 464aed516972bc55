package io.numaagent.api.decision;

import java.util.Objects;

/**
 * Run every thread of a task, or of one of its sub-cgroups (one container of a pod), with a scheduling
 * class: its policy and priority, flags, nice or deadline parameters ({@code sched_setattr(2)}, or
 * {@code setpriority(2)} for a nice alone) and its I/O priority ({@code ioprio_set(2)}). The executor
 * lists the threads of the cgroup ({@code cgroup.threads} on v2, {@code tasks} on v1; a whole task's
 * sub-cgroups too) and sets each; a thread that exits meanwhile is counted as gone, any other refusal
 * as failed, and the outcome counts both. Action {@code set-scheduling-class}.
 *
 * @param subCgroup  one of the task's {@code subCgroups}, or {@code null} for the whole task (empty means null)
 * @param className  the class's name, as configured (for the logs, the dry-run and the prompt)
 * @param parameters what is set, checked as the kernel checks it
 */
public record SetSchedulingClass(String plugin, String task, String subCgroup, String className,
                                 SchedulingParameters parameters, String reason) implements Decision {

    public SetSchedulingClass {
        subCgroup = subCgroup == null || subCgroup.isEmpty() ? null : subCgroup;
        Decision.requireText(plugin, "plugin");
        Decision.requireText(task, "task");
        Decision.requireText(className, "className");
        Objects.requireNonNull(parameters, "parameters");
    }

    @Override
    public String action() {
        return "set-scheduling-class";
    }

    @Override
    public Resource resource() {
        return Resource.SCHEDULING;
    }
}
