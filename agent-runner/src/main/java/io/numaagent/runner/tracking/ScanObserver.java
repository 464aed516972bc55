package io.numaagent.runner.tracking;

/**
 * Told what the trackers do, for the runner's metrics: each tracker (kind) a plugin uses, each scan,
 * each failure, and how many processes a plugin's tracking follows. Called on the scan threads.
 */
public interface ScanObserver {

    /** Observes nothing. */
    ScanObserver NONE = new ScanObserver() {
    };

    /** {@code plugin} tracks pages with a tracker of {@code kind} (a part of {@code multi} counts on its own). */
    default void trackerStarted(String plugin, String kind) {
    }

    /** One scan by {@code plugin}'s tracker of {@code kind} read {@code pages} pages in {@code nanos}. */
    default void scanned(String plugin, String kind, long nanos, long pages) {
    }

    /** {@code plugin}'s tracker of {@code kind} could not be made, could not take its pids, or its scan failed. */
    default void failed(String plugin, String kind) {
    }

    /** {@code plugin}'s tracking follows {@code count} processes from now on. */
    default void processes(String plugin, int count) {
    }
}
