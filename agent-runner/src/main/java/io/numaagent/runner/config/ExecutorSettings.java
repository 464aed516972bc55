package io.numaagent.runner.config;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code executor:} block of the YAML config.
 *
 * @param apply                 {@code apply: true} writes to the machine; anything else is dry-run
 * @param migration             default way to move a task's memory: {@code move_pages} (batched) or {@code migrate_pages}
 * @param bandwidthBytesPerSec  budget for all page moves together, bytes per second; 0 = unlimited
 * @param movePagesBatchPages   pages per {@code move_pages(2)} call (each call's time bounds the overrun of a cycle's migration time)
 * @param maxMigrationPerCycle  stop moving memory in a cycle after this long; the rest waits for the next cycle
 * @param owners                which plugin owns each resource; a resource absent from the map is open to all,
 *                              and a decision by a non-owner is rejected
 */
public record ExecutorSettings(boolean apply, MigrateMemory.MigrationMode migration, long bandwidthBytesPerSec,
                               int movePagesBatchPages, Duration maxMigrationPerCycle,
                               Map<Decision.Resource, String> owners) {

    /**
     * Defaults, as {@link RunnerKeys} declares them: dry-run, batched move_pages of 512 pages, 256 MiB/s,
     * 10 s per cycle, no owners.
     */
    public static final ExecutorSettings DEFAULTS = new ExecutorSettings(RunnerKeys.APPLY.defaultValue(),
            RunnerKeys.MIGRATION_MODES.get(RunnerKeys.MIGRATION.defaultValue()), RunnerKeys.BANDWIDTH.defaultValue(),
            RunnerKeys.MOVE_PAGES_BATCH.defaultValue(), RunnerKeys.MAX_MIGRATION_PER_CYCLE.defaultValue(), Map.of());

    public ExecutorSettings {
        owners = Map.copyOf(owners);
        if (migration == MigrateMemory.MigrationMode.DEFAULT) {
            throw new IllegalArgumentException("executor migration mode must be concrete");
        }
    }

    /** The same settings with {@code apply} replaced (the CLI's {@code --dry-run} forces false). */
    public ExecutorSettings withApply(boolean value) {
        return new ExecutorSettings(value, migration, bandwidthBytesPerSec, movePagesBatchPages, maxMigrationPerCycle, owners);
    }
}
