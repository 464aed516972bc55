package io.numaagent.plugins.numaallocator;

import java.util.BitSet;
import java.util.Locale;

/**
 * WCA's {@code minimize_migration}: the lowest node in M∩B, else M∩F, else B∩F of the most-used (M),
 * least-filled (B) and most-free (F) nodes with CPUs (see {@link NodeSelection}); none when the task's
 * largest share on a node with CPUs is below {@code loop_min_task_balance}.
 */
final class MinimizeMigration implements PinAlgorithm {

    private final double loopMinTaskBalance;

    MinimizeMigration(double loopMinTaskBalance) {
        this.loopMinTaskBalance = loopMinTaskBalance;
    }

    @Override
    public Pin choose(TaskView v, NodeTable nodes, long[] balancedBytes, long[] freeBytes) {
        double[] pref = v.preferences(nodes);
        double top = 0;
        for (int i = 0; i < pref.length; i++) {
            if (nodes.candidate[i]) {
                top = Math.max(top, pref[i]);
            }
        }
        if (top < loopMinTaskBalance) {
            return null;
        }
        BitSet mostUsed = NodeSelection.mostUsedNodes(pref, nodes.candidate);
        BitSet bestMemory = NodeSelection.bestMemoryNodes(v.memory, balancedBytes, nodes.candidate);
        BitSet mostFree = NodeSelection.mostFreeMemoryNodes(v.memory, freeBytes, nodes.candidate);
        NodeSelection.Choice c = NodeSelection.migrationMinimizerCore(mostUsed, bestMemory, mostFree);
        if (c == null) {
            return null;
        }
        return new Pin(v, c.position(), String.format(Locale.ROOT,
                "minimize_migration: node %d is among the %s nodes for %s (%.4f of its memory is there)",
                nodes.ids[c.position()], c.match().text, TaskView.gb(v.memory), pref[c.position()]));
    }
}
