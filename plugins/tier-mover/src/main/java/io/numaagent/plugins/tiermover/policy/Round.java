package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Task;
import java.util.List;
import java.util.Map;

/**
 * The input of one policy round.
 *
 * @param plugin     the plugin instance name, for the decisions
 * @param nowMs      the round's time (the snapshot's), epoch milliseconds
 * @param pageSize   the machine's page size
 * @param nodes      the machine's nodes
 * @param tasks      the selected tasks by id
 * @param processes  the selected processes' counters since the previous round
 * @param moverIdle  whether the policy's earlier moves are all done: memtierd starts new moves only then
 */
public record Round(String plugin, long nowMs, long pageSize, List<NumaNode> nodes, Map<String, Task> tasks,
                    List<ProcessCounters> processes, boolean moverIdle) {
    public Round {
        nodes = List.copyOf(nodes);
        tasks = Map.copyOf(tasks);
        processes = List.copyOf(processes);
    }
}
