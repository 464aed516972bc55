package io.numaagent.runner.loop;

import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.tracking.TrackingRequest;
import java.util.Optional;

/**
 * Where the loop hands each tracking plugin's request after it decided ({@code TrackerService} on a live
 * machine; nothing in replay, whose snapshots carry recorded counters).
 */
public interface TrackingHook {

    /** No tracking. */
    TrackingHook NONE = new TrackingHook() {
        @Override
        public boolean tracks(String plugin) {
            return false;
        }

        @Override
        public void requested(String plugin, Snapshot snapshot, Optional<TrackingRequest> request) {
        }
    };

    /** Whether {@code plugin} has a tracker (only then is its {@code tracking()} asked). */
    boolean tracks(String plugin);

    /** {@code plugin} decided on {@code snapshot} and wants {@code request} tracked from now on. */
    void requested(String plugin, Snapshot snapshot, Optional<TrackingRequest> request);
}
