package io.numaagent.plugins.numaallocator;

import io.numaagent.api.plugin.Metrics;
import java.util.List;

/**
 * The allocator's instruments. The plugin keeps per-task series only for tasks of the current snapshot
 * and removes the series of a task that is gone (or no longer pinned, for pages to move), so the label
 * sets stay bounded by the number of managed tasks.
 */
final class AllocatorMetrics {

    /** The {@code reason} values of {@code numa_allocator_migrations_refused_total}. */
    static final String SWAP_ENABLED = "swap_enabled";
    static final String EARLIER_FAILURE = "earlier_failure";
    static final List<String> REFUSAL_REASONS = List.of(SWAP_ENABLED, EARLIER_FAILURE);

    final Metrics.Gauge balancedTasks;
    final Metrics.Gauge balancedMemoryBytes;
    final Metrics.Gauge tasks;
    final Metrics.Gauge taskNode;
    final Metrics.Gauge taskPagesToMove;
    final Metrics.Gauge pagesToMove;
    final Metrics.Counter decisions;
    final Metrics.Counter migrationsRefused;
    final Metrics.Gauge numaBalancing;

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
                "Pages (of the kernel's base page size) of a pinned task that are not on its node", List.of("task"));
        pagesToMove = m.gauge("numa_allocator_pages_to_move",
                "Sum of numa_allocator_task_pages_to_move over all pinned tasks", List.of());
        decisions = m.counter("numa_allocator_decisions_total",
                "Decisions made, by action (also counted in dryrun, where none is returned)", List.of("action"));
        migrationsRefused = m.counter("numa_allocator_migrations_refused_total",
                "Memory migrations the allocator decided against, by reason", List.of("reason"));
        numaBalancing = m.gauge("numa_allocator_numa_balancing",
                "kernel.numa_balancing as seen in the snapshot (-1: not available)", List.of());
        // each reason's series from the start, at 0, for rate() on a dashboard
        for (String reason : REFUSAL_REASONS) {
            migrationsRefused.add(0, reason);
        }
    }
}
