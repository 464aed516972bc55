package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.plugins.topologyaware.pools.MemoryNodes;
import io.numaagent.plugins.topologyaware.pools.MemoryType;
import java.util.List;

/**
 * {@code pick-resources-by-hints}: exclusive CPUs and memory nodes picked by a container's pod-resource
 * hints (the kubelet's devices), as the reference's {@code takeCPUsByHints} and
 * {@code getMemOfferByHints} do, falling back to the ordinary pick whenever the hints cannot be met.
 *
 * <p>CPUs: with at most as many hints as CPUs wanted, each hint gets {@code count / hints} CPUs from
 * those near it when that divides evenly, else one; the rest come from anywhere in the set. Unlike the
 * reference, a hint's CPUs are those of its NUMA nodes: the reference intersects the set with the hint's
 * CPU list only, which pod-resource hints never have, so it always fell back (its own {@code hintCpus},
 * which maps nodes to CPUs, is used by its tests only).
 *
 * <p>Memory: the nodes of all hints together, if the pool's memory set of the requested kinds holds
 * every one of them and they are of exactly the requested kinds, is where the offer starts.
 */
final class HintPick {

    private final CpuPicker picker;
    private final Platform platform;
    private final MemoryNodes memory;

    HintPick(CpuPicker picker, Platform platform, MemoryNodes memory) {
        this.picker = picker;
        this.platform = platform;
        this.memory = memory;
    }

    /** {@code count} CPUs of {@code from}, by the hints when they can be met, else as {@link CpuPicker#take}. */
    CpuSet cpus(CpuSet from, int count, CpuPriority prefer, List<TopologyHint> hints) {
        if (hints.isEmpty() || hints.size() > count) {
            return picker.take(from, count, prefer);
        }
        int perHint = hints.size() < count && count % hints.size() == 0 ? count / hints.size() : 1;
        CpuSet free = from;
        CpuSet cpus = CpuSet.EMPTY;
        for (TopologyHint h : hints) {
            CpuSet pick = picker.take(free.intersection(cpusOf(h)), perHint, prefer);
            if (pick.size() != perHint) {
                return picker.take(from, count, prefer);
            }
            cpus = cpus.union(pick);
            free = free.difference(pick);
        }
        int left = count - cpus.size();
        if (left > 0) {
            CpuSet pick = picker.take(free, left, prefer);
            if (pick.size() != left) {
                return picker.take(from, count, prefer);
            }
            cpus = cpus.union(pick);
        }
        return cpus;
    }

    /**
     * Where the memory offer by hints starts: the hints' nodes, or null (the ordinary offer) when there
     * are none, one is outside {@code poolMems} (the pool's nodes of the requested kinds), or they are not
     * of exactly the requested kinds.
     */
    NodeSet memoryZone(List<TopologyHint> hints, NodeSet poolMems, int types) {
        NodeSet zone = NodeSet.EMPTY;
        for (TopologyHint h : hints) {
            NodeSet nodes = nodes(h.numas());
            if (!poolMems.containsAll(nodes)) {
                return null;
            }
            zone = zone.union(nodes);
        }
        if (zone.isEmpty() || memory.typesOf(zone) != (types & MemoryType.ALL)) {
            return null;
        }
        return zone;
    }

    /** The hint's CPUs: those listed, else those of its NUMA nodes, else those of its sockets. */
    private CpuSet cpusOf(TopologyHint h) {
        if (!h.cpus().isEmpty()) {
            try {
                return CpuSet.parse(h.cpus());
            } catch (IllegalArgumentException e) {
                return CpuSet.EMPTY;
            }
        }
        if (!h.numas().isEmpty()) {
            NodeSet nodes = nodes(h.numas());
            CpuSet out = CpuSet.EMPTY;
            for (NumaNode n : platform.nodes()) {
                if (nodes.contains(n.id())) {
                    out = out.union(n.cpus());
                }
            }
            return out;
        }
        if (!h.sockets().isEmpty()) {
            NodeSet sockets = nodes(h.sockets());
            return CpuSet.of(platform.cpus().stream().filter(c -> sockets.contains(c.socket()))
                    .map(io.numaagent.api.snapshot.Cpu::id).toList());
        }
        return CpuSet.EMPTY;
    }

    private static NodeSet nodes(String list) {
        try {
            return list.isEmpty() ? NodeSet.EMPTY : NodeSet.parse(list);
        } catch (IllegalArgumentException e) {
            return NodeSet.EMPTY;
        }
    }
}
