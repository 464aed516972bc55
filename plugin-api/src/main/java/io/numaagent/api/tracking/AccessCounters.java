package io.numaagent.api.tracking;

import java.util.List;

/**
 * The counters of one tracked process, as a snapshot delivers them: what the plugin's tracker counted
 * since the previous snapshot given to that plugin (counts are per window, not cumulative; a plugin
 * that wants totals adds them up).
 *
 * @param plugin     the plugin instance that asked for the tracking
 * @param task       the task id
 * @param pid        the process
 * @param windowStartMs start of the counting window, epoch milliseconds
 * @param windowEndMs   end of the window (the last scan folded in), epoch milliseconds
 * @param scans      scans that completed in the window (0: nothing new counted yet)
 * @param ranges     counters per address range, in address order; ranges may overlap only for damon
 */
public record AccessCounters(String plugin, String task, int pid, long windowStartMs, long windowEndMs, int scans,
                             List<RangeCounter> ranges) {
    public AccessCounters {
        if (plugin == null || plugin.isBlank() || task == null || task.isBlank()) {
            throw new IllegalArgumentException("plugin and task must not be empty");
        }
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive");
        }
        if (windowEndMs < windowStartMs) {
            throw new IllegalArgumentException("window must not end before it starts");
        }
        ranges = List.copyOf(ranges);
    }
}
