package io.numaagent.runner.telemetry;

import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-task series: memory per node, home node ratio and pinned node (see {@link TaskPlacement}).
 * Each snapshot replaces them whole, so a task that is no longer managed loses its series and the
 * {@code task} label is bounded by the number of managed tasks (times the nodes, for memory).
 */
final class TaskSeries {

    private final InstrumentRegistry.Gauge memory;
    private final InstrumentRegistry.Gauge homeRatio;
    private final InstrumentRegistry.Gauge pinnedNode;

    TaskSeries(InstrumentRegistry registry) {
        memory = registry.gauge("numa_agent_task_memory_bytes",
                "Memory of a managed task on a NUMA node (memory.numa_stat)", List.of("task", "node"));
        homeRatio = registry.gauge("numa_agent_task_home_node_ratio",
                "Share of a managed task's memory on its home node: the node its cpuset pins it to, else the node "
                        + "holding most of its memory", List.of("task"));
        pinnedNode = registry.gauge("numa_agent_task_pinned_node",
                "Node a managed task's cpuset pins it to, -1 when it is not pinned to one node", List.of("task"));
    }

    void record(Snapshot snapshot) {
        Map<List<String>, Double> bytes = new HashMap<>();
        Map<List<String>, Double> ratio = new HashMap<>();
        Map<List<String>, Double> pinned = new HashMap<>();
        for (Task task : snapshot.tasks()) {
            task.measurements().memoryBytesPerNode().forEach((node, b) ->
                    bytes.put(List.of(task.id(), Integer.toString(node)), (double) b));
            TaskPlacement placement = TaskPlacement.of(task.measurements(), snapshot.platform());
            if (!Double.isNaN(placement.homeRatio())) {
                ratio.put(List.of(task.id()), placement.homeRatio());
            }
            pinned.put(List.of(task.id()), (double) placement.pinnedNode());
        }
        memory.replaceAll(bytes);
        homeRatio.replaceAll(ratio);
        pinnedNode.replaceAll(pinned);
    }
}
