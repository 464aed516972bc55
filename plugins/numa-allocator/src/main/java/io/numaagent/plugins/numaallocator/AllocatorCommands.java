package io.numaagent.plugins.numaallocator;

import io.numaagent.api.plugin.PluginCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The allocator's answers at the control prompt ({@code plugin numa-allocator ...}): its view of the
 * nodes and tasks as of its last cycle. It keeps references to that cycle's {@link NodeTable},
 * {@link BalancedMemory} and task views (immutable once the cycle is over, and called between cycles
 * on the loop's thread), so it costs nothing while nobody asks.
 */
final class AllocatorCommands implements PluginCommands {

    private long cycle;
    private NodeTable nodes;
    private BalancedMemory balanced;
    private List<TaskView> tasks = List.of();

    /** Remembers what the cycle saw; called at the end of each {@code decide}. */
    void cycleSeen(long sequence, NodeTable nodeTable, BalancedMemory balancedMemory, List<TaskView> biggestFirst) {
        cycle = sequence;
        nodes = nodeTable;
        balanced = balancedMemory;
        tasks = biggestFirst;
    }

    @Override
    public List<Command> commands() {
        return List.of(
                new Command("nodes", "", "each node's CPUs, free memory, and the tasks and memory pinned to it "
                        + "(the balance both algorithms weigh), as of the last cycle", this::nodes),
                new Command("tasks", "[-n N]", "the N biggest tasks (default 20): memory as the allocator counts it, "
                        + "the node each is pinned to, the share of its memory there", this::tasks));
    }

    private String nodes(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("'nodes' takes no arguments");
        }
        if (nodes == null) {
            return "no cycle yet";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"node", "cpus", "free", "pinned tasks", "pinned memory", "share of pinned"});
        long allPinned = 0;
        for (long b : balanced.bytes) {
            allPinned += b;
        }
        for (int i = 0; i < nodes.size(); i++) {
            rows.add(new String[] {Integer.toString(nodes.ids[i]), nodes.candidate[i] ? nodes.cpus[i].toString() : "-",
                    TaskView.gb(nodes.freeBytes[i]), Integer.toString(balanced.tasks[i]), TaskView.gb(balanced.bytes[i]),
                    allPinned == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * balanced.bytes[i] / allPinned)});
        }
        return "as of cycle " + cycle + "\n" + PluginCommands.table(rows);
    }

    private String tasks(List<String> args) {
        int n = 20;
        if (args.size() == 2 && args.get(0).equals("-n")) {
            try {
                n = Integer.parseInt(args.get(1));
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw new IllegalArgumentException("-n must be a positive number; got '" + args.get(1) + "'");
            }
        } else if (!args.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + args);
        }
        if (nodes == null) {
            return "no cycle yet";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"task", "memory", "pinned to", "share there"});
        for (TaskView t : tasks.subList(0, Math.min(n, tasks.size()))) {
            int p = t.pinnedPosition;
            rows.add(new String[] {t.id(), TaskView.gb(t.memory), p < 0 ? "-" : "node " + nodes.ids[p],
                    p < 0 || !t.hasNodeMemory ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * t.preference(nodes, p))});
        }
        return "as of cycle " + cycle + ", " + tasks.size() + " tasks, biggest first\n" + PluginCommands.table(rows);
    }

}
