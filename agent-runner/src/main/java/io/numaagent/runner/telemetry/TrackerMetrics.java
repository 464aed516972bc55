package io.numaagent.runner.telemetry;

import io.numaagent.runner.tracking.ScanObserver;
import java.util.List;

/**
 * The runner's page-tracking instruments ({@code numa_agent_tracker_*}), per plugin and tracker kind:
 * scan time, pages scanned, failures, and the processes a plugin's tracking follows. A tracker's series
 * exist (at 0) from the plugin's start, so that a dashboard sees them before the first scan or error.
 */
public final class TrackerMetrics implements ScanObserver {

    /** Scan time buckets in seconds: a small process takes a millisecond, a GiB of pages about a second. */
    static final List<Double> SCAN_BUCKETS = List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
            2.5, 5.0, 10.0);

    private final InstrumentRegistry.Histogram scanDuration;
    private final InstrumentRegistry.Counter pagesScanned;
    private final InstrumentRegistry.Counter errors;
    private final InstrumentRegistry.Gauge processes;

    TrackerMetrics(InstrumentRegistry registry) {
        scanDuration = registry.histogram("numa_agent_tracker_scan_duration_seconds",
                "Time one scan of a plugin's page-access tracker took, by tracker kind", List.of("plugin", "tracker"),
                SCAN_BUCKETS);
        pagesScanned = registry.counter("numa_agent_tracker_scanned_pages_total",
                "Pages read by the scans of a plugin's page-access tracker", List.of("plugin", "tracker"));
        errors = registry.counter("numa_agent_tracker_errors_total",
                "Times a plugin's page-access tracker could not be made, take its processes or scan (each logged "
                        + "once while it lasts)", List.of("plugin", "tracker"));
        processes = registry.gauge("numa_agent_tracker_processes",
                "Processes whose pages a plugin's tracker follows", List.of("plugin"));
    }

    @Override
    public void trackerStarted(String plugin, String kind) {
        pagesScanned.add(0, plugin, kind);
        errors.add(0, plugin, kind);
        processes.set(0, plugin);
    }

    @Override
    public void scanned(String plugin, String kind, long nanos, long pages) {
        scanDuration.observe(nanos / 1e9, plugin, kind);
        pagesScanned.add(pages, plugin, kind);
    }

    @Override
    public void failed(String plugin, String kind) {
        errors.add(1, plugin, kind);
    }

    @Override
    public void processes(String plugin, int count) {
        processes.set(count, plugin);
    }
}
