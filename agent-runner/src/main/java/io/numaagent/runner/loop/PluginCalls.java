package io.numaagent.runner.loop;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.snapshot.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls each plugin's {@code decide()} on a thread of its own, under a deadline (the plugin's
 * interval), so that a plugin that throws, hangs or exhausts the heap in its own call costs that
 * plugin alone: the loop waits at most the deadline, then goes on with the other plugins. A call
 * that overran keeps its thread (Java cannot stop a thread that does not return); the plugin is
 * skipped until that call returns, which is logged once when it starts and once when it ends.
 *
 * <p>What this does not protect against, since plugins share the agent's process: memory a plugin
 * keeps reachable (a leak that survives its call exhausts everyone's heap), CPU a hung call keeps
 * burning, {@code System.exit}, and crashes in native code.
 */
final class PluginCalls {

    private static final Logger LOG = LoggerFactory.getLogger(PluginCalls.class);

    /** How one call ended. */
    sealed interface Result {
        /** Returned these decisions (see {@link #accepted}); {@code dropped} more were over the plugin's cap. */
        record Decided(List<Decision> decisions, int dropped) implements Result {
        }

        /** Threw: an exception or an error such as {@code OutOfMemoryError} or {@code StackOverflowError}. */
        record Failed(Throwable cause) implements Result {
        }

        /** Still running at the deadline; its result, whenever it comes, is dropped. */
        record TimedOut(Duration deadline) implements Result {
        }

        /** Not called: an earlier call has not returned yet. */
        record Skipped(long busySinceCycle) implements Result {
        }
    }

    /** One plugin's thread and whether a call of it is under way. */
    private static final class Lane {
        final ExecutorService thread;
        final AtomicBoolean busy = new AtomicBoolean();
        final AtomicLong busySince = new AtomicLong();
        final AtomicLong busySinceNanos = new AtomicLong();
        volatile boolean overran;

        Lane(String plugin) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "plugin-" + plugin);
                t.setDaemon(true); // a call that never returns must not keep the agent from exiting
                return t;
            });
        }
    }

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** Whether a {@code decide} call of {@code plugin} is still running (one that overran its deadline). */
    boolean busy(String plugin) {
        Lane lane = lanes.get(plugin);
        return lane != null && lane.busy.get();
    }

    /** Calls {@code run}'s {@code decide(snapshot)} and waits at most {@code deadline} for it. */
    Result decide(PluginRun run, Snapshot snapshot, Duration deadline) {
        Lane lane = lanes.computeIfAbsent(run.name(), Lane::new);
        if (!lane.busy.compareAndSet(false, true)) {
            return new Result.Skipped(lane.busySince.get());
        }
        lane.busySince.set(snapshot.sequence());
        lane.busySinceNanos.set(System.nanoTime());
        Future<Result.Decided> call;
        try {
            call = lane.thread.submit(() -> {
                try {
                    // checked on the plugin's thread, so that even a pathological list costs only its deadline
                    return accepted(run, run.plugin().decide(snapshot));
                } finally {
                    lane.busy.set(false);
                    if (lane.overran) {
                        lane.overran = false;
                        LOG.warn("plugin {} returned after {} ms, the call of cycle {}; it decides again from its next "
                                        + "interval (that call's decisions are dropped)", run.name(),
                                (System.nanoTime() - lane.busySinceNanos.get()) / 1_000_000, lane.busySince.get());
                    }
                }
            });
        } catch (RuntimeException e) {
            lane.busy.set(false);
            return new Result.Failed(e);
        }
        try {
            return call.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            return new Result.Failed(e.getCause());
        } catch (TimeoutException e) {
            lane.overran = true;
            call.cancel(true); // a plugin that waits or sleeps returns on the interrupt; a busy one does not
            LOG.warn("plugin {} did not decide within {} ms in cycle {}; its decisions are dropped and it is skipped "
                    + "until that call returns", run.name(), deadline.toMillis(), snapshot.sequence());
            return new Result.TimedOut(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return new Result.Failed(e);
        }
    }

    /**
     * The decisions of one call that the executor may see: nulls and decisions attributed to another
     * plugin are dropped (ownership and audit depend on the attribution), and at most
     * {@link PluginRun#maxDecisions()} are kept, the rest counted.
     */
    static Result.Decided accepted(PluginRun run, List<Decision> made) {
        if (made == null) {
            return new Result.Decided(List.of(), 0);
        }
        List<Decision> out = new ArrayList<>(Math.min(made.size(), run.maxDecisions()));
        int dropped = 0;
        int misattributed = 0;
        Decision example = null;
        for (Decision d : made) {
            if (d == null) {
                continue;
            }
            if (!run.name().equals(d.plugin())) {
                misattributed++;
                example = example == null ? d : example;
            } else if (out.size() < run.maxDecisions()) {
                out.add(d);
            } else {
                dropped++;
            }
        }
        if (misattributed > 0) {
            LOG.warn("plugin {} returned {} decision(s) attributed to another plugin; dropped, e.g. {}", run.name(),
                    misattributed, example);
        }
        return new Result.Decided(List.copyOf(out), dropped);
    }

    /** Stops the plugins' threads (a running call is interrupted, not waited for). */
    void close() {
        lanes.values().forEach(l -> l.thread.shutdownNow());
    }
}
