package io.numaagent.plugins.numaallocator;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import java.util.List;

/**
 * Step 3 of {@code decide()}: feeds the previous cycle's outcomes of this instance's decisions into the
 * back-off of re-migrations and of pins ({@link RetryTracker}). The {@code set-cpus} that widens an
 * un-pinned task is not a pin, so its outcome is left out.
 *
 * <p>A {@code migrate-memory} rejected after one of ours was carried out in the same cycle is not a failure:
 * the executor rejects memory moves once the cycle's migration time is used up, and the earlier move used it.
 * Backing such a task off (1, 2, 4, ... cycles) would hold a queue of unfinished moves ({@link PinMoves})
 * back for minutes; it waits for its turn instead. Told from the order of the outcomes, not from their text.
 */
final class OutcomeFeedback {

    private final String plugin;
    private final RetryTracker migrationRetries;
    private final RetryTracker pinRetries;
    private final RebalanceHoldOff holdOff;

    OutcomeFeedback(String plugin, RetryTracker migrationRetries, RetryTracker pinRetries, RebalanceHoldOff holdOff) {
        this.plugin = plugin;
        this.migrationRetries = migrationRetries;
        this.pinRetries = pinRetries;
        this.holdOff = holdOff;
    }

    void read(Snapshot snapshot) {
        long cycle = snapshot.sequence();
        boolean movedBefore = false;
        for (Outcome o : snapshot.outcomesOf(plugin)) {
            Decision d = o.decision();
            if (d.task() == null) {
                continue;
            }
            List<Integer> pids = snapshot.task(d.task()).map(Task::pids).orElse(List.of());
            if (d instanceof MigrateMemory) {
                if (o.status() == Outcome.Status.REJECTED && movedBefore) {
                    continue; // waited for the migration time an earlier move of this cycle used
                }
                movedBefore |= o.status() == Outcome.Status.APPLIED || o.status() == Outcome.Status.FAILED;
                migrationRetries.record(d.task(), o, cycle, pids);
            } else if (d instanceof SetCpus && !holdOff.contains(d.task())) {
                pinRetries.record(d.task(), o, cycle, pids);
            }
        }
    }
}
