package io.numaagent.runner.loop;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.tracking.TrackingRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's loop: each plugin runs at its own interval; in a cycle the runner takes one
 * snapshot, asks every plugin that is due, and hands all their decisions to the executor at once
 * (so that it can arbitrate between plugins). Outcomes go into the next snapshot. A plugin that
 * throws costs that plugin that cycle, nothing more. After a plugin with a tracker decided, its
 * tracking request goes to the {@link TrackingHook}.
 */
public final class AgentLoop {

    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);

    private final List<PluginRun> plugins;
    private final SnapshotSource snapshots;
    private final DecisionExecutor executor;
    private final LoopObserver observer;
    private final Clock clock;
    private final TrackingHook tracking;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private long sequence;
    private List<Outcome> lastOutcomes = List.of();
    private volatile Thread loopThread;

    public AgentLoop(List<PluginRun> plugins, SnapshotSource snapshots, DecisionExecutor executor,
                     LoopObserver observer, Clock clock) {
        this(plugins, snapshots, executor, observer, clock, TrackingHook.NONE);
    }

    /** @param tracking gets each tracking plugin's request after it decided */
    public AgentLoop(List<PluginRun> plugins, SnapshotSource snapshots, DecisionExecutor executor,
                     LoopObserver observer, Clock clock, TrackingHook tracking) {
        this.tracking = tracking;
        this.plugins = List.copyOf(plugins);
        this.snapshots = snapshots;
        this.executor = executor;
        this.observer = observer;
        this.clock = clock;
    }

    /** What one cycle did. */
    public record CycleResult(long sequence, int decisions, List<String> failedPlugins, List<Outcome> outcomes) {
    }

    /**
     * Runs one cycle with the given plugins (all of them for {@code run --once}).
     *
     * @return the result, or empty when the snapshot source is exhausted
     */
    public Optional<CycleResult> cycle(List<PluginRun> due) {
        Optional<Snapshot> next = snapshots.next(++sequence, lastOutcomes);
        if (next.isEmpty()) {
            return Optional.empty();
        }
        Snapshot snapshot = next.get();
        observer.snapshotTaken(snapshot);
        List<Decision> decisions = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (PluginRun run : due) {
            long start = System.nanoTime();
            boolean ok = false;
            try {
                List<Decision> made = run.plugin().decide(snapshot);
                for (Decision d : made == null ? List.<Decision>of() : made) {
                    if (d == null) {
                        continue;
                    }
                    if (!run.name().equals(d.plugin())) {
                        // a decision must be attributable: ownership and audit depend on it
                        LOG.warn("plugin {} returned a decision attributed to '{}'; dropped: {}", run.name(), d.plugin(), d);
                        continue;
                    }
                    decisions.add(d);
                }
                if (tracking.tracks(run.name())) {
                    Optional<TrackingRequest> wanted = run.plugin().tracking(snapshot);
                    tracking.requested(run.name(), snapshot, wanted == null ? Optional.empty() : wanted);
                }
                ok = true;
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                LOG.error("plugin {} failed in cycle {}; its decisions for this cycle are dropped", run.name(),
                        snapshot.sequence(), e);
                failed.add(run.name());
            } finally {
                observer.pluginRan(run.name(), Duration.ofNanos(System.nanoTime() - start), !ok);
            }
        }
        List<Outcome> outcomes = decisions.isEmpty() ? List.of() : executor.execute(snapshot, decisions);
        observer.outcomes(outcomes);
        lastOutcomes = outcomes;
        return Optional.of(new CycleResult(snapshot.sequence(), decisions.size(), failed, outcomes));
    }

    /** Runs one cycle of every plugin; the exit status of {@code run --once}: 0, or 1 if a plugin failed. */
    public int runOnce() {
        boolean failed = cycle(plugins).map(r -> !r.failedPlugins().isEmpty()).orElse(false);
        return failed ? 1 : 0;
    }

    /**
     * Runs until {@link #stop()} (or the snapshot source ends), each plugin at its interval. Missed
     * intervals are skipped rather than caught up, so that a slow cycle never causes a burst.
     */
    public void run() {
        loopThread = Thread.currentThread();
        Map<String, Instant> due = new HashMap<>();
        Instant start = clock.instant();
        plugins.forEach(p -> due.put(p.name(), start));
        while (!stopping.get()) {
            Instant now = clock.instant();
            List<PluginRun> ready = plugins.stream().filter(p -> !due.get(p.name()).isAfter(now)).toList();
            if (ready.isEmpty()) {
                Instant earliest = due.values().stream().min(Instant::compareTo).orElse(now.plusSeconds(1));
                sleep(Duration.between(now, earliest));
                continue;
            }
            if (cycle(ready).isEmpty()) {
                LOG.info("snapshot source exhausted; stopping");
                return;
            }
            Instant after = clock.instant();
            for (PluginRun p : ready) {
                Instant next = due.get(p.name()).plus(p.interval());
                while (!next.isAfter(after)) {
                    next = next.plus(p.interval());
                }
                due.put(p.name(), next);
            }
        }
    }

    /** Asks the loop to stop after the current step; wakes it from sleep. */
    public void stop() {
        stopping.set(true);
        Thread t = loopThread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            if (!stopping.get()) {
                Thread.currentThread().interrupt();
                stopping.set(true);
            }
        }
    }
}
