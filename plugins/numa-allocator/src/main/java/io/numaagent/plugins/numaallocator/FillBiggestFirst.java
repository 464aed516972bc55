package io.numaagent.plugins.numaallocator;

import java.util.Locale;

/**
 * WCA's {@code fill_biggest_first}: the node with CPUs where the task would be the biggest share of the
 * pinned memory, {@code round(memory / (balanced + memory), 4)}; lowest node id on ties. Preferences (where
 * the task's memory is now) are not used.
 */
final class FillBiggestFirst implements PinAlgorithm {

    @Override
    public Pin choose(TaskView v, NodeTable nodes, long[] balancedBytes, long[] freeBytes) {
        int p = NodeSelection.bestMemoryNode(v.memory, balancedBytes, nodes.candidate);
        if (p < 0) {
            return null;
        }
        return new Pin(v, p, String.format(Locale.ROOT, "fill_biggest_first: node %d has the best balance %.4f for %s",
                nodes.ids[p], NodeSelection.balance(v.memory, balancedBytes[p]), TaskView.gb(v.memory)));
    }
}
