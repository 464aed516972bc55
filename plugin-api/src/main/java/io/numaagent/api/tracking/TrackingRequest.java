package io.numaagent.api.tracking;

import java.util.Set;

/**
 * What a plugin wants tracked from now on: its tracker, over the processes of these tasks. A plugin
 * returns one from {@link io.numaagent.api.plugin.Plugin#tracking} each cycle; the runner starts
 * tracking tasks that were added, stops for tasks that were dropped (or that went away), and keeps
 * the counters of the others.
 *
 * @param tracker the tracker; must equal {@link io.numaagent.api.plugin.Plugin#tracker()}
 * @param tasks   ids of the tasks to track
 */
public record TrackingRequest(TrackerSpec tracker, Set<String> tasks) {
    public TrackingRequest {
        if (tracker == null) {
            throw new IllegalArgumentException("tracker must not be null");
        }
        tasks = Set.copyOf(tasks);
    }
}
