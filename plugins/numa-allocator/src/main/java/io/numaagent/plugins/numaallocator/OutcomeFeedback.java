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
        for (Outcome o : snapshot.outcomesOf(plugin)) {
            Decision d = o.decision();
            if (d.task() == null) {
                continue;
            }
            List<Integer> pids = snapshot.task(d.task()).map(Task::pids).orElse(List.of());
            if (d instanceof MigrateMemory) {
                migrationRetries.record(d.task(), o, cycle, pids);
            } else if (d instanceof SetCpus && !holdOff.contains(d.task())) {
                pinRetries.record(d.task(), o, cycle, pids);
            }
        }
    }
}
