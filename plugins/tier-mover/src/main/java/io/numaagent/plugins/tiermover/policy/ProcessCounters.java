package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.tracking.RangeCounter;
import java.util.List;

/**
 * What the tracker counted for one process since the policy's previous round (the snapshots between
 * two rounds added up), ranges in address order, each with the node last reported for it.
 *
 * @param task  the task the process belongs to
 * @param pid   the process
 * @param scans tracker scans that completed since the previous round (0: nothing counted yet)
 * @param windowEndMs when the last of those scans ended, epoch milliseconds
 */
public record ProcessCounters(String task, int pid, int scans, long windowEndMs, List<RangeCounter> ranges) {
    public ProcessCounters {
        ranges = List.copyOf(ranges);
    }
}
