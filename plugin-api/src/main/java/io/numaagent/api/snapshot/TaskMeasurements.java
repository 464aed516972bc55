package io.numaagent.api.snapshot;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the runner measured for a task in this cycle. A value of -1 means "not available"
 * (file missing or unreadable; the snapshot's warnings say which), or not read: the runner reads
 * only the {@link Measurement} kinds that some running plugin declared
 * ({@link io.numaagent.api.plugin.Plugin#measurements()}); the others are absent as {@link #only}
 * leaves them, without a warning.
 *
 * <p>Memory and CPU figures are read in every snapshot. The task's configuration (its cpusets, the
 * effective sets, the memory limit, {@code memory_migrate}) changes only when someone writes it, so
 * the runner keeps it between snapshots: it is read again at least every 10 seconds (or 10
 * snapshots), and in the snapshot after the agent itself changed it; a change made by someone else
 * can thus show up to about 10 seconds late.
 *
 * @param memoryBytesPerNode   bytes of the task's memory on each node, from {@code memory.numa_stat}
 *                             ({@code total=}/{@code anon=}+{@code file=} lines); empty when unknown
 * @param memoryUsageBytes     {@code memory.current} (v2) or {@code memory.usage_in_bytes} (v1)
 * @param memoryLimitBytes     {@code memory.max} (v2) or {@code memory.limit_in_bytes} (v1); -1 when unlimited
 * @param memoryMaxUsageBytes  {@code memory.peak} (v2) or {@code memory.max_usage_in_bytes} (v1)
 * @param cpuUsageNanos        cumulative CPU time ({@code cpu.stat usage_usec} or {@code cpuacct.usage})
 * @param cpus                 {@code cpuset.cpus} as written (may be empty on v2 = inherit)
 * @param mems                 {@code cpuset.mems} as written (may be empty on v2 = inherit)
 * @param effectiveCpus        {@code cpuset.cpus.effective} (v1: same as cpus)
 * @param effectiveMems        {@code cpuset.mems.effective} (v1: same as mems)
 * @param memoryMigrate        {@code cpuset.memory_migrate} (v1 only); false on v2
 * @param cpuWeight            the CPU weight as the cgroup's file holds it: {@code cpu.weight} on v2 (1..10000),
 *                             {@code cpu.shares} on v1 (2..262144); -1 when unknown (no cpu controller, or
 *                             not a cgroup). Compare with {@code SetCpuShares.fileValue}.
 */
public record TaskMeasurements(Map<Integer, Long> memoryBytesPerNode, long memoryUsageBytes, long memoryLimitBytes,
                               long memoryMaxUsageBytes, long cpuUsageNanos, CpuSet cpus, NodeSet mems,
                               CpuSet effectiveCpus, NodeSet effectiveMems, boolean memoryMigrate, long cpuWeight) {

    /** Nothing measured. */
    public static final TaskMeasurements NONE = new TaskMeasurements(Map.of(), -1, -1, -1, -1,
            CpuSet.EMPTY, NodeSet.EMPTY, CpuSet.EMPTY, NodeSet.EMPTY, false, -1);

    public TaskMeasurements {
        memoryBytesPerNode = java.util.Collections.unmodifiableMap(new TreeMap<>(memoryBytesPerNode));
    }

    /** Measurements without a CPU weight (unknown, -1). */
    public TaskMeasurements(Map<Integer, Long> memoryBytesPerNode, long memoryUsageBytes, long memoryLimitBytes,
                            long memoryMaxUsageBytes, long cpuUsageNanos, CpuSet cpus, NodeSet mems,
                            CpuSet effectiveCpus, NodeSet effectiveMems, boolean memoryMigrate) {
        this(memoryBytesPerNode, memoryUsageBytes, memoryLimitBytes, memoryMaxUsageBytes, cpuUsageNanos, cpus, mems,
                effectiveCpus, effectiveMems, memoryMigrate, -1);
    }

    /**
     * These measurements with only the {@code kinds} kept; every other kind is absent: -1, an empty
     * per-node map, empty cpusets and {@code memoryMigrate} false (what {@link #NONE} holds). What a
     * snapshot carries when no running plugin declared those kinds.
     */
    public TaskMeasurements only(Set<Measurement> kinds) {
        if (kinds.containsAll(Measurement.all())) {
            return this;
        }
        boolean cpusets = kinds.contains(Measurement.CPUSETS);
        return new TaskMeasurements(kinds.contains(Measurement.MEMORY_PER_NODE) ? memoryBytesPerNode : Map.of(),
                kinds.contains(Measurement.MEMORY_USAGE) ? memoryUsageBytes : -1,
                kinds.contains(Measurement.MEMORY_LIMIT) ? memoryLimitBytes : -1,
                kinds.contains(Measurement.MEMORY_PEAK) ? memoryMaxUsageBytes : -1,
                kinds.contains(Measurement.CPU_USAGE) ? cpuUsageNanos : -1,
                cpusets ? cpus : CpuSet.EMPTY, cpusets ? mems : NodeSet.EMPTY,
                cpusets ? effectiveCpus : CpuSet.EMPTY, cpusets ? effectiveMems : NodeSet.EMPTY,
                cpusets && memoryMigrate, kinds.contains(Measurement.CPU_WEIGHT) ? cpuWeight : -1);
    }

    /** Whether per-node memory figures are present. */
    public boolean hasMemoryPerNode() {
        return !memoryBytesPerNode.isEmpty();
    }

    /** Bytes on {@code node}, 0 when unknown. */
    public long memoryBytesOnNode(int node) {
        return memoryBytesPerNode.getOrDefault(node, 0L);
    }

    /** Sum of per-node memory. */
    public long memoryBytesTotal() {
        return memoryBytesPerNode.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The CPUs the task may run on: effective if known, else as written. */
    public CpuSet allowedCpus() {
        return effectiveCpus.isEmpty() ? cpus : effectiveCpus;
    }

    /** The nodes the task may allocate from: effective if known, else as written. */
    public NodeSet allowedMems() {
        return effectiveMems.isEmpty() ? mems : effectiveMems;
    }
}
