package io.numaagent.plugins.numaallocator;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import java.time.Duration;
import java.util.List;

/**
 * Factory of the {@code numa-allocator} plugin: pins whole tasks to one NUMA node and moves their
 * memory there, with the two algorithms of Intel WCA's {@code NUMAAllocator}
 * ({@code fill_biggest_first}, {@code minimize_migration}). See the module README for every key.
 */
public final class NumaAllocatorPluginFactory implements PluginFactory {

    /** The name used in YAML. */
    public static final String NAME = "numa-allocator";

    public static final String FILL_BIGGEST_FIRST = "fill_biggest_first";
    public static final String MINIMIZE_MIGRATION = "minimize_migration";

    public static final ConfigKey<String> ALGORITHM = ConfigKey.choice("algorithm", FILL_BIGGEST_FIRST,
                    List.of(FILL_BIGGEST_FIRST, MINIMIZE_MIGRATION),
                    "How the node for the next task is chosen. fill_biggest_first: the node where the task's memory is the "
                            + "largest share of (memory already pinned there + the task's memory). minimize_migration: a node "
                            + "that holds most of the task's pages and is also among the least-filled or most-free nodes. "
                            + "'minimize_migrations' (as WCA's docs spell it) is accepted too.")
            .withAlias("minimize_migrations", MINIMIZE_MIGRATION);

    public static final ConfigKey<Double> LOOP_MIN_TASK_BALANCE = ConfigKey.decimal("loop_min_task_balance", 0.0, 0.0, 1.0,
            "minimize_migration only: a task is not pinned while its largest per-node share of memory is below this.");

    public static final ConfigKey<Boolean> FREE_SPACE_CHECK = ConfigKey.bool("free_space_check", false,
            "Do not pin a task to a node whose free memory is not strictly larger than the task's memory that is not "
                    + "on that node yet; the next (smaller) task is tried instead.");

    public static final ConfigKey<Boolean> MIGRATE_PAGES = ConfigKey.bool("migrate_pages", true,
            "Move a task's memory to its node when pinning it, and re-migrate pinned tasks whose memory drifted "
                    + "(see migrate_pages_min_task_balance).");

    public static final ConfigKey<Double> MIGRATE_PAGES_MIN_TASK_BALANCE = ConfigKey.decimal(
                    "migrate_pages_min_task_balance", 0.95, 0.0, 1.0,
                    "A pinned task whose share of memory on its node is below this is re-migrated, when its node is the "
                            + "node with the most free memory. null disables re-migration.")
            .nullable();

    public static final ConfigKey<Boolean> CGROUPS_MEMORY_BINDING = ConfigKey.bool("cgroups_memory_binding", false,
            "Also set the task's cpuset.mems to the node it is pinned to.");

    public static final ConfigKey<Boolean> CGROUPS_MEMORY_MIGRATE = ConfigKey.bool("cgroups_memory_migrate", false,
            "With cgroups_memory_binding: set cpuset.memory_migrate to 1 before cpuset.mems, so that the kernel moves "
                    + "the pages (cgroup v1). Requires cgroups_memory_binding: true.");

    public static final ConfigKey<Boolean> DRYRUN = ConfigKey.bool("dryrun", false,
            "Decide as usual, log and count the decisions, but return none: nothing reaches the executor.");

    public static final ConfigKey<Integer> MAX_PINS_PER_CYCLE = ConfigKey.integer("max_pins_per_cycle", 1, 1, 10_000,
            "How many tasks may be pinned in one cycle (WCA: always 1). Above 1, each pin is added to the node's "
                    + "balanced memory before the next task is placed.");

    public static final ConfigKey<String> MIGRATION = ConfigKey.choice("migration", "move_pages",
            List.of("move_pages", "migrate_pages"),
            "How the executor moves memory for this plugin's migrate-memory decisions: move_pages (batched, paced by "
                    + "the executor's bandwidth budget) or migrate_pages (one call per process, stalls it for the move).");

    public static final ConfigKey<Boolean> MIGRATE_WITH_SWAP = ConfigKey.bool("migrate_with_swap", false,
            "Allow memory migration while swap is enabled. When false and swap is on, migrate-memory decisions are "
                    + "dropped (the pins still happen) and counted in numa_allocator_migrations_refused_total.");

    public static final ConfigKey<String> NUMA_BALANCING = ConfigKey.choice("numa_balancing", "keep",
            List.of("keep", "disable", "enable"),
            "kernel.numa_balancing: keep leaves it alone; disable sets 0 when it is on; enable sets 1 when it is 0.");

    public static final ConfigKey<Boolean> REBALANCE = ConfigKey.bool("rebalance", false,
            "Un-pin a pinned task whose node can no longer hold it: the task's memory that is not on the node yet is "
                    + "at least the node's free memory. Its cpus (and mems, with binding) are widened to all nodes.");

    public static final ConfigKey<Duration> REBALANCE_HOLD_OFF = ConfigKey.duration("rebalance_hold_off",
            Duration.ofMinutes(5), Duration.ZERO, Duration.ofDays(1),
            "After rebalance un-pins a task, it is not pinned again for this long (snapshot time), so that it does not "
                    + "flip between pinned and un-pinned.");

    private static final List<ConfigKey<?>> KEYS = List.of(ALGORITHM, LOOP_MIN_TASK_BALANCE, FREE_SPACE_CHECK,
            MIGRATE_PAGES, MIGRATE_PAGES_MIN_TASK_BALANCE, CGROUPS_MEMORY_BINDING, CGROUPS_MEMORY_MIGRATE, DRYRUN,
            MAX_PINS_PER_CYCLE, MIGRATION, MIGRATE_WITH_SWAP, NUMA_BALANCING, REBALANCE, REBALANCE_HOLD_OFF);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "pins whole tasks to one NUMA node and migrates their memory (WCA NUMAAllocator algorithms)";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return KEYS;
    }

    @Override
    public Plugin create(PluginConfig config, PluginContext context) {
        AllocatorSettings settings = AllocatorSettings.from(config);
        if (settings.memoryMigrate() && !settings.memoryBinding()) {
            throw new ConfigException(CGROUPS_MEMORY_MIGRATE.name(),
                    "'cgroups_memory_migrate: true' has no effect without 'cgroups_memory_binding: true'");
        }
        return new NumaAllocatorPlugin(settings, context);
    }
}
