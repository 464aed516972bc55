package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Platform;
import java.util.BitSet;

/**
 * Which CPUs of a set to take, in the reference CPU allocator's order (its default flags: idle
 * packages, idle clusters, cache groups, idle cores): whole idle packages first, then on a hybrid
 * machine whole idle clusters of the requested core kind, then cache groups, then whole idle cores,
 * then single threads (see {@link CpuTake}, {@link CacheGroupTake}). The machine's packages, cores,
 * clusters and cache groups are worked out once ({@link CpuTopology}), and so are the CPU priorities
 * ({@link CpuPriorities}).
 */
public final class CpuPicker {

    private final CpuTopology topology;
    private final CpuPriorities priorities;

    public CpuPicker(Platform platform) {
        topology = new CpuTopology(platform);
        priorities = new CpuPriorities(platform, topology);
    }

    /** The CPUs of the given priority (HIGH, NORMAL or LOW); none for NONE. */
    public CpuSet priorityCpus(CpuPriority p) {
        return priorities.cpus(p);
    }

    /**
     * The CPUs a pool's priority capacity counts, as the reference's score does: for LOW the E-cores
     * when the machine has any, for HIGH the P-cores when it is hybrid, else {@link #priorityCpus}.
     */
    public CpuSet scoredPriorityCpus(CpuPriority p) {
        if (p == CpuPriority.LOW && !topology.efficientCores.isEmpty()) {
            return topology.efficientCores;
        }
        if (p == CpuPriority.HIGH && topology.hybrid) {
            return topology.performanceCores;
        }
        return priorityCpus(p);
    }

    /** The SMT siblings of a CPU (itself included). */
    public CpuSet core(int cpu) {
        return topology.core(cpu);
    }

    /** Keeps one thread per core: the lowest-numbered of each core's CPUs in the set. */
    public CpuSet singleThreadPerCore(CpuSet cpus) {
        BitSet out = new BitSet();
        for (int c : cpus.toArray()) {
            if (core(c).intersection(cpus).first() == c) {
                out.set(c);
            }
        }
        return CpuSet.fromBits(out);
    }

    /**
     * Takes {@code count} CPUs of {@code from}, preferring CPUs of priority {@code prefer}: all of it
     * when it has exactly that many, nothing when it has fewer or {@code count} is not positive.
     */
    public CpuSet take(CpuSet from, int count, CpuPriority prefer) {
        if (count <= 0 || from.size() < count) {
            return CpuSet.EMPTY;
        }
        if (from.size() == count) {
            return from;
        }
        return new CpuTake(topology, priorities, from, count, prefer).all();
    }
}
