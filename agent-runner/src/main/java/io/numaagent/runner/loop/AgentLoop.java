package io.numaagent.runner.loop;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's loop: each plugin runs at its own interval; in a cycle the runner takes one
 * snapshot, asks every plugin that is due, and hands all their decisions to the executor at once
 * (so that it can arbitrate between plugins). Outcomes go into the next snapshot. Each plugin
 * decides on its own thread under a deadline ({@link PluginCalls}; in the live loop its interval):
 * a plugin that throws, overruns or returns more than its {@code max_decisions} costs that plugin,
 * nothing more.
 */
public final class AgentLoop {

    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);

    /** How long a plugin's first call in the live loop may take, whatever its interval. */
    public static final Duration WARM_UP_DEADLINE = Duration.ofSeconds(30);
    /** How long a call may take outside the live loop ({@code run --once}, replay): bounds a hang only. */
    public static final Duration UNTIMED_DEADLINE = Duration.ofMinutes(5);

    private final List<PluginRun> plugins;
    private final SnapshotSource snapshots;
    private final DecisionExecutor executor;
    private final LoopObserver observer;
    private final Clock clock;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final PluginCalls calls = new PluginCalls();
    /** Plugins whose first live call has been made. */
    private final Set<String> warmedUp = new HashSet<>();
    private long sequence;
    private List<Outcome> lastOutcomes = List.of();
    private volatile Thread loopThread;

    public AgentLoop(List<PluginRun> plugins, SnapshotSource snapshots, DecisionExecutor executor,
                     LoopObserver observer, Clock clock) {
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
     * Runs one cycle with the given plugins (all of them for {@code run --once}, every snapshot of a
     * replay). Nothing here runs against the clock, so each call may take up to {@link #UNTIMED_DEADLINE}:
     * a replay is the same on a slow machine, and a hang still ends.
     *
     * @return the result, or empty when the snapshot source is exhausted
     */
    public Optional<CycleResult> cycle(List<PluginRun> due) {
        return cycle(due, run -> UNTIMED_DEADLINE);
    }

    /**
     * One cycle of the live loop: each call may take the plugin's interval, its first call (class
     * loading and compilation in a fresh JVM take seconds on a slow machine) at least {@link #WARM_UP_DEADLINE}.
     */
    Optional<CycleResult> liveCycle(List<PluginRun> due) {
        return cycle(due, run -> warmedUp.add(run.name()) && run.interval().compareTo(WARM_UP_DEADLINE) < 0
                ? WARM_UP_DEADLINE : run.interval());
    }

    /** One cycle, each plugin's call waited for at most {@code deadline} of it. */
    Optional<CycleResult> cycle(List<PluginRun> due, Function<PluginRun, Duration> deadline) {
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
            PluginCalls.Result result = calls.decide(run, snapshot, deadline.apply(run));
            if (result instanceof PluginCalls.Result.Decided d) {
                decisions.addAll(d.decisions());
                if (d.dropped() > 0) {
                    LOG.warn("plugin {} returned {} decisions in cycle {}, more than its max_decisions ({}); the first {} "
                                    + "are used", run.name(), d.decisions().size() + d.dropped(), snapshot.sequence(),
                            run.maxDecisions(), d.decisions().size());
                    observer.decisionsDropped(run.name(), d.dropped());
                }
            } else if (result instanceof PluginCalls.Result.Failed f) {
                LOG.error("plugin {} failed in cycle {}; its decisions for this cycle are dropped", run.name(),
                        snapshot.sequence(), f.cause());
            } else if (result instanceof PluginCalls.Result.TimedOut) {
                observer.pluginTimedOut(run.name());
            } else {
                observer.pluginSkipped(run.name());
                continue;
            }
            boolean threw = result instanceof PluginCalls.Result.Failed;
            if (threw || result instanceof PluginCalls.Result.TimedOut) {
                failed.add(run.name());
            }
            observer.pluginRan(run.name(), Duration.ofNanos(System.nanoTime() - start), threw);
        }
        List<Outcome> outcomes = decisions.isEmpty() ? List.of() : executor.execute(snapshot, decisions);
        observer.outcomes(outcomes);
        lastOutcomes = outcomes;
        return Optional.of(new CycleResult(snapshot.sequence(), decisions.size(), failed, outcomes));
    }

    /** Stops the plugins' threads; a call still running is interrupted, not waited for. */
    public void close() {
        calls.close();
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
            if (liveCycle(ready).isEmpty()) {
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
