package io.numaagent.plugins.numaallocator;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Step 8 of {@code decide()}, with {@code rebalance: true} (WCA never un-pins): un-pins every pinned task whose
 * node can no longer hold it, i.e. the part of the task's memory that is not on its node is at least the
 * node's free memory (the opposite of {@code free_space_check}'s test, applied to the node the task is on).
 * The task's cpus are widened to every node's CPUs (without isolated CPUs), with binding its mems to every
 * node with memory; its memory leaves the node's balanced memory, and it is held off for
 * {@code rebalance_hold_off}.
 */
final class Rebalance {

    private final boolean enabled;
    private final boolean memoryBinding;
    private final Duration holdOffTime;
    private final String plugin;
    private final PluginLogger log;
    private final RebalanceHoldOff holdOff;

    Rebalance(AllocatorSettings settings, String plugin, PluginLogger log, RebalanceHoldOff holdOff) {
        this.enabled = settings.rebalance();
        this.memoryBinding = settings.memoryBinding();
        this.holdOffTime = settings.rebalanceHoldOff();
        this.plugin = plugin;
        this.log = log;
        this.holdOff = holdOff;
    }

    /** The widening decisions; marks the tasks un-pinned and takes their memory off {@code balancedBytes}. */
    List<Decision> unpin(List<TaskView> tasks, NodeTable nodes, Snapshot snapshot, long[] balancedBytes) {
        if (!enabled) {
            return List.of();
        }
        Platform platform = snapshot.platform();
        CpuSet allCpus = CpuSet.EMPTY;
        List<Integer> memoryNodes = new ArrayList<>();
        for (NumaNode node : platform.nodes()) {
            allCpus = allCpus.union(node.cpus());
            if (node.hasMemory()) {
                memoryNodes.add(node.id());
            }
        }
        CpuSet withoutIsolated = allCpus.difference(platform.isolatedCpus());
        CpuSet wide = withoutIsolated.isEmpty() ? allCpus : withoutIsolated;
        List<Decision> decisions = new ArrayList<>();
        for (TaskView v : tasks) {
            int p = v.pinnedPosition;
            if (p < 0 || v.memory == 0 || !v.hasNodeMemory) {
                continue;
            }
            long missing = v.missingOn(nodes, p);
            long free = nodes.freeBytes[p];
            if (missing < free) {
                continue;
            }
            String reason = String.format(Locale.ROOT,
                    "rebalance: node %d cannot hold the task: %s of its %s are elsewhere but only %s are free there; "
                            + "widening to all nodes", nodes.ids[p], TaskView.gb(missing), TaskView.gb(v.memory),
                    TaskView.gb(free));
            decisions.add(new SetCpus(plugin, v.id(), wide, reason));
            if (memoryBinding && !memoryNodes.isEmpty()) {
                decisions.add(new SetMems(plugin, v.id(), NodeSet.of(memoryNodes), reason));
            }
            log.info("un-pin {}: {}", v.id(), reason);
            v.unpinned = true;
            balancedBytes[p] -= v.memory;
            holdOff.hold(v.id(), snapshot.time().plus(holdOffTime));
        }
        return decisions;
    }
}
