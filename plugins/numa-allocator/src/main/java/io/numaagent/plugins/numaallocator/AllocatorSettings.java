package io.numaagent.plugins.numaallocator;

import io.numaagent.api.decision.MigrateMemory.MigrationMode;
import io.numaagent.api.plugin.PluginConfig;
import java.time.Duration;

/**
 * The validated settings of one allocator instance.
 *
 * @param minimizeMigration           algorithm {@code minimize_migration} (else {@code fill_biggest_first})
 * @param loopMinTaskBalance          {@code loop_min_task_balance}
 * @param freeSpaceCheck              {@code free_space_check}
 * @param migratePages                {@code migrate_pages}
 * @param migratePagesMinTaskBalance  {@code migrate_pages_min_task_balance}, {@code null} = re-migration off
 * @param memoryBinding               {@code cgroups_memory_binding}
 * @param memoryMigrate               {@code cgroups_memory_migrate}
 * @param dryrun                      {@code dryrun}
 * @param maxPinsPerCycle             {@code max_pins_per_cycle}
 * @param migrationMode               {@code migration}
 * @param migrateWithSwap             {@code migrate_with_swap}
 * @param numaBalancing               {@code numa_balancing}: keep, disable or enable
 * @param rebalance                   {@code rebalance}
 * @param rebalanceHoldOff            {@code rebalance_hold_off}
 */
record AllocatorSettings(boolean minimizeMigration, double loopMinTaskBalance, boolean freeSpaceCheck,
                         boolean migratePages, Double migratePagesMinTaskBalance, boolean memoryBinding,
                         boolean memoryMigrate, boolean dryrun, int maxPinsPerCycle, MigrationMode migrationMode,
                         boolean migrateWithSwap, String numaBalancing, boolean rebalance, Duration rebalanceHoldOff) {

    static AllocatorSettings from(PluginConfig c) {
        return new AllocatorSettings(
                NumaAllocatorPluginFactory.MINIMIZE_MIGRATION.equals(c.get(NumaAllocatorPluginFactory.ALGORITHM)),
                c.get(NumaAllocatorPluginFactory.LOOP_MIN_TASK_BALANCE),
                c.get(NumaAllocatorPluginFactory.FREE_SPACE_CHECK),
                c.get(NumaAllocatorPluginFactory.MIGRATE_PAGES),
                c.get(NumaAllocatorPluginFactory.MIGRATE_PAGES_MIN_TASK_BALANCE),
                c.get(NumaAllocatorPluginFactory.CGROUPS_MEMORY_BINDING),
                c.get(NumaAllocatorPluginFactory.CGROUPS_MEMORY_MIGRATE),
                c.get(NumaAllocatorPluginFactory.DRYRUN),
                c.get(NumaAllocatorPluginFactory.MAX_PINS_PER_CYCLE),
                "migrate_pages".equals(c.get(NumaAllocatorPluginFactory.MIGRATION))
                        ? MigrationMode.MIGRATE_PAGES : MigrationMode.MOVE_PAGES,
                c.get(NumaAllocatorPluginFactory.MIGRATE_WITH_SWAP),
                c.get(NumaAllocatorPluginFactory.NUMA_BALANCING),
                c.get(NumaAllocatorPluginFactory.REBALANCE),
                c.get(NumaAllocatorPluginFactory.REBALANCE_HOLD_OFF));
    }
}
