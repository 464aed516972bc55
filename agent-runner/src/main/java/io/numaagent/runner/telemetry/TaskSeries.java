package io.numaagent.runner.telemetry;

import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.runner.telemetry.InstrumentRegistry.Gauge;
import io.numaagent.runner.telemetry.InstrumentRegistry.Observed.Series;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The per-task series: memory per node, home node ratio and pinned node (see {@link TaskPlacement}).
 * Each snapshot sets exactly the series it shows: a task that is no longer managed loses its series,
 * and so does a figure that is no longer known (a node missing from a task's {@code memory.numa_stat},
 * a ratio that became undefined), so the {@code task} label is bounded by the number of managed tasks
 * (times the nodes, for memory). The memory series and the ratio exist only while per-node memory is
 * read: when no running plugin declares {@link io.numaagent.api.snapshot.Measurement#MEMORY_PER_NODE},
 * only the pinned node is exported.
 *
 * <p>A task's series are kept from one snapshot to the next and their values set in place (at 1,000
 * tasks, rebuilding every label list and series each cycle was a tenth of the loop's CPU time).
 * Called from the loop's thread only.
 */
final class TaskSeries {

    private final Gauge memory;
    private final Gauge homeRatio;
    private final Gauge pinnedNode;
    /** Each task's series, by task id. */
    private final Map<String, TaskHandles> byTask = new HashMap<>();
    private long records;

    /** One task's series; {@code ratio} is null while undefined. */
    private static final class TaskHandles {
        final Series pinned;
        Series ratio;
        final Map<Integer, Series> memoryByNode = new HashMap<>();
        long seen;

        TaskHandles(Series pinned) {
            this.pinned = pinned;
        }
    }

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
        long now = ++records;
        List<Task> tasks = snapshot.tasks();
        for (int i = 0; i < tasks.size(); i++) { // an index, not an iterator: C1 allocates every iterator
            Task task = tasks.get(i);
            TaskHandles h = byTask.get(task.id());
            if (h == null) {
                h = new TaskHandles(pinnedNode.series(task.id()));
                byTask.put(task.id(), h);
            }
            h.seen = now;
            TaskMeasurements m = task.measurements();
            recordMemory(task.id(), m.memoryBytesPerNode(), h);
            TaskPlacement placement = TaskPlacement.of(m, snapshot.platform());
            Gauge.set(h.pinned, placement.pinnedNode());
            if (Double.isNaN(placement.homeRatio())) {
                if (h.ratio != null) {
                    homeRatio.remove(h.ratio);
                    h.ratio = null;
                }
            } else {
                if (h.ratio == null) {
                    h.ratio = homeRatio.series(task.id());
                }
                Gauge.set(h.ratio, placement.homeRatio());
            }
        }
        for (Iterator<TaskHandles> it = byTask.values().iterator(); it.hasNext(); ) {
            TaskHandles h = it.next();
            if (h.seen != now) {
                pinnedNode.remove(h.pinned);
                if (h.ratio != null) {
                    homeRatio.remove(h.ratio);
                }
                h.memoryByNode.values().forEach(memory::remove);
                it.remove();
            }
        }
    }

    private void recordMemory(String task, Map<Integer, Long> perNode, TaskHandles h) {
        for (Map.Entry<Integer, Long> e : perNode.entrySet()) {
            Series s = h.memoryByNode.get(e.getKey());
            if (s == null) {
                s = memory.series(task, Integer.toString(e.getKey()));
                h.memoryByNode.put(e.getKey(), s);
            }
            Gauge.set(s, e.getValue());
        }
        if (h.memoryByNode.size() > perNode.size()) { // every node shown has its series: some are no longer shown
            for (Iterator<Map.Entry<Integer, Series>> it = h.memoryByNode.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, Series> e = it.next();
                if (!perNode.containsKey(e.getKey())) {
                    memory.remove(e.getValue());
                    it.remove();
                }
            }
        }
    }
}
