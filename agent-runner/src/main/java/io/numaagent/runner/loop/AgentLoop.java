package io.numaagent.runner.loop;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Snapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import io.numaagent.api.tracking.TrackingRequest;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's loop: each plugin runs at its own interval; in a cycle the runner takes one
 * snapshot, asks every plugin that is due, and hands all their decisions to the executor at once
 * (so that it can arbitrate between plugins). Outcomes go into the next snapshot. Each plugin
 * decides on its own thread under a deadline ({@link PluginCalls}; in the live loop its interval):
 * a plugin that throws, overruns or returns more than its {@code max_decisions} costs that plugin,
 * nothing more. Requests from the control prompt ({@link #between}) run on the loop's thread
 * between cycles. After a plugin with a tracker decided, its tracking request goes to the
 * {@link TrackingHook}.
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
    private final TrackingHook tracking;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final PluginCalls calls = new PluginCalls();
    /** Plugins whose first live call has been made. */
    private final Set<String> warmedUp = new HashSet<>();
    private long sequence;
    private List<Outcome> lastOutcomes = List.of();
    private volatile Thread loopThread;
    /** Work for the loop's thread between cycles (the control prompt's plugin commands and cycles). */
    private final LinkedBlockingQueue<Request<?>> requests = new LinkedBlockingQueue<>();

    /** A task for the loop's thread and the future of its result. */
    private record Request<T>(Supplier<T> task, CompletableFuture<T> result) {
        void run() {
            try {
                result.complete(task.get());
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                result.completeExceptionally(e);
            }
        }

        void cancel() {
            result.completeExceptionally(new CancellationException("the agent is stopping"));
        }
    }

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
        long started = System.nanoTime();
        long cpuStarted = threadCpuNanos();
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
                if (tracking.tracks(run.name())) {
                    // the plugin's decide() has returned: asking it now cannot overlap a call on its thread
                    try {
                        Optional<TrackingRequest> wanted = run.plugin().tracking(snapshot);
                        tracking.requested(run.name(), snapshot, wanted == null ? Optional.empty() : wanted);
                    } catch (RuntimeException e) {
                        LOG.error("plugin {} failed to say what to track in cycle {}; its tracking is unchanged",
                                run.name(), snapshot.sequence(), e);
                        failed.add(run.name()); // its decisions stand; the cycle still counts as failed for it
                    }
                }
            } else if (result instanceof PluginCalls.Result.Failed f && f.cause() instanceof InterruptedException
                    && stopping.get()) {
                // stop() interrupted the wait for this call: the agent is stopping, the plugin did not fail
                LOG.info("plugin {}: its call of cycle {} was cut short by the stop; its decisions are dropped", run.name(),
                        snapshot.sequence());
                continue;
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
        long cpuEnded = threadCpuNanos();
        observer.cycleEnded(Duration.ofNanos(System.nanoTime() - started),
                cpuEnded < 0 ? null : Duration.ofNanos(cpuEnded - cpuStarted));
        lastOutcomes = outcomes;
        return Optional.of(new CycleResult(snapshot.sequence(), decisions.size(), failed, outcomes));
    }

    /** CPU time of this thread, -1 when the JVM cannot tell. */
    private static long threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }

    /**
     * Whether {@code plugin}'s last {@code decide} call overran its deadline and is still running on
     * the plugin's thread: nothing else may call into the plugin then (plugins are single-threaded).
     */
    public boolean pluginBusy(String plugin) {
        return calls.busy(plugin);
    }

    /** The plugins with their intervals. */
    public List<PluginRun> plugins() {
        return plugins;
    }

    /**
     * Runs {@code task} on the loop's thread between two cycles (at once when the loop sleeps), so
     * that it never runs beside a plugin's {@code decide}. The future fails with a
     * {@link CancellationException} when the loop stops before running it.
     */
    public <T> CompletableFuture<T> between(Supplier<T> task) {
        Request<T> request = new Request<>(task, new CompletableFuture<>());
        requests.add(request);
        if (stopping.get()) {
            cancelRequests();
        }
        return request.result();
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
        try {
            schedule(due);
        } finally {
            cancelRequests();
        }
    }

    private void schedule(Map<String, Instant> due) {
        while (!stopping.get()) {
            runRequests();
            Instant now = clock.instant();
            List<PluginRun> ready = plugins.stream().filter(p -> !due.get(p.name()).isAfter(now)).toList();
            if (ready.isEmpty()) {
                Instant earliest = due.values().stream().min(Instant::compareTo).orElse(now.plusSeconds(1));
                awaitRequest(Duration.between(now, earliest));
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

    private void runRequests() {
        Request<?> r;
        while (!stopping.get() && (r = requests.poll()) != null) {
            r.run();
        }
    }

    /** A stopped loop runs no more requests: their waiters are told so rather than left waiting. */
    private void cancelRequests() {
        Request<?> r;
        while ((r = requests.poll()) != null) {
            r.cancel();
        }
    }

    /** Sleeps until {@code d} has passed or a request comes, which is then run. */
    private void awaitRequest(Duration d) {
        try {
            Request<?> r = requests.poll(Math.max(1, d.toMillis()), TimeUnit.MILLISECONDS);
            if (r != null && !stopping.get()) {
                r.run();
            } else if (r != null) {
                r.cancel();
            }
        } catch (InterruptedException e) {
            if (!stopping.get()) {
                Thread.currentThread().interrupt();
                stopping.set(true);
            }
        }
    }
}
