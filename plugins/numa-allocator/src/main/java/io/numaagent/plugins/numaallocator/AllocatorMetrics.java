package io.numaagent.plugins.numaallocator;

import io.numaagent.api.plugin.Metrics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The allocator's instruments. Per-task series exist only for tasks of the current snapshot; the
 * series of a task that is gone (or no longer pinned, for pages to move) are removed, so the label
 * sets stay bounded by the number of managed tasks.
 */
final class AllocatorMetrics {

    final Metrics.Gauge balancedTasks;
    final Metrics.Gauge balancedMemoryBytes;
    final Metrics.Gauge tasks;
    final Metrics.Gauge taskNode;
    final Metrics.Gauge taskPagesToMove;
    final Metrics.Gauge pagesToMove;
    final Metrics.Counter decisions;
    final Metrics.Counter migrationsRefused;
    final Metrics.Gauge numaBalancing;

    private Set<String> taskNodeSeries = new HashSet<>();
    private Set<String> pagesSeries = new HashSet<>();

    AllocatorMetrics(Metrics m) {
        balancedTasks = m.gauge("numa_allocator_balanced_tasks",
                "Tasks pinned to each NUMA node at the start of the cycle", List.of("node"));
        balancedMemoryBytes = m.gauge("numa_allocator_balanced_memory_bytes",
                "Memory of the tasks pinned to each NUMA node at the start of the cycle", List.of("node"));
        tasks = m.gauge("numa_allocator_tasks", "Tasks in the snapshot", List.of());
        taskNode = m.gauge("numa_allocator_task_node",
                "Node a task is pinned to at the start of the cycle, -1 when it is not pinned to exactly one node",
                List.of("task"));
        taskPagesToMove = m.gauge("numa_allocator_task_pages_to_move",
                "4 KiB pages of a pinned task that are not on its node", List.of("task"));
        pagesToMove = m.gauge("numa_allocator_pages_to_move",
                "Sum of numa_allocator_task_pages_to_move over all pinned tasks", List.of());
        decisions = m.counter("numa_allocator_decisions_total",
                "Decisions made, by action (also counted in dryrun, where none is returned)", List.of("action"));
        migrationsRefused = m.counter("numa_allocator_migrations_refused_total",
                "Memory migrations the allocator decided against, by reason", List.of("reason"));
        numaBalancing = m.gauge("numa_allocator_numa_balancing",
                "kernel.numa_balancing as seen in the snapshot (-1: not available)", List.of());
    }

    /** Sets the node of each current task and drops the series of tasks that are gone. */
    void publishTaskNodes(Set<String> current, java.util.function.ToIntFunction<String> nodeOf) {
        for (String id : taskNodeSeries) {
            if (!current.contains(id)) {
                taskNode.remove(id);
            }
        }
        for (String id : current) {
            taskNode.set(nodeOf.applyAsInt(id), id);
        }
        taskNodeSeries = current;
    }

    /** Sets the pages to move of each pinned task, drops the others, and sets the sum. */
    void publishPagesToMove(java.util.Map<String, Long> pagesByTask) {
        long sum = 0;
        for (String id : pagesSeries) {
            if (!pagesByTask.containsKey(id)) {
                taskPagesToMove.remove(id);
            }
        }
        for (var e : pagesByTask.entrySet()) {
            taskPagesToMove.set(e.getValue(), e.getKey());
            sum += e.getValue();
        }
        pagesSeries = new HashSet<>(pagesByTask.keySet());
        pagesToMove.set(sum);
    }
}
