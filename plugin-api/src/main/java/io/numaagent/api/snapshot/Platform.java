package io.numaagent.api.snapshot;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.util.List;
import java.util.Optional;

/**
 * The machine: CPUs, sockets, dies, cores and NUMA nodes.
 *
 * @param sockets     number of sockets (distinct physical package ids)
 * @param dies        number of dies in the machine (distinct socket/die pairs)
 * @param cores       number of physical cores (distinct socket/die/core triples)
 * @param cpus        every possible CPU, ascending by id
 * @param onlineCpus  {@code devices/system/cpu/online}
 * @param isolatedCpus {@code devices/system/cpu/isolated} (kernel {@code isolcpus=})
 * @param nodes       NUMA nodes with memory or CPUs, ascending by id
 */
public record Platform(int sockets, int dies, int cores, List<Cpu> cpus, CpuSet onlineCpus, CpuSet isolatedCpus,
                       List<NumaNode> nodes) {

    public Platform {
        cpus = List.copyOf(cpus);
        nodes = List.copyOf(nodes);
    }

    /** The node with this id, if present. */
    public Optional<NumaNode> node(int id) {
        for (NumaNode n : nodes) {
            if (n.id() == id) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** Ids of all nodes. */
    public NodeSet nodeIds() {
        return NodeSet.of(nodes.stream().map(NumaNode::id).toList());
    }

    /** Distance from node {@code from} to node {@code to}, or -1 when unknown. */
    public int distance(int from, int to) {
        Optional<NumaNode> f = node(from);
        if (f.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).id() == to) {
                List<Integer> d = f.get().distances();
                return i < d.size() ? d.get(i) : -1;
            }
        }
        return -1;
    }

    /** The CPU with this id, if present. */
    public Optional<Cpu> cpu(int id) {
        for (Cpu c : cpus) {
            if (c.id() == id) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
