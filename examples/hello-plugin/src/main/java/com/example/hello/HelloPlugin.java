package com.example.hello;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pure decision logic: reads the snapshot, returns decisions, touches nothing. For each task with
 * per-node memory figures, its home is the node holding most of its memory; when less than
 * {@code min_share} of it is there, it asks the agent to migrate the rest home. It also answers
 * {@code numa-agent prompt -c "plugin hello homes"}.
 */
final class HelloPlugin implements Plugin, PluginCommands {

    private final String name;
    private final double minShare;
    private final long minMemory;
    private final PluginLogger log;
    /** Each task's home node and share there, as of the last cycle (for the {@code homes} command). */
    private Map<String, String> homes = Map.of();

    HelloPlugin(String name, double minShare, long minMemory, PluginLogger log) {
        this.name = name;
        this.minShare = minShare;
        this.minMemory = minMemory;
        this.log = log;
    }

    @Override
    public List<Decision> decide(Snapshot snapshot) {
        List<Decision> decisions = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Task task : snapshot.tasks()) {
            Map<Integer, Long> perNode = task.measurements().memoryBytesPerNode();
            long total = task.measurements().memoryBytesTotal();
            if (perNode.isEmpty() || total == 0 || total < minMemory) {
                continue;
            }
            int home = -1;
            long most = -1;
            for (Map.Entry<Integer, Long> e : perNode.entrySet()) {
                if (e.getValue() > most) { // ties go to the lower node id (the map is sorted)
                    home = e.getKey();
                    most = e.getValue();
                }
            }
            double share = (double) most / total;
            seen.put(task.id(), String.format(Locale.ROOT, "node %d (%.1f %%)", home, 100 * share));
            if (share < minShare) {
                decisions.add(new MigrateMemory(name, task.id(), home, String.format(Locale.ROOT,
                        "hello: %.1f %% of %s is on node %d, its home; gathering the rest there", 100 * share,
                        task.id(), home)));
            }
        }
        homes = seen;
        if (!decisions.isEmpty()) {
            log.info("cycle {}: {} task(s) to gather home", snapshot.sequence(), decisions.size());
        }
        return decisions;
    }

    @Override
    public List<Command> commands() {
        return List.of(new Command("homes", "", "each task's home node and the share of its memory there", args -> {
            if (!args.isEmpty()) {
                throw new IllegalArgumentException("'homes' takes no arguments");
            }
            StringBuilder sb = new StringBuilder();
            homes.forEach((task, home) -> sb.append(task).append(": ").append(home).append('\n'));
            return sb.length() == 0 ? "no task seen yet" : sb.toString();
        }));
    }
}
