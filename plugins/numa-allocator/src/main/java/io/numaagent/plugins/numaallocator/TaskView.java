package io.numaagent.plugins.numaallocator;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.util.Locale;

/**
 * One task as the allocator sees it in one cycle: its memory (WCA's {@code memory_limit}), the node it is
 * pinned to, and figures over its per-node memory computed only when a step needs them (with ten thousand
 * tasks, most never need preferences).
 */
final class TaskView {

    final Task task;
    final long memory;
    /** Position of the node the task is pinned to at the start of the cycle, -1 if none. */
    final int pinnedPosition;
    /** Whether {@code memory.numa_stat} gave per-node figures; without them the task is never pinned or moved. */
    final boolean hasNodeMemory;
    /** Sum of the per-node figures; -1 until needed. */
    private long nodeMemoryTotal = -1;
    private double[] preferences;
    /** The task's state across cycles ({@link TaskRegistry}). */
    TaskRegistry.Seen seen;
    /** Un-pinned by rebalance in this cycle. */
    boolean unpinned;
    /** Position of the node chosen for the task in this cycle, -1 if none. */
    int pinTarget = -1;

    TaskView(Task task, NodeTable nodes) {
        this.task = task;
        this.memory = memoryOf(task, nodes.totalMemory);
        this.pinnedPosition = pinnedPosition(task.measurements(), nodes);
        this.hasNodeMemory = task.measurements().hasMemoryPerNode();
    }

    /**
     * WCA's {@code memory_limit}: the requested memory (request, else limit) when the task source gives one,
     * else the first measured value of limit, peak usage, usage that is known and not above the machine's
     * total memory, else 0 (a "ghost" task that is never pinned).
     */
    static long memoryOf(Task task, long totalMemory) {
        Resources r = task.requested();
        if (r.memoryRequestBytes() > 0) {
            return r.memoryRequestBytes();
        }
        if (r.memoryLimitBytes() > 0) {
            return r.memoryLimitBytes();
        }
        TaskMeasurements m = task.measurements();
        if (m.memoryLimitBytes() >= 0 && m.memoryLimitBytes() <= totalMemory) {
            return m.memoryLimitBytes();
        }
        if (m.memoryMaxUsageBytes() >= 0 && m.memoryMaxUsageBytes() <= totalMemory) {
            return m.memoryMaxUsageBytes();
        }
        if (m.memoryUsageBytes() >= 0 && m.memoryUsageBytes() <= totalMemory) {
            return m.memoryUsageBytes();
        }
        return 0;
    }

    /**
     * The position of the node whose CPUs equal the task's cpuset exactly, else -1 (unpinned, as WCA);
     * {@code cpuset.cpus.effective} stands in for an empty {@code cpuset.cpus} (cgroup v2 inherits).
     */
    static int pinnedPosition(TaskMeasurements m, NodeTable nodes) {
        CpuSet cpus = m.cpus().isEmpty() ? m.effectiveCpus() : m.cpus();
        return nodes.positionWithCpus(cpus);
    }

    String id() {
        return task.id();
    }

    long nodeMemoryTotal() {
        if (nodeMemoryTotal < 0) {
            nodeMemoryTotal = task.measurements().memoryBytesTotal();
        }
        return nodeMemoryTotal;
    }

    /** The task's memory that is not on the node at {@code position} yet (negative when more is there). */
    long missingOn(NodeTable nodes, int position) {
        return memory - task.measurements().memoryBytesOnNode(nodes.ids[position]);
    }

    /** Bytes not on the node {@code nodeId}, in one pass over the per-node figures. */
    long bytesOffNode(int nodeId) {
        long[] sums = new long[2];
        task.measurements().memoryBytesPerNode().forEach((node, bytes) -> {
            sums[0] += bytes;
            if (node == nodeId) {
                sums[1] += bytes;
            }
        });
        nodeMemoryTotal = sums[0];
        return sums[0] - sums[1];
    }

    /** Pages of the task that are not on the node at {@code position}. */
    long pagesOffNode(NodeTable nodes, int position) {
        return bytesOffNode(nodes.ids[position]) / nodes.pageBytes;
    }

    /**
     * Share of the task's memory on each node, rounded half-even to 4 places as WCA does. CPU-less nodes
     * have a share like any other (their pages count in the total), but no node choice uses it.
     */
    double[] preferences(NodeTable nodes) {
        if (preferences == null) {
            TaskMeasurements m = task.measurements();
            double total = Math.max(1, nodeMemoryTotal());
            double[] p = new double[nodes.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = WcaRounding.round(m.memoryBytesOnNode(nodes.ids[i]) / total, 4);
            }
            preferences = p;
        }
        return preferences;
    }

    /** The preference for one node, without computing the others. */
    double preference(NodeTable nodes, int position) {
        if (preferences != null) {
            return preferences[position];
        }
        double total = Math.max(1, nodeMemoryTotal());
        return WcaRounding.round(task.measurements().memoryBytesOnNode(nodes.ids[position]) / total, 4);
    }

    /** Bytes as decimal gigabytes with one decimal, as WCA's logs print them. */
    static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
