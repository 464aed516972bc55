/**
 * Page-access tracking, the measurement a memory-tiering plugin needs: the plugin names a tracker
 * ({@link io.numaagent.api.tracking.TrackerSpec}) and, each cycle, the tasks to track
 * ({@link io.numaagent.api.tracking.TrackingRequest}); the runner scans those tasks' pages and the
 * next snapshots carry what it counted ({@link io.numaagent.api.tracking.AccessCounters}). Trackers
 * run in the runner because they read {@code /proc} and {@code /sys}; plugins stay pure.
 */
package io.numaagent.api.tracking;
