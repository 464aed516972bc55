package io.numaagent.plugins.numaallocator;

/** One of WCA's two ways to choose the node for a task: {@link FillBiggestFirst} or {@link MinimizeMigration}. */
interface PinAlgorithm {

    /**
     * The node for the task, or {@code null} when the algorithm finds none this cycle (the next task is tried).
     * The arrays are by node position and include the pins made earlier in this cycle.
     */
    Pin choose(TaskView task, NodeTable nodes, long[] balancedBytes, long[] freeBytes);

    static PinAlgorithm of(AllocatorSettings settings) {
        return settings.minimizeMigration() ? new MinimizeMigration(settings.loopMinTaskBalance()) : new FillBiggestFirst();
    }
}
