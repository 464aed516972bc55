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
