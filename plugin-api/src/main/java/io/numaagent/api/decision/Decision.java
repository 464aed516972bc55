package io.numaagent.api.decision;

/**
 * A change a plugin wants made to the machine. The set is closed: the executor knows how to
 * validate, arbitrate, apply and audit each of these, and nothing else.
 *
 * <p>Every decision names the plugin that made it (the factory name) and a human-readable reason
 * that ends up in the log, the dry-run output and the outcome.
 */
public sealed interface Decision
        permits SetCpus, SetMems, SetCpuShares, SetSchedulingClass, SetMemoryMigrate, MigrateMemory, MovePages, SwapOut,
        SetNumaBalancing, SetIrqAffinity, SetCpuClass, SetUncoreFrequency {

    /** Name of the deciding plugin. */
    String plugin();

    /** Id of the task the decision is about, or {@code null} for machine-wide decisions. */
    String task();

    /** Why the plugin decided this, for operators. */
    String reason();

    /** The action name used in dry-run output and metrics, e.g. {@code set-cpus}. */
    String action();

    /** The resource this decision changes, used for ownership between plugins. */
    Resource resource();

    /** Resources that plugins can own; the executor's ownership map is keyed by these. */
    enum Resource {
        /** {@code cpuset.cpus} of tasks. */
        CPUS,
        /** Memory placement: {@code cpuset.mems}, {@code memory_migrate}, page migration and swap-out. */
        MEMORY,
        /** {@code kernel.numa_balancing}. */
        NUMA_BALANCING,
        /** Tasks' CPU weight: {@code cpu.weight} (cgroup v2) or {@code cpu.shares} (v1). */
        CPU_SHARES,
        /** Threads' scheduling policy, priority, nice and I/O priority ({@code sched_setattr}, {@code ioprio_set}). */
        SCHEDULING,
        /** Hardware interrupts' CPU affinity: {@code /proc/irq/N/smp_affinity_list} (arbitrated per interrupt). */
        IRQ_AFFINITY,
        /** CPUs' cpufreq and cpuidle settings and the uncore frequency limits ({@code cpu-class}). */
        CPU_CLASS;

        /** The name used in YAML ({@code cpus}, {@code memory}, {@code numa-balancing}). */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }
}
