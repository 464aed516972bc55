package io.numaagent.api.plugin;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MoverLimit;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.api.tracking.TrackingRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A running plugin instance: pure decision logic. It receives an immutable snapshot and returns the
 * changes it wants; it never touches files under /proc, /sys or cgroupfs and never makes system calls.
 *
 * <p>{@link #decide} is called from one thread at a time, at the plugin's configured interval.
 * An exception thrown from it costs this plugin this cycle, not the agent.
 */
public interface Plugin extends AutoCloseable {

    /**
     * Decides what to change given the current snapshot.
     *
     * @return decisions in the order they should be applied; empty for "nothing to do"
     */
    List<Decision> decide(Snapshot snapshot);

    /**
     * The page-access tracker this plugin uses, if any. Asked once after {@code create}; the runner
     * checks then (and at {@code numa-agent check}) that this host can run it, and fails naming what
     * is missing when it cannot. The default: no tracking.
     */
    default Optional<TrackerSpec> tracker() {
        return Optional.empty();
    }

    /**
     * Which tasks to track from now on, asked after every {@link #decide}. Counters for them arrive in
     * later snapshots ({@link Snapshot#accessCountersOf}). Only called when {@link #tracker()} is present.
     * The default: none.
     */
    default Optional<TrackingRequest> tracking(Snapshot snapshot) {
        return Optional.empty();
    }

    /**
     * This plugin's own pace for its memory decisions, on top of the executor's shared budget (memtierd's
     * {@code mover: {intervalms, bandwidth}}). Asked once after {@code create}. The default: none, only
     * the shared budget applies.
     */
    default Optional<MoverLimit> moverLimit() {
        return Optional.empty();
    }

    /**
     * The task measurements this plugin reads ({@code task.measurements()}), asked once after
     * {@code create}. The runner reads per task only the kinds that some running plugin declares (and
     * those it needs itself), so a plugin that declares less costs the node less; a kind that no one
     * declared is absent from the snapshot ({@link io.numaagent.api.snapshot.TaskMeasurements#only}).
     * The default: every kind, so that a plugin that says nothing sees everything.
     */
    default Set<Measurement> measurements() {
        return Measurement.all();
    }

    /**
     * Whether this plugin reads {@link io.numaagent.api.snapshot.Task#devices()}: the devices each
     * container uses and their topology hints. Asked once after {@code create}; the runner reads them
     * (once per container, not per cycle) only when some running plugin says yes. The default: no.
     */
    default boolean readsTaskDevices() {
        return false;
    }

    /**
     * Whether this plugin reads {@link io.numaagent.api.snapshot.Snapshot#cpuPower()}: each CPU's cpufreq and
     * cpuidle settings and the uncore frequency limits. Asked once after {@code create}; the runner reads them
     * (every cycle) only when some running plugin says yes. The default: no.
     */
    default boolean readsCpuPower() {
        return false;
    }

    /**
     * Whether this plugin reads {@link io.numaagent.api.snapshot.Container#podResources()}: what the
     * kubelet's pod-resources API says it assigned to each container of a Kubernetes pod (devices with
     * their NUMA nodes, exclusive CPUs, pinned memory). Asked once after {@code create}; the runner asks
     * the kubelet (once per container, not per cycle) only when some running plugin says yes. The
     * default: no.
     */
    default boolean readsPodResources() {
        return false;
    }

    /** Releases what the plugin holds. The default does nothing. */
    @Override
    default void close() {
    }
}
