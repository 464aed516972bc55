package io.numaagent.runner.tracking;

import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.tracking.AccessCounters;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.api.tracking.TrackingRequest;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.loop.TrackingHook;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's page-access tracking for the plugins that asked: one {@link TrackerRun} (and scan thread)
 * per plugin with a tracker. The loop drives it: {@link #attach} puts each tracking plugin's counters
 * since it last decided into a snapshot, {@link #requested} (after the plugin decided on that snapshot)
 * closes that window and reconciles the tasks to track with their pids. {@link #close} stops every scan
 * thread, which closes its trackers (DAMON: kdamonds turned off).
 */
public final class TrackerService implements TrackingHook, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerService.class);

    /** The host cannot run a plugin's tracker. */
    public static final class UnsupportedTrackerException extends Exception {
        public UnsupportedTrackerException(String message) {
            super(message);
        }
    }

    private final HostPaths paths;
    private final long pageSize;
    private final Clock clock;
    private final ScanObserver observer;
    private final Map<String, TrackerSpec> specs = new LinkedHashMap<>();
    private final Map<String, TrackerRun> runs = new LinkedHashMap<>();
    private final Set<String> warnedMismatch = new HashSet<>();
    private boolean warnedBalancing;

    public TrackerService(HostPaths paths, long pageSize, Clock clock) {
        this(paths, pageSize, clock, ScanObserver.NONE);
    }

    /** @param observer told of every tracker, scan and failure (the runner's metrics) */
    public TrackerService(HostPaths paths, long pageSize, Clock clock, ScanObserver observer) {
        this.paths = paths;
        this.pageSize = pageSize;
        this.clock = clock;
        this.observer = observer;
    }

    /**
     * Checks that this host can run {@code spec} and registers it for {@code plugin}; warns once when
     * idlepage meets NUMA balancing (which clears the same accessed bits).
     *
     * @throws UnsupportedTrackerException naming what is missing
     */
    public void register(String plugin, TrackerSpec spec) throws UnsupportedTrackerException {
        List<String> missing = TrackerSupport.missing(spec, paths, pageSize);
        if (!missing.isEmpty()) {
            throw new UnsupportedTrackerException("plugin " + plugin + ": tracker " + spec.kind()
                    + " cannot run on this host: " + String.join("; ", missing));
        }
        if (TrackerSupport.usesIdlePage(spec) && !warnedBalancing) {
            try {
                String mode = Files.readString(paths.sysctl("kernel.numa_balancing")).strip();
                if (!mode.equals("0")) {
                    warnedBalancing = true;
                    LOG.warn("unreliable idlepage tracking: {} is {}, not 0 (NUMA balancing's hinting faults clear "
                            + "the accessed bits idlepage reads)", paths.sysctl("kernel.numa_balancing"), mode);
                }
            } catch (IOException e) {
                // no NUMA balancing on this kernel: nothing interferes
            }
        }
        specs.put(plugin, spec);
        runs.put(plugin, new TrackerRun(plugin, TrackerFactory.lanes(spec, paths, pageSize, clock::millis), paths,
                pageSize, clock::millis, observer));
    }

    /** Whether {@code plugin} registered a tracker. */
    @Override
    public boolean tracks(String plugin) {
        return runs.containsKey(plugin);
    }

    /** {@code snapshot} with the counters of every tracking plugin since it last decided. */
    public Snapshot attach(Snapshot snapshot) {
        if (runs.isEmpty()) {
            return snapshot;
        }
        List<AccessCounters> all = new ArrayList<>(snapshot.accessCounters());
        runs.values().forEach(r -> all.addAll(r.seal()));
        return snapshot.withAccessCounters(all);
    }

    /**
     * {@code plugin} decided on {@code snapshot} and asks for {@code request}: its window is closed, and
     * its tracker follows the pids the snapshot lists for the requested tasks (none: nothing is tracked).
     */
    @Override
    public void requested(String plugin, Snapshot snapshot, Optional<TrackingRequest> request) {
        TrackerRun run = runs.get(plugin);
        if (run == null) {
            return;
        }
        run.delivered();
        Map<Integer, String> pids = new LinkedHashMap<>();
        if (request.isPresent()) {
            if (!request.get().tracker().equals(specs.get(plugin))) {
                if (warnedMismatch.add(plugin)) {
                    LOG.warn("plugin {} asked for tracking with tracker {} but declared {}; request ignored", plugin,
                            request.get().tracker(), specs.get(plugin));
                }
                return;
            }
            for (String id : request.get().tasks()) {
                snapshot.task(id).map(Task::pids).orElse(List.of()).forEach(p -> pids.putIfAbsent(p, id));
            }
        }
        run.want(pids);
    }

    /** Waits until every tracking plugin's tracker completed a scan begun after this call (at most {@code timeoutMs}). */
    public void awaitScans(long timeoutMs) throws InterruptedException {
        for (TrackerRun r : runs.values()) {
            r.awaitScan(timeoutMs);
        }
    }

    /** Pages read by all scans so far. */
    public long pagesScanned() {
        return runs.values().stream().mapToLong(TrackerRun::pagesScanned).sum();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Stops every tracker (DAMON: kdamonds off).
     *
     * @return what could not be stopped (each naming the plugin and what); empty after a clean stop
     */
    public List<String> stop() {
        List<String> left = new ArrayList<>();
        runs.values().forEach(r -> left.addAll(r.stop()));
        return left;
    }
}
