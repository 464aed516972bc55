package io.numaagent.runner.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * How {@code numa-agent run} stops on SIGTERM (the stop of systemd and Kubernetes) and SIGINT (Ctrl-C):
 * the signal only asks the loop to stop after its current step; the run then shuts everything down on
 * its own thread and exits 0 when all of it stopped cleanly (1, naming what did not), so that a
 * service manager records a clean stop rather than the JVM's 143 (128 + SIGTERM).
 *
 * <p>A stop still unfinished {@link #GRACE} after the signal (a host file that blocks, a shutdown that
 * hangs) is cut short: the trackers are stopped (no kdamond stays on) and the JVM halts with status 1.
 * A second signal cuts short at once. The JVM's own handlers are put back when the run ends.
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}, in every JDK and JRE) is the only way to
 * replace the JVM's exit-on-signal while keeping the process alive to finish the stop.
 */
final class GracefulStop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    /** Time from the signal to the end of the stop; under Kubernetes' default 30 s grace and the unit's TimeoutStopSec. */
    static final Duration GRACE = Duration.ofSeconds(20);

    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final Runnable stopLoop;
    private final Supplier<List<String>> stopTracking;
    private final PrintWriter err;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    private GracefulStop(Runnable stopLoop, Supplier<List<String>> stopTracking, PrintWriter err) {
        this.stopLoop = stopLoop;
        this.stopTracking = stopTracking;
        this.err = err;
    }

    /**
     * Handles SIGTERM and SIGINT until {@link #close}: {@code stopLoop} asks the loop to stop;
     * {@code stopTracking} (returning what it could not stop) runs before a stop is cut short.
     */
    static GracefulStop install(Runnable stopLoop, Supplier<List<String>> stopTracking, PrintWriter err) {
        GracefulStop stop = new GracefulStop(stopLoop, stopTracking, err);
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                stop.previous.put(signal, Signal.handle(signal, stop::handle));
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal (-Xrs, or a debugger's); its shutdown hook still stops the agent
                LOG.debug("SIG{} left to the JVM: {}", name, e.getMessage());
            }
        }
        return stop;
    }

    private void handle(Signal signal) {
        if (!requested.compareAndSet(false, true)) {
            cutShort("a second SIG" + signal.getName() + " during the stop");
            return;
        }
        LOG.info("SIG{}: stopping after the current step", signal.getName());
        stopLoop.run();
        Thread watchdog = new Thread(() -> {
            try {
                if (finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            cutShort("the stop did not finish within " + GRACE.toSeconds() + " s");
        }, "numa-agent-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void cutShort(String why) {
        List<String> left = stopTracking.get();
        err.println("numa-agent: " + why + "; exiting with status 1"
                + (left.isEmpty() ? "" : " (left running: " + String.join("; ", left) + ")"));
        err.flush();
        Runtime.getRuntime().halt(1);
    }

    /** The run has finished its stop: nothing is cut short any more, and the JVM's handlers are back. */
    @Override
    public void close() {
        finished.countDown();
        previous.forEach(Signal::handle);
    }
}
