package io.numaagent.plugins.topologyaware;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.plugins.topologyaware.alloc.Allocator;
import io.numaagent.plugins.topologyaware.alloc.Grant;
import io.numaagent.plugins.topologyaware.pools.MemoryType;
import io.numaagent.plugins.topologyaware.pools.Pool;
import java.util.ArrayList;
import io.numaagent.plugins.topologyaware.sched.SchedulingClasses;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The topology-aware policy's answers at the control prompt ({@code plugin topology-aware ...}): the
 * pool tree with what is free and who is in each pool, the grants, and the containers' scheduling classes. It reads the allocator as the
 * last cycle left it, between cycles on the loop's thread, so it costs nothing while nobody asks.
 */
final class TopologyAwareCommands implements PluginCommands {

    private long cycle;
    private Allocator allocator;
    private Map<String, SchedulingClasses.Choice> schedulingClasses = Map.of();

    /** Remembers the cycle's allocator and scheduling classes (by unit); called at the end of each {@code decide}. */
    void cycleSeen(long sequence, Allocator current, Map<String, SchedulingClasses.Choice> classes) {
        cycle = sequence;
        allocator = current;
        schedulingClasses = classes;
    }

    @Override
    public List<Command> commands() {
        return List.of(
                new Command("pools", "", "the pool tree, indented: each pool's CPUs, memory nodes, free shared CPUs "
                        + "and the containers granted CPUs from it", this::pools),
                new Command("grants", "[CONTAINER]", "each grant (or CONTAINER's): pool, kind, exclusive CPUs, "
                        + "shared or reserved portion, memory nodes and kinds", this::grants),
                new Command("scheduling", "", "each container with a scheduling class: the class, where it comes "
                        + "from (annotation, namespace or QoS default) and its parameters", this::scheduling));
    }

    private String pools(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("'pools' takes no arguments");
        }
        if (allocator == null) {
            return "no cycle yet";
        }
        StringBuilder sb = new StringBuilder("as of cycle ").append(cycle).append('\n');
        describe(allocator.tree().root(), sb);
        return sb.toString();
    }

    private void describe(Pool p, StringBuilder sb) {
        sb.append("  ".repeat(p.depth())).append(p.name()).append(": cpus ").append(orDash(p.cpus()));
        if (!p.capacityIsolated().isEmpty()) {
            sb.append("  isolated ").append(p.capacityIsolated());
        }
        if (!p.reserved().isEmpty()) {
            sb.append("  reserved ").append(p.reserved());
        }
        sb.append("  mems");
        for (MemoryType t : MemoryType.values()) {
            NodeSet m = p.memset(t.bit());
            if (!m.isEmpty()) {
                sb.append(' ').append(t.name().toLowerCase(Locale.ROOT)).append(' ').append(m);
            }
        }
        sb.append("  free shared ").append(orDash(p.freeSharable()));
        List<String> containers = new ArrayList<>();
        for (Grant g : allocator.grants()) {
            if (g.pool() == p) {
                containers.add(g.id());
            }
        }
        sb.append("  containers ").append(containers.isEmpty() ? "-" : String.join(" ", containers)).append('\n');
        for (Pool c : p.children()) {
            describe(c, sb);
        }
    }

    private String grants(List<String> args) {
        if (args.size() > 1) {
            throw new IllegalArgumentException("unexpected arguments " + args.subList(1, args.size()));
        }
        if (allocator == null) {
            return "no cycle yet";
        }
        String only = args.isEmpty() ? null : args.get(0);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"container", "pool", "kind", "exclusive", "portion", "mems", "memory"});
        for (Grant g : allocator.grants()) {
            if (only == null || only.equals(g.id())) {
                rows.add(new String[] {g.id(), g.pool().name(), g.kind(), orDash(g.exclusive()),
                        g.portion() > 0 ? g.portion() + "m" : "-", orDash(g.memZone()), MemoryType.names(g.memTypes())});
            }
        }
        if (only != null && rows.size() == 1) {
            return "no grant for container '" + only + "' as of cycle " + cycle;
        }
        return "as of cycle " + cycle + ", " + (rows.size() - 1)
                + (rows.size() == 2 ? " grant\n" : " grants\n") + PluginCommands.table(rows);
    }

    private String scheduling(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("'scheduling' takes no arguments");
        }
        if (allocator == null) {
            return "no cycle yet";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"container", "class", "from", "parameters"});
        schedulingClasses.forEach((id, c) -> c.schedulingClass().ifPresent(sc ->
                rows.add(new String[] {id, sc.name(), c.source(), sc.parameters()})));
        return "as of cycle " + cycle + ", " + (rows.size() - 1) + " with a scheduling class\n"
                + (rows.size() > 1 ? PluginCommands.table(rows) : "");
    }

    private static String orDash(CpuSet s) {
        return s.isEmpty() ? "-" : s.toString();
    }

    private static String orDash(NodeSet s) {
        return s.isEmpty() ? "-" : s.toString();
    }

}
