package io.numaagent.runner.loop;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Snapshot;
import java.time.Duration;
import java.util.List;

/** What the loop reports to telemetry. */
public interface LoopObserver {

    /** Observes nothing. */
    LoopObserver NONE = new LoopObserver() {
    };

    default void snapshotTaken(Snapshot snapshot) {
    }

    default void pluginRan(String plugin, Duration took, boolean failed) {
    }

    default void outcomes(List<Outcome> outcomes) {
    }

    /**
     * A cycle ended: the snapshot, every due plugin's {@code decide()} and executing their decisions
     * took {@code took}, of which the loop's thread ran for {@code cpu} ({@code null} when the JVM
     * cannot measure it); on a busy machine {@code took} also holds the time spent waiting for a CPU.
     */
    default void cycleEnded(Duration took, Duration cpu) {
    }

    /** A plugin's call ran past its deadline (its interval) and was cut off. */
    default void pluginTimedOut(String plugin) {
    }

    /** A plugin was not called because its previous call has not returned. */
    default void pluginSkipped(String plugin) {
    }

    /** A plugin returned more decisions than its cap; {@code dropped} of them were not used. */
    default void decisionsDropped(String plugin, int dropped) {
    }
}
