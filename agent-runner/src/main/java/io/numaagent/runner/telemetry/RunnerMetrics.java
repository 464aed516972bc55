package io.numaagent.runner.telemetry;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Snapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The runner's own instruments ({@code numa_agent_*}) and how one cycle feeds them: the
 * snapshot (tasks, read errors, kernel balancing mode, per-node memory), the outcomes of the
 * executed decisions, and each plugin's cycle time and failures.
 */
public final class RunnerMetrics {

    /** Cycle time buckets in seconds: a decide call takes microseconds to seconds. */
    static final List<Double> CYCLE_BUCKETS = List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1.0, 2.5, 5.0, 10.0);

    /** Snapshot time buckets in seconds: a few cgroups take a millisecond, thousands tens of milliseconds. */
    static final List<Double> SNAPSHOT_BUCKETS = List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1.0, 2.5, 5.0);

    private final InstrumentRegistry.Histogram cycleDuration;
    private final InstrumentRegistry.Histogram loopDuration;
    private final InstrumentRegistry.Histogram loopCpu;
    private final InstrumentRegistry.Histogram snapshotDuration;
    private final InstrumentRegistry.Counter readProblems;
    private final InstrumentRegistry.Counter decisions;
    private final InstrumentRegistry.Counter readErrors;
    private final InstrumentRegistry.Counter pluginFailures;
    private final InstrumentRegistry.Counter pluginTimeouts;
    private final InstrumentRegistry.Counter pluginSkips;
    private final InstrumentRegistry.Counter decisionsDropped;
    private final InstrumentRegistry.Gauge snapshotTasks;
    private final InstrumentRegistry.Counter pagesMoved;
    private final InstrumentRegistry.Counter pagesFailed;
    private final InstrumentRegistry.Gauge numaBalancing;
    private final InstrumentRegistry.Gauge nodeMemoryFree;
    private final InstrumentRegistry.Gauge nodeMemoryTotal;
    private final InstrumentRegistry.Gauge kubernetesApiUp;
    private final InstrumentRegistry.Counter kubernetesApiUnreachable;
    private final VmstatCounters vmstat;
    private final TaskSeries taskSeries;
    private final TrackerMetrics trackers;

    RunnerMetrics(InstrumentRegistry registry, String version) {
        Objects.requireNonNull(version, "version");
        cycleDuration = registry.histogram("numa_agent_cycle_duration_seconds",
                "Time one plugin took to decide on one snapshot", List.of("plugin"), CYCLE_BUCKETS);
        loopDuration = registry.histogram("numa_agent_loop_duration_seconds",
                "Time one cycle of the agent took: snapshot, every due plugin's decide() and executing the decisions",
                List.of(), CYCLE_BUCKETS);
        loopCpu = registry.histogram("numa_agent_loop_cpu_seconds",
                "CPU time the agent's loop thread ran in one cycle (its wall time less the waits: for a CPU, "
                        + "for the bandwidth budget)", List.of(), CYCLE_BUCKETS);
        snapshotDuration = registry.histogram("numa_agent_snapshot_duration_seconds",
                "Time taken to read one snapshot of the host (topology, kernel state, every task)", List.of(),
                SNAPSHOT_BUCKETS);
        readProblems = registry.counter("numa_agent_read_problems_total",
                "Read problems by kind (missing, unreadable, malformed, duplicate); each is logged once while it "
                        + "lasts, every occurrence is counted here", List.of("kind"));
        decisions = registry.counter("numa_agent_decisions_total",
                "Decisions handled by the executor, by plugin, action and outcome",
                List.of("plugin", "action", "outcome"));
        readErrors = registry.counter("numa_agent_read_errors_total",
                "Files that could not be read while building snapshots", List.of());
        pluginFailures = registry.counter("numa_agent_plugin_failures_total",
                "Cycles in which a plugin's decide() threw", List.of("plugin"));
        pluginTimeouts = registry.counter("numa_agent_plugin_timeouts_total",
                "Calls of a plugin's decide() cut off at its deadline (its interval)", List.of("plugin"));
        pluginSkips = registry.counter("numa_agent_plugin_skipped_total",
                "Cycles a plugin was not asked to decide because its previous call had not returned", List.of("plugin"));
        decisionsDropped = registry.counter("numa_agent_decisions_dropped_total",
                "Decisions a plugin returned beyond its max_decisions in one cycle", List.of("plugin"));
        snapshotTasks = registry.gauge("numa_agent_snapshot_tasks", "Tasks in the latest snapshot", List.of());
        pagesMoved = registry.counter("numa_agent_pages_moved_total",
                "Pages moved between NUMA nodes by memory decisions", List.of("plugin"));
        pagesFailed = registry.counter("numa_agent_pages_failed_total",
                "Pages memory decisions could not move", List.of("plugin"));
        numaBalancing = registry.gauge("numa_agent_numa_balancing",
                "kernel.numa_balancing: 0 off, 1 AutoNUMA, 2 memory tiering, 3 both, -1 not supported",
                List.of());
        nodeMemoryFree = registry.gauge("numa_agent_node_memory_free_bytes", "MemFree of the NUMA node",
                List.of("node"));
        nodeMemoryTotal = registry.gauge("numa_agent_node_memory_total_bytes", "MemTotal of the NUMA node",
                List.of("node"));
        kubernetesApiUp = registry.gauge("numa_agent_kubernetes_api_up",
                "1 when the kubernetes task source watched the node's pods on the API server in the latest cycle, "
                        + "0 when it used the pods it knew last", List.of());
        kubernetesApiUnreachable = registry.counter("numa_agent_kubernetes_api_unreachable_total",
                "Cycles in which the kubernetes task source could not watch the API server and used the pods it "
                        + "knew last", List.of());
        vmstat = new VmstatCounters(registry);
        taskSeries = new TaskSeries(registry);
        trackers = new TrackerMetrics(registry);
        InstrumentRegistry.Gauge info = registry.gauge("numa_agent_info", "Version of the running agent",
                List.of("version"));
        info.set(1, version);
        // Unlabelled counters start at 0 so a dashboard sees the series before the first error.
        readErrors.add(0);
    }

    /**
     * Records what one snapshot shows: tasks, read warnings, balancing mode, per-node memory, the
     * kernel's NUMA counters and each task's placement.
     */
    public void recordSnapshot(Snapshot snapshot) {
        snapshotTasks.set(snapshot.tasks().size());
        readErrors.add(snapshot.warnings().size());
        if (snapshot.kernel() != null) {
            numaBalancing.set(snapshot.kernel().numaBalancing());
            vmstat.record(snapshot.kernel());
        }
        taskSeries.record(snapshot);
        if (snapshot.platform() != null) {
            Map<List<String>, Double> free = new HashMap<>();
            Map<List<String>, Double> total = new HashMap<>();
            for (NumaNode node : snapshot.platform().nodes()) {
                List<String> labels = List.of(Integer.toString(node.id()));
                free.put(labels, (double) node.memFreeBytes());
                total.put(labels, (double) node.memTotalBytes());
            }
            // Nodes that went away (offlined) drop out instead of reporting stale memory.
            nodeMemoryFree.replaceAll(free);
            nodeMemoryTotal.replaceAll(total);
        }
    }

    /** The page trackers' instruments, to be told of their scans. */
    public TrackerMetrics trackers() {
        return trackers;
    }

    /**
     * Starts the per-plugin counters of one plugin instance at 0 (failures, timeouts, skips, dropped
     * decisions, pages moved and failed): a dashboard's {@code rate()} over them then has a series from
     * the start rather than only after the first failure or move.
     */
    void pluginStarted(String plugin) {
        for (InstrumentRegistry.Counter c : List.of(pluginFailures, pluginTimeouts, pluginSkips, decisionsDropped,
                pagesMoved, pagesFailed)) {
            c.add(0, plugin);
        }
    }

    /** Records how long one snapshot of the host took to read. */
    public void recordSnapshotDuration(Duration duration) {
        snapshotDuration.observe(duration.toNanos() / 1e9);
    }

    /** Records whether a kubernetes task source reached the API server this cycle (no series without one). */
    public void recordKubernetesApi(boolean reachable) {
        kubernetesApiUp.set(reachable ? 1 : 0);
        kubernetesApiUnreachable.add(reachable ? 0 : 1);
    }

    /** Counts {@code count} read problems of {@code kind} (a {@code ReadProblems.Kind} label). */
    public void recordReadProblems(String kind, long count) {
        readProblems.add(count, kind);
    }

    /** Counts executed decisions by plugin, action and outcome, and the pages memory decisions moved. */
    public void recordOutcomes(List<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            String plugin = outcome.decision().plugin();
            decisions.add(1, plugin, outcome.decision().action(), outcome.status().label());
            if (outcome.pagesMoved() > 0) {
                pagesMoved.add(outcome.pagesMoved(), plugin);
            }
            if (outcome.pagesFailed() > 0) {
                pagesFailed.add(outcome.pagesFailed(), plugin);
            }
        }
    }

    /**
     * Records how long one whole cycle took (on time while below the plugins' interval) and the CPU
     * time of the loop's thread in it ({@code null}: not known).
     */
    public void recordLoopCycle(Duration took, Duration cpu) {
        loopDuration.observe(took.toNanos() / 1e9);
        if (cpu != null) {
            loopCpu.observe(cpu.toNanos() / 1e9);
        }
    }

    /** Counts a call of {@code plugin} cut off at its deadline. */
    public void recordTimeout(String plugin) {
        pluginTimeouts.add(1, plugin);
    }

    /** Counts a cycle {@code plugin} was skipped in, its previous call still running. */
    public void recordSkip(String plugin) {
        pluginSkips.add(1, plugin);
    }

    /** Counts decisions of {@code plugin} dropped over its cap. */
    public void recordDropped(String plugin, int dropped) {
        decisionsDropped.add(dropped, plugin);
    }

    /** Records one plugin's decide time, and counts the cycle as failed when it threw. */
    public void recordCycle(String plugin, Duration duration, boolean failed) {
        cycleDuration.observe(duration.toNanos() / 1e9, plugin);
        if (failed) {
            pluginFailures.add(1, plugin);
        }
    }
}
