package io.numaagent.api.snapshot;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A kind of task measurement: one group of {@link TaskMeasurements}' values, each read from its own
 * control files. A plugin states the kinds it reads ({@link io.numaagent.api.plugin.Plugin#measurements()});
 * the runner reads per task only the kinds some running plugin (or the runner itself) needs, because
 * opening a file per task per cycle is most of a node agent's cost. A kind nobody needs is absent
 * from the snapshot: as when its file is missing, but without a warning ({@link TaskMeasurements#only}).
 */
public enum Measurement {

    /** {@link TaskMeasurements#memoryBytesPerNode()}: {@code memory.numa_stat}. */
    MEMORY_PER_NODE,

    /** {@link TaskMeasurements#memoryUsageBytes()}: {@code memory.current} (v1 {@code memory.usage_in_bytes}). */
    MEMORY_USAGE,

    /** {@link TaskMeasurements#memoryLimitBytes()}: {@code memory.max} (v1 {@code memory.limit_in_bytes}). */
    MEMORY_LIMIT,

    /** {@link TaskMeasurements#memoryMaxUsageBytes()}: {@code memory.peak} (v1 {@code memory.max_usage_in_bytes}). */
    MEMORY_PEAK,

    /** {@link TaskMeasurements#cpuUsageNanos()}: {@code cpu.stat} (v1 {@code cpuacct.usage}). */
    CPU_USAGE,

    /**
     * The cpusets: {@link TaskMeasurements#cpus()}, {@link TaskMeasurements#mems()}, their effective
     * sets and {@link TaskMeasurements#memoryMigrate()}. The runner always reads these (the executor
     * checks and widens cpusets against them); a plugin that uses them still declares them.
     */
    CPUSETS,

    /**
     * {@link TaskMeasurements#cpuWeight()}: {@code cpu.weight} (v1 {@code cpu.shares}); -1 where the
     * cpu controller is not enabled for the cgroup. Read for tasks and their containers alike.
     */
    CPU_WEIGHT,

    /**
     * {@link Task#threadScheduling()}: how the threads of each task and container run (policy, priority,
     * nice, flags, deadline parameters, I/O class and level), one {@code sched_getattr(2)} and one
     * {@code ioprio_get(2)} per thread listed in the cgroup's {@code cgroup.threads} (v1 {@code tasks});
     * the distinct combinations with their thread counts. Not in {@link TaskMeasurements}.
     */
    THREAD_SCHEDULING,

    /**
     * Host-level, read once per snapshot (not per task): {@link KernelState#interrupts()}, the numbered
     * interrupts of {@code /proc/interrupts} with their {@code /proc/irq/N/smp_affinity_list} and
     * {@code effective_affinity_list}. Two small files per interrupt: only a plugin that steers interrupts
     * should declare it.
     */
    INTERRUPTS;

    private static final Set<Measurement> ALL = Collections.unmodifiableSet(EnumSet.allOf(Measurement.class));

    /** Every kind: what a plugin that declares nothing is given. */
    public static Set<Measurement> all() {
        return ALL;
    }
}
