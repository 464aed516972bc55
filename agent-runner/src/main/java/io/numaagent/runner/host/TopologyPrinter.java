package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a {@link Platform} for operators: first exactly as {@code numactl -H} prints it (node
 * CPUs, size and free memory in MiB, the distance table with its trailing blanks), then a tree of
 * socket, die, node and cores with their CPUs, the memory-only nodes, isolated CPUs and memory tiers.
 */
public final class TopologyPrinter {

    private TopologyPrinter() {
    }

    /** The whole report, lines ending in {@code \n}. */
    public static String render(Platform p) {
        return numactlHardware(p) + "\n" + tree(p);
    }

    /** The {@code numactl -H} part. */
    public static String numactlHardware(Platform p) {
        StringBuilder sb = new StringBuilder();
        List<NumaNode> nodes = p.nodes();
        sb.append("available: ").append(nodes.size()).append(" nodes (").append(p.nodeIds()).append(")\n");
        for (NumaNode n : nodes) {
            sb.append("node ").append(n.id()).append(" cpus:");
            n.cpus().stream().forEach(c -> sb.append(' ').append(c));
            sb.append('\n');
            sb.append("node ").append(n.id()).append(" size: ").append(n.memTotalBytes() >> 20).append(" MB\n");
            sb.append("node ").append(n.id()).append(" free: ").append(n.memFreeBytes() >> 20).append(" MB\n");
        }
        boolean haveDistances = !nodes.isEmpty() && nodes.stream().allMatch(n -> n.distances().size() == nodes.size());
        if (!haveDistances) {
            sb.append("No distance information available.\n");
            return sb.toString();
        }
        sb.append("node distances:\n");
        sb.append("node ");
        for (NumaNode n : nodes) {
            sb.append(String.format("%3d ", n.id()));
        }
        sb.append('\n');
        for (NumaNode n : nodes) {
            sb.append(String.format("%3d: ", n.id()));
            for (int d : n.distances()) {
                sb.append(String.format("%3d ", d));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The tree part. */
    public static String tree(Platform p) {
        StringBuilder sb = new StringBuilder();
        sb.append("sockets: ").append(p.sockets()).append(", dies: ").append(p.dies()).append(", cores: ")
                .append(p.cores()).append(", cpus: ").append(p.cpus().size()).append(" (online ")
                .append(p.onlineCpus()).append(")\n");
        // socket -> die -> node -> core -> cpus
        Map<Integer, Map<Integer, Map<Integer, Map<Integer, List<Integer>>>>> tree = new TreeMap<>();
        for (Cpu c : p.cpus()) {
            if (c.socket() < 0) {
                continue;
            }
            tree.computeIfAbsent(c.socket(), k -> new TreeMap<>()).computeIfAbsent(c.die(), k -> new TreeMap<>())
                    .computeIfAbsent(c.node(), k -> new TreeMap<>()).computeIfAbsent(c.core(), k -> new ArrayList<>())
                    .add(c.id());
        }
        tree.forEach((socket, dies) -> {
            sb.append("socket ").append(socket).append('\n');
            dies.forEach((die, nodes) -> {
                sb.append("  die ").append(die).append('\n');
                nodes.forEach((node, cores) -> {
                    sb.append("    node ").append(node);
                    p.node(node).ifPresent(n -> sb.append(": ").append(nodeSummary(n)));
                    sb.append('\n');
                    cores.forEach((core, cpus) -> {
                        CpuSet set = CpuSet.of(cpus);
                        sb.append("      core ").append(core).append(": cpus ").append(set);
                        CpuSet iso = set.intersection(p.isolatedCpus());
                        if (!iso.isEmpty()) {
                            sb.append(" (isolated ").append(iso).append(')');
                        }
                        sb.append('\n');
                    });
                });
            });
        });
        List<NumaNode> memoryOnly = p.nodes().stream().filter(n -> !n.hasCpus()).toList();
        if (!memoryOnly.isEmpty()) {
            sb.append("memory-only nodes (no CPUs)\n");
            for (NumaNode n : memoryOnly) {
                sb.append("  node ").append(n.id()).append(": ").append(nodeSummary(n)).append('\n');
            }
        }
        sb.append("isolated cpus: ").append(p.isolatedCpus().isEmpty() ? "none" : p.isolatedCpus().toString()).append('\n');
        Map<Integer, TreeSet<Integer>> tiers = new TreeMap<>();
        p.nodes().stream().filter(n -> n.memoryTier() >= 0)
                .forEach(n -> tiers.computeIfAbsent(n.memoryTier(), k -> new TreeSet<>()).add(n.id()));
        if (tiers.isEmpty()) {
            sb.append("memory tiers: not reported by the kernel\n");
        } else {
            sb.append("memory tiers:\n");
            tiers.forEach((tier, ids) -> sb.append("  tier ").append(tier).append(": nodes ").append(NodeSet.of(ids))
                    .append('\n'));
        }
        return sb.toString();
    }

    private static String nodeSummary(NumaNode n) {
        StringBuilder sb = new StringBuilder();
        sb.append(n.memTotalBytes() >> 20).append(" MB");
        if (!n.hasCpus()) {
            sb.append(", memory only");
        }
        if (n.memoryTier() >= 0) {
            sb.append(", tier ").append(n.memoryTier());
        }
        return sb.toString();
    }
}
