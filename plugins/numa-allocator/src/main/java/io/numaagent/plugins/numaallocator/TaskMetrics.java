package io.numaagent.plugins.numaallocator;

/**
 * Step 13 of {@code decide()}: the per-task gauges. {@code numa_allocator_task_node} is the node a task is
 * pinned to at the start of the cycle; {@code numa_allocator_task_pages_to_move} the pages of a pinned task
 * (or one pinned in this cycle) that are not on its node now, removed when the task is un-pinned (WCA's
 * figure is cumulative over the allocator's life instead).
 */
final class TaskMetrics {

    private final AllocatorMetrics metrics;

    TaskMetrics(AllocatorMetrics metrics) {
        this.metrics = metrics;
    }

    void publish(TaskView[] tasks, NodeTable nodes) {
        metrics.tasks.set(tasks.length);
        long sum = 0;
        for (TaskView v : tasks) {
            metrics.taskNode.set(v.pinnedPosition < 0 ? -1 : nodes.ids[v.pinnedPosition], v.id());
            int position = v.unpinned ? -1 : v.pinTarget >= 0 ? v.pinTarget : v.pinnedPosition;
            TaskRegistry.Seen st = v.seen;
            if (position >= 0 && v.hasNodeMemory) {
                long pages = v.pagesOffNode(nodes, position);
                metrics.taskPagesToMove.set(pages, v.id());
                sum += pages;
                st.pagesSeries = true;
            } else if (st.pagesSeries) {
                metrics.taskPagesToMove.remove(v.id());
                st.pagesSeries = false;
            }
        }
        metrics.pagesToMove.set(sum);
    }
}
