package io.numaagent.plugins.tiermover;

import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import io.numaagent.plugins.tiermover.heat.Heatmap;
import io.numaagent.plugins.tiermover.policy.ProcessCounters;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The tier-mover's answers at the control prompt ({@code plugin tier-mover ...}): the heat policy's
 * heatmap (memtierd's {@code policy -dump heatmap}), the last round's tracker counters, the policy's
 * effective settings. It keeps a reference to the last round's counters (immutable) and reads the
 * heatmap when asked, between cycles on the loop's thread, so it costs nothing while nobody asks.
 */
final class TierMoverCommands implements PluginCommands {

    private final PolicySettings settings;
    private final Supplier<Heatmap> heatmap;
    private long roundMs = Long.MIN_VALUE;
    private List<ProcessCounters> lastRound = List.of();

    TierMoverCommands(PolicySettings settings, Supplier<Heatmap> heatmap) {
        this.settings = settings;
        this.heatmap = heatmap;
    }

    /** Remembers a round's counters; called after each round. */
    void roundSeen(long nowMs, List<ProcessCounters> processes) {
        roundMs = nowMs;
        lastRound = List.copyOf(processes);
    }

    @Override
    public List<Command> commands() {
        return List.of(
                new Command("heatmap", "", "the heat policy's heatmap as memtierd's 'policy -dump heatmap' prints it",
                        this::heatmap),
                new Command("counters", "[TASK]", "the last round's tracker counters per task and pid: ranges, pages, "
                        + "pages accessed, pages written, pages per node", this::counters),
                new Command("policy", "", "the policy's name and its effective settings (defaults filled in)",
                        this::policy));
    }

    private String heatmap(List<String> args) {
        noArguments("heatmap", args);
        if (!(settings instanceof PolicySettings.Heat)) {
            return "policy '" + settings.name() + "' keeps no heatmap (only the heat policy does)";
        }
        Heatmap h = heatmap.get();
        return h == null ? "no round yet" : h.dump() + "\n";
    }

    private String counters(List<String> args) {
        if (args.size() > 1) {
            throw new IllegalArgumentException("unexpected arguments " + args.subList(1, args.size()));
        }
        if (roundMs == Long.MIN_VALUE) {
            return "no round yet";
        }
        String only = args.isEmpty() ? null : args.get(0);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"task", "pid", "scans", "ranges", "pages", "accessed", "written", "pages by node"});
        for (ProcessCounters p : lastRound) {
            if (only != null && !only.equals(p.task())) {
                continue;
            }
            long pages = 0;
            long accessed = 0;
            long written = 0;
            Map<Integer, Long> byNode = new TreeMap<>();
            for (RangeCounter c : p.ranges()) {
                pages += c.pages();
                accessed += c.heat() > 0 ? c.pages() : 0;
                written += c.writes() > 0 ? c.pages() : 0;
                byNode.merge(c.node(), c.pages(), Long::sum);
            }
            StringBuilder nodes = new StringBuilder();
            byNode.forEach((n, v) -> nodes.append(nodes.isEmpty() ? "" : " ").append(nodeName(n)).append(':').append(v));
            rows.add(new String[] {p.task(), Integer.toString(p.pid()), Integer.toString(p.scans()),
                    Integer.toString(p.ranges().size()), Long.toString(pages), Long.toString(accessed),
                    Long.toString(written), nodes.isEmpty() ? "-" : nodes.toString()});
        }
        if (only != null && rows.size() == 1) {
            return "round at " + roundMs + " ms counted nothing for task '" + only + "'";
        }
        return "round at " + roundMs + " ms (epoch), " + (rows.size() - 1)
                + (rows.size() == 2 ? " process\n" : " processes\n") + PluginCommands.table(rows);
    }

    private static String nodeName(int node) {
        return node == RangeCounter.NODE_SWAP ? "swap" : node == RangeCounter.NODE_UNKNOWN ? "?" : Integer.toString(node);
    }

    /** One line per setting, in the record's order; maps sorted by key, so the answer is stable. */
    private String policy(List<String> args) {
        noArguments("policy", args);
        StringBuilder sb = new StringBuilder("name: ").append(settings.name()).append('\n');
        for (RecordComponent c : settings.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(settings);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read setting " + c.getName(), e);
            }
            sb.append(c.getName()).append(": ").append(value instanceof Map<?, ?> m ? new TreeMap<>(m) : value).append('\n');
        }
        return sb.toString();
    }

    private static void noArguments(String command, List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("'" + command + "' takes no arguments");
        }
    }

}
