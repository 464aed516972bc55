package io.numaagent.api.snapshot;

import io.numaagent.api.CpuSet;
import java.util.List;

/**
 * One NUMA node.
 *
 * @param id             node id
 * @param cpus           CPUs of the node ({@code node*}/{@code cpulist}); empty for CPU-less memory nodes (CXL, PMEM)
 * @param memTotalBytes  {@code MemTotal} from the node's {@code meminfo}
 * @param memFreeBytes   {@code MemFree} from the node's {@code meminfo}
 * @param memUsedBytes   {@code MemUsed} from the node's {@code meminfo}
 * @param distances      SLIT distances from this node to every node in ascending node id order,
 *                       as the node's {@code distance} file lists them
 * @param memoryTier     memory tier id from {@code devices/virtual/memory_tiering}, -1 where the kernel does not report tiers
 */
public record NumaNode(int id, CpuSet cpus, long memTotalBytes, long memFreeBytes, long memUsedBytes,
                       List<Integer> distances, int memoryTier) {

    public NumaNode {
        distances = List.copyOf(distances);
    }

    /** Whether this node has CPUs; CPU-less nodes hold memory only and are never a pinning target. */
    public boolean hasCpus() {
        return !cpus.isEmpty();
    }

    /** Whether the node has memory the kernel can allocate from. */
    public boolean hasMemory() {
        return memTotalBytes > 0;
    }
}
