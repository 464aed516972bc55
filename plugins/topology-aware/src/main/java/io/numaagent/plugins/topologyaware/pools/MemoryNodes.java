package io.numaagent.plugins.topologyaware.pools;

import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kind of each NUMA node as the reference's sysfs layer classifies it: nodes with CPUs are DRAM;
 * a CPU-less node with memory is HBM when its size is below the average size of the nodes with
 * CPUs, PMEM otherwise. Nodes without memory have no kind. Also answers the distance questions the
 * tree and the memory zones ask.
 */
public final class MemoryNodes {

    private final Platform platform;
    private final Map<Integer, MemoryType> types = new HashMap<>();
    private final Map<Integer, Long> capacity = new HashMap<>();
    // the same few sets are asked about again and again while ranking pools: remember the answers
    private final Map<NodeSet, Long> capacityOf = new HashMap<>();
    private final Map<NodeSet, Integer> typesOfSet = new HashMap<>();
    private final Map<NodeSet, NodeSet[]> byType = new HashMap<>();
    private final NodeSet withMemory;

    public MemoryNodes(Platform platform) {
        this.platform = platform;
        long dram = 0;
        int cpuNodes = 0;
        for (NumaNode n : platform.nodes()) {
            if (n.hasCpus()) {
                dram += n.memTotalBytes();
                cpuNodes++;
            }
        }
        double average = cpuNodes == 0 ? 0 : (double) dram / cpuNodes;
        for (NumaNode n : platform.nodes()) {
            if (!n.hasMemory()) {
                continue;
            }
            capacity.put(n.id(), n.memTotalBytes());
            types.put(n.id(), n.hasCpus() ? MemoryType.DRAM
                    : n.memTotalBytes() < average ? MemoryType.HBM : MemoryType.PMEM);
        }
        withMemory = NodeSet.of(types.keySet());
    }

    /** The node's kind, null for a node without memory. */
    public MemoryType type(int node) {
        return types.get(node);
    }

    /** Every node with memory. */
    public NodeSet withMemory() {
        return withMemory;
    }

    /** {@code MemTotal} of the nodes in the set. */
    public long capacity(NodeSet nodes) {
        return capacityOf.computeIfAbsent(nodes, set -> {
            long sum = 0;
            for (int n : set.toArray()) {
                sum += capacity.getOrDefault(n, 0L);
            }
            return sum;
        });
    }

    /** The mask of kinds of the nodes in the set. */
    public int typesOf(NodeSet nodes) {
        return typesOfSet.computeIfAbsent(nodes, set -> {
            int mask = 0;
            for (int n : set.toArray()) {
                MemoryType t = types.get(n);
                if (t != null) {
                    mask |= t.bit();
                }
            }
            return mask;
        });
    }

    /** The nodes of the set of the given kinds. */
    public NodeSet ofTypes(NodeSet nodes, int typeMask) {
        NodeSet[] cached = byType.computeIfAbsent(nodes, set -> new NodeSet[MemoryType.ALL + 1]);
        int mask = typeMask & MemoryType.ALL;
        if (cached[mask] == null) {
            List<Integer> out = new ArrayList<>();
            for (int n : nodes.toArray()) {
                MemoryType t = types.get(n);
                if (t != null && (mask & t.bit()) != 0) {
                    out.add(n);
                }
            }
            cached[mask] = NodeSet.of(out);
        }
        return cached[mask];
    }

    /** Splits a set into its DRAM, PMEM and HBM nodes (index = {@link MemoryType#ordinal()}). */
    NodeSet[] split(NodeSet nodes) {
        NodeSet[] out = new NodeSet[MemoryType.values().length];
        for (MemoryType t : MemoryType.values()) {
            out[t.ordinal()] = ofTypes(nodes, t.bit());
        }
        return out;
    }

    /** Distance between two nodes, {@code Integer.MAX_VALUE} when unknown. */
    public int distance(int from, int to) {
        int d = platform.distance(from, to);
        return d < 0 ? Integer.MAX_VALUE : d;
    }

    /**
     * The DRAM nodes with CPUs at the smallest distance from {@code node} (the reference's
     * {@code ClosestNodes(...)[0]}).
     */
    NodeSet closestDramWithCpus(int node) {
        int best = Integer.MAX_VALUE;
        List<Integer> closest = new ArrayList<>();
        for (NumaNode n : platform.nodes()) {
            if (n.id() == node || !n.hasCpus() || types.get(n.id()) != MemoryType.DRAM) {
                continue;
            }
            int d = distance(node, n.id());
            if (d < best) {
                best = d;
                closest.clear();
            }
            if (d == best) {
                closest.add(n.id());
            }
        }
        return NodeSet.of(closest);
    }

    /** CPU-less nodes with memory of the given kind. */
    List<Integer> memoryOnly(MemoryType type) {
        List<Integer> out = new ArrayList<>();
        for (NumaNode n : platform.nodes()) {
            if (!n.hasCpus() && types.get(n.id()) == type) {
                out.add(n.id());
            }
        }
        return out;
    }
}
