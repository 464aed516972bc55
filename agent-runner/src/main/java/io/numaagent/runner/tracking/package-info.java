/**
 * Page-access tracking, run by the runner for the plugins that ask ({@code Plugin.tracker()},
 * {@code Plugin.tracking()}): memtierd's trackers over the injected procfs/sysfs roots
 * ({@link io.numaagent.runner.tracking.IdlePageTracker}, {@link io.numaagent.runner.tracking.SoftDirtyTracker},
 * {@link io.numaagent.runner.tracking.DamonTracker} through DAMON sysfs,
 * {@link io.numaagent.runner.tracking.FinderTracker}; {@code multi} as several lanes flattened by
 * {@link io.numaagent.runner.tracking.Flatten}), the host checks that refuse a tracker this machine cannot
 * run ({@link io.numaagent.runner.tracking.TrackerSupport}), and the
 * {@link io.numaagent.runner.tracking.TrackerService}: one background scan thread per tracking plugin, the
 * tasks' pids reconciled after every decide, and per-window counters attached to each snapshot.
 *
 * <p>The node of a range comes from the PFNs its pagemap entries carry ({@link io.numaagent.runner.tracking.PfnNodes}:
 * sysfs memory blocks, else the zone spans of {@code /proc/zoneinfo}), so no system call is needed and the
 * trackers run on fixture trees; without CAP_SYS_ADMIN pagemap shows PFN 0 and the node is unknown.
 */
package io.numaagent.runner.tracking;
