package io.numaagent.plugins.numaallocator;

import java.util.List;

/**
 * Step 6 of {@code decide()}: WCA's balanced memory, the tasks pinned to each node at the start of the cycle
 * and the sum of their memory (by node position). Both algorithms weigh nodes by it; rebalance takes the
 * tasks it un-pins off it. A pinned task without per-node figures still counts: its memory is there.
 */
final class BalancedMemory {

    final long[] bytes;
    final int[] tasks;
    /** Tasks pinned to one node, all nodes together. */
    final int pinnedTasks;

    private BalancedMemory(long[] bytes, int[] tasks, int pinnedTasks) {
        this.bytes = bytes;
        this.tasks = tasks;
        this.pinnedTasks = pinnedTasks;
    }

    static BalancedMemory of(List<TaskView> tasks, NodeTable nodes) {
        int n = nodes.size();
        long[] bytes = new long[n];
        int[] count = new int[n];
        int pinned = 0;
        for (TaskView v : tasks) {
            if (v.pinnedPosition >= 0) {
                bytes[v.pinnedPosition] += v.memory;
                count[v.pinnedPosition]++;
                pinned++;
            }
        }
        return new BalancedMemory(bytes, count, pinned);
    }

    /** Sets {@code numa_allocator_balanced_tasks} and {@code numa_allocator_balanced_memory_bytes} per node. */
    BalancedMemory publish(NodeTable nodes, AllocatorMetrics metrics) {
        for (int i = 0; i < nodes.size(); i++) {
            String node = Integer.toString(nodes.ids[i]);
            metrics.balancedTasks.set(tasks[i], node);
            metrics.balancedMemoryBytes.set(bytes[i], node);
        }
        return this;
    }
}
