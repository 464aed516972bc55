package io.numaagent.plugins.tiermover.config;

import io.numaagent.api.snapshot.Task;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which of the snapshot's tasks (and which of their processes) a policy works on: memtierd's pid
 * watchers translated onto the runner's tasks, which already carry their pids. The runner's task
 * sources refresh the tasks each cycle, so the watchers' {@code intervalms} has no counterpart.
 */
public sealed interface TaskSelector {

    /** Whether the policy works on this task. */
    boolean selects(Task task);

    /** Whether the policy works on this process of a selected task. */
    default boolean selectsPid(Task task, int pid) {
        return true;
    }

    /** Every task: memtierd's {@code proc} watcher (every process with an executable). */
    record AllTasks() implements TaskSelector {
        @Override
        public boolean selects(Task task) {
            return true;
        }
    }

    /**
     * memtierd's {@code cgroups} watcher: tasks whose cgroup is one of these or below one, or that
     * hold one of them as a sub-cgroup (a container of a pod task).
     *
     * @param cgroups paths relative to the cgroup root ({@code /kubepods.slice/x})
     */
    record Cgroups(List<String> cgroups) implements TaskSelector {
        public Cgroups {
            cgroups = List.copyOf(cgroups);
        }

        @Override
        public boolean selects(Task task) {
            for (String c : cgroups) {
                if (within(task.cgroupPath(), c)) {
                    return true;
                }
                for (String sub : task.subCgroups()) {
                    if (within(sub, c)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean within(String path, String parent) {
            return parent.equals("/") || path.equals(parent) || path.startsWith(parent + "/");
        }
    }

    /** memtierd's {@code pidlist} watcher: these processes, in whichever tasks hold them. */
    record Pids(Set<Integer> pids) implements TaskSelector {
        public Pids {
            pids = Set.copyOf(pids);
        }

        @Override
        public boolean selects(Task task) {
            return task.pids().stream().anyMatch(pids::contains);
        }

        @Override
        public boolean selectsPid(Task task, int pid) {
            return pids.contains(pid);
        }
    }

    /** memtierd's {@code filter} watcher: the tasks of {@code source} that pass any of the filters. */
    record Filtered(TaskSelector source, List<TaskFilter> anyOf) implements TaskSelector {
        public Filtered {
            anyOf = List.copyOf(anyOf);
        }

        @Override
        public boolean selects(Task task) {
            return source.selects(task) && (anyOf.isEmpty() || anyOf.stream().anyMatch(f -> f.passes(task)));
        }

        @Override
        public boolean selectsPid(Task task, int pid) {
            return source.selectsPid(task, pid);
        }
    }

    /**
     * One of memtierd's {@code PidFilterConfig}s over what the snapshot knows of a task: the
     * executable regexp is searched in the task's {@code command} label (process tasks carry their
     * command line) or else its name; the RSS bound is the task's memory usage ({@code VmRSS} of a
     * process task, {@code memory.current} of a cgroup). All given criteria must hold.
     */
    record TaskFilter(Pattern exe, long minRssBytes, List<TaskFilter> and, List<TaskFilter> or, TaskFilter not) {
        public TaskFilter {
            and = List.copyOf(and);
            or = List.copyOf(or);
        }

        boolean passes(Task task) {
            if (exe != null && !exe.matcher(task.label("command").orElse(task.name())).find()) {
                return false;
            }
            if (minRssBytes > 0 && task.measurements().memoryUsageBytes() < minRssBytes) {
                return false;
            }
            if (!and.stream().allMatch(f -> f.passes(task))) {
                return false;
            }
            if (!or.isEmpty() && or.stream().noneMatch(f -> f.passes(task))) {
                return false;
            }
            return not == null || !not.passes(task);
        }
    }
}
