package io.numaagent.runner.loop;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Snapshot;
import java.util.List;
import java.util.Optional;

/** Where the loop's snapshots come from: the live host, or a recording being replayed. */
@FunctionalInterface
public interface SnapshotSource {

    /**
     * The next snapshot.
     *
     * @param sequence the cycle number to give it
     * @param previous outcomes of the previous cycle's decisions, to be fed back to plugins
     * @return the snapshot, or empty when the source is exhausted (end of a recording)
     */
    Optional<Snapshot> next(long sequence, List<Outcome> previous);
}
