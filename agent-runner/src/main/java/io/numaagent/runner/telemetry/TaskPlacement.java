package io.numaagent.runner.telemetry;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.util.Map;

/**
 * Where one task's memory is, against where its cpuset keeps it.
 *
 * <p>A task is <em>pinned</em> to node N when its cpuset confines it to N: its allowed memory nodes
 * ({@code cpuset.mems.effective}, else as written) are exactly {N}; or, when they are not one node,
 * its allowed CPUs are not empty and all belong to node N. Its <em>home node</em> is the pinned
 * node, or when it is not pinned the node holding most of its memory (the lowest id on a tie). The
 * <em>home node ratio</em> is the share of its memory (per {@code memory.numa_stat}) on the home
 * node, in [0, 1]; it is undefined (NaN here, no series exported) when the task's per-node memory
 * is unknown or zero.
 *
 * @param pinnedNode the node the cpuset confines the task to, -1 when none
 * @param homeNode   the pinned node, else the node with most of the task's memory; -1 when neither is known
 * @param homeRatio  share of the task's memory on the home node, NaN when undefined
 */
record TaskPlacement(int pinnedNode, int homeNode, double homeRatio) {

    static TaskPlacement of(TaskMeasurements m, Platform platform) {
        int pinned = pinnedNode(m.allowedMems(), m.allowedCpus(), platform);
        long total = m.memoryBytesTotal();
        int home = pinned;
        if (home < 0) {
            long most = -1;
            for (Map.Entry<Integer, Long> e : m.memoryBytesPerNode().entrySet()) { // ascending node ids
                if (e.getValue() > most) {
                    most = e.getValue();
                    home = e.getKey();
                }
            }
        }
        double ratio = home >= 0 && total > 0 ? (double) m.memoryBytesOnNode(home) / total : Double.NaN;
        return new TaskPlacement(pinned, home, ratio);
    }

    private static int pinnedNode(NodeSet mems, CpuSet cpus, Platform platform) {
        if (mems.size() == 1) {
            return mems.first();
        }
        if (cpus.isEmpty() || platform == null) {
            return -1;
        }
        for (NumaNode node : platform.nodes()) {
            if (node.cpus().containsAll(cpus)) {
                return node.id();
            }
        }
        return -1;
    }
}
