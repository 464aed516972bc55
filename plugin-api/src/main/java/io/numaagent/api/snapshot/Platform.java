package io.numaagent.api.snapshot;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.util.List;
import java.util.Optional;

/**
 * The machine: CPUs, sockets, dies, cores and NUMA nodes, and the two kernel facts that decide how
 * its memory is counted and its cgroups driven.
 *
 * @param sockets     number of sockets (distinct physical package ids)
 * @param dies        number of dies in the machine (distinct socket/die pairs)
 * @param cores       number of physical cores (distinct socket/die/core triples)
 * @param cpus        every possible CPU, ascending by id
 * @param onlineCpus  {@code devices/system/cpu/online}
 * @param isolatedCpus {@code devices/system/cpu/isolated} (kernel {@code isolcpus=})
 * @param nodes       NUMA nodes with memory or CPUs, ascending by id
 * @param pageSizeBytes the kernel's base page size ({@code getpagesize(2)}), a power of two: 4096 on
 *                    x86-64, 4096, 16384 or 65536 on arm64. Page counts ({@code move_pages}, cgroup v1
 *                    {@code memory.numa_stat}, {@code numa_maps} without {@code kernelpagesize_kB}) are
 *                    in pages of this size.
 * @param cgroupVersion the cgroup hierarchy the agent reads and writes: {@link #CGROUP_V1} (one
 *                    hierarchy per controller; memory moves with its task only under
 *                    {@code cpuset.memory_migrate}) or {@link #CGROUP_V2} (unified); {@link #CGROUP_UNKNOWN}
 *                    in recordings made before it was recorded
 */
public record Platform(int sockets, int dies, int cores, List<Cpu> cpus, CpuSet onlineCpus, CpuSet isolatedCpus,
                       List<NumaNode> nodes, long pageSizeBytes, int cgroupVersion) {

    /** {@link #cgroupVersion} not known (a recording made before it was recorded). */
    public static final int CGROUP_UNKNOWN = 0;
    /** {@link #cgroupVersion} of cgroup v1. */
    public static final int CGROUP_V1 = 1;
    /** {@link #cgroupVersion} of cgroup v2. */
    public static final int CGROUP_V2 = 2;

    /**
     * @throws IllegalArgumentException when the page size is not a positive power of two or the cgroup
     *                                  version is not 0, 1 or 2
     */
    public Platform {
        cpus = List.copyOf(cpus);
        nodes = List.copyOf(nodes);
        if (pageSizeBytes <= 0 || Long.bitCount(pageSizeBytes) != 1) {
            throw new IllegalArgumentException("page size must be a positive power of two, got " + pageSizeBytes);
        }
        if (cgroupVersion != CGROUP_UNKNOWN && cgroupVersion != CGROUP_V1 && cgroupVersion != CGROUP_V2) {
            throw new IllegalArgumentException("cgroup version must be 1, 2 or 0 (unknown), got " + cgroupVersion);
        }
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
