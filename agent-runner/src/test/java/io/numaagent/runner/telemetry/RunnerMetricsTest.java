package io.numaagent.runner.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.TestMachine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner's numa_agent_* instruments as fed by snapshots, outcomes and plugin cycles. */
class RunnerMetricsTest {

    private static final long GIB = 1L << 30;

    private final Telemetry telemetry = new Telemetry("0.1.0");

    @AfterEach
    void close() {
        telemetry.close();
    }

    private List<String> lines() {
        return telemetry.prometheusText().lines().toList();
    }

    private static Snapshot snapshot(TestMachine machine, int numaBalancing, List<ReadWarning> warnings) {
        return machine.numaBalancing(numaBalancing).snapshot(1, Instant.EPOCH, List.of(), warnings);
    }

    /** One socket split into two NUMA nodes (CPUs 0-1, 2-3), plus two CPU-less CXL memory nodes. */
    private static TestMachine cxlTwoMemoryOnlyNodes() {
        return cxlMemoryOnlyNodes(2).nodeMemory(3, 64 * GIB, 64 * GIB);
    }

    /** The CXL machine with one or two memory-only nodes. */
    private static TestMachine cxlMemoryOnlyNodes(int memoryOnlyNodes) {
        return TestMachine.shape(1, 2, 2, 1, memoryOnlyNodes).nodeMemory(0, 16 * GIB, 10 * GIB)
                .nodeMemory(1, 16 * GIB, 12 * GIB).nodeMemory(2, 64 * GIB, 60 * GIB);
    }

    @Test
    void unlabelledCounterIsExposedAtZeroBeforeAnyError() {
        assertThat(lines()).containsSubsequence(
                "# TYPE numa_agent_read_errors_total counter",
                "numa_agent_read_errors_total 0.0");
    }

    @Test
    void trackerSeriesStartAtZeroAndCountScansPagesErrorsAndProcesses() {
        TrackerMetrics trackers = telemetry.runner().trackers();
        trackers.trackerStarted("tier-mover", "idlepage");
        assertThat(lines()).contains(
                "numa_agent_tracker_scanned_pages_total{plugin=\"tier-mover\",tracker=\"idlepage\",} 0.0",
                "numa_agent_tracker_errors_total{plugin=\"tier-mover\",tracker=\"idlepage\",} 0.0",
                "numa_agent_tracker_processes{plugin=\"tier-mover\",} 0.0");

        trackers.processes("tier-mover", 2);
        trackers.scanned("tier-mover", "idlepage", 3_000_000, 1024);
        trackers.scanned("tier-mover", "idlepage", 1_000_000, 1024);
        trackers.failed("tier-mover", "idlepage");

        assertThat(lines()).contains(
                "numa_agent_tracker_scanned_pages_total{plugin=\"tier-mover\",tracker=\"idlepage\",} 2048.0",
                "numa_agent_tracker_errors_total{plugin=\"tier-mover\",tracker=\"idlepage\",} 1.0",
                "numa_agent_tracker_processes{plugin=\"tier-mover\",} 2.0",
                "numa_agent_tracker_scan_duration_seconds_count{plugin=\"tier-mover\",tracker=\"idlepage\",} 2.0",
                "numa_agent_tracker_scan_duration_seconds_sum{plugin=\"tier-mover\",tracker=\"idlepage\",} 0.004",
                "numa_agent_tracker_scan_duration_seconds_bucket{plugin=\"tier-mover\",tracker=\"idlepage\",le=\"0.001\",} 1.0");
    }

    @Test
    void snapshotOfCxlTwoMemoryOnlyNodesSetsNodeMemoryTasksAndBalancing() {
        TestMachine machine = cxlTwoMemoryOnlyNodes();
        for (String task : List.of("/batch/a", "/batch/b", "/web")) {
            machine.task(task).pids(100);
        }
        telemetry.recordSnapshot(snapshot(machine, KernelState.NUMA_BALANCING_MEMORY_TIERING,
                List.of(new ReadWarning("/sys/fs/cgroup/web/memory.numa_stat", "missing"))));

        assertThat(lines()).containsSubsequence(
                "# HELP numa_agent_node_memory_free_bytes MemFree of the NUMA node",
                "# TYPE numa_agent_node_memory_free_bytes gauge",
                "numa_agent_node_memory_free_bytes{node=\"0\",} 1.073741824E10",
                "numa_agent_node_memory_free_bytes{node=\"1\",} 1.2884901888E10",
                "numa_agent_node_memory_free_bytes{node=\"2\",} 6.442450944E10",
                "numa_agent_node_memory_free_bytes{node=\"3\",} 6.8719476736E10",
                "# HELP numa_agent_node_memory_total_bytes MemTotal of the NUMA node",
                "# TYPE numa_agent_node_memory_total_bytes gauge",
                "numa_agent_node_memory_total_bytes{node=\"0\",} 1.7179869184E10",
                "numa_agent_node_memory_total_bytes{node=\"1\",} 1.7179869184E10",
                "numa_agent_node_memory_total_bytes{node=\"2\",} 6.8719476736E10",
                "numa_agent_node_memory_total_bytes{node=\"3\",} 6.8719476736E10",
                "# TYPE numa_agent_numa_balancing gauge",
                "numa_agent_numa_balancing 2.0",
                "# TYPE numa_agent_read_errors_total counter",
                "numa_agent_read_errors_total 1.0",
                "# TYPE numa_agent_snapshot_tasks gauge",
                "numa_agent_snapshot_tasks 3.0");
    }

    @Test
    void nodeThatDisappearsFromTheSnapshotDropsItsSeries() {
        telemetry.recordSnapshot(snapshot(cxlTwoMemoryOnlyNodes(), 0, List.of()));
        TestMachine withoutNode3 = cxlMemoryOnlyNodes(1);
        telemetry.recordSnapshot(snapshot(withoutNode3, 0, List.of()));

        List<String> lines = lines();
        assertThat(lines).contains("numa_agent_node_memory_free_bytes{node=\"2\",} 6.442450944E10");
        assertThat(lines).noneMatch(line -> line.contains("node=\"3\""));
    }

    @Test
    void readErrorsAccumulateAcrossSnapshots() {
        ReadWarning warning = new ReadWarning("/proc/vmstat", "unreadable");
        telemetry.recordSnapshot(snapshot(cxlTwoMemoryOnlyNodes(), -1, List.of(warning, warning)));
        telemetry.recordSnapshot(snapshot(cxlTwoMemoryOnlyNodes(), -1, List.of(warning)));

        assertThat(lines()).contains("numa_agent_read_errors_total 3.0", "numa_agent_numa_balancing -1.0");
    }

    @Test
    void outcomesAreCountedByPluginActionAndStatusLabel() {
        SetCpus pin = new SetCpus("p", "/batch/a", CpuSet.parse("0-1"), "pin to node 0");
        SetMems mems = new SetMems("p", "/batch/a", NodeSet.of(0), "memory on node 0");
        MigrateMemory migrate = new MigrateMemory("q", "/batch/b", 1, "move to node 1");
        telemetry.recordOutcomes(List.of(
                Outcome.of(1, pin, Outcome.Status.APPLIED, "written"),
                Outcome.of(2, pin, Outcome.Status.APPLIED, "written"),
                Outcome.of(2, mems, Outcome.Status.DRY_RUN, "dry run"),
                new Outcome(2, migrate, Outcome.Status.FAILED, "partly moved", "EPERM", 1000, 24, 5_000_000, 1_000_000),
                new Outcome(3, migrate, Outcome.Status.APPLIED, "moved", null, 500, 0, 2_000_000, 1_000_000)));

        assertThat(lines()).containsSubsequence(
                "# TYPE numa_agent_decisions_total counter",
                "numa_agent_decisions_total{action=\"migrate-memory\",outcome=\"applied\",plugin=\"q\",} 1.0",
                "numa_agent_decisions_total{action=\"migrate-memory\",outcome=\"failed\",plugin=\"q\",} 1.0",
                "numa_agent_decisions_total{action=\"set-cpus\",outcome=\"applied\",plugin=\"p\",} 2.0",
                "numa_agent_decisions_total{action=\"set-mems\",outcome=\"dry-run\",plugin=\"p\",} 1.0",
                "# TYPE numa_agent_pages_failed_total counter",
                "numa_agent_pages_failed_total{plugin=\"q\",} 24.0",
                "# TYPE numa_agent_pages_moved_total counter",
                "numa_agent_pages_moved_total{plugin=\"q\",} 1500.0");
        assertThat(lines()).noneMatch(line -> line.startsWith("numa_agent_pages_moved_total{plugin=\"p\""));
    }

    @Test
    void cyclesFeedTheDurationHistogramAndFailuresCounter() {
        // 2^-9 s and 2^-5 s: exact in binary, so the sum is exact too.
        telemetry.recordCycle("numa-allocator", Duration.ofNanos(1_953_125), false);
        telemetry.recordCycle("numa-allocator", Duration.ofNanos(31_250_000), true);
        telemetry.recordCycle("tier-mover", Duration.ofSeconds(12), false);

        assertThat(lines()).containsSubsequence(
                "# TYPE numa_agent_cycle_duration_seconds histogram",
                "numa_agent_cycle_duration_seconds_bucket{plugin=\"numa-allocator\",le=\"0.0005\",} 0.0",
                "numa_agent_cycle_duration_seconds_bucket{plugin=\"numa-allocator\",le=\"0.001\",} 0.0",
                "numa_agent_cycle_duration_seconds_bucket{plugin=\"numa-allocator\",le=\"0.0025\",} 1.0",
                "numa_agent_cycle_duration_seconds_bucket{plugin=\"numa-allocator\",le=\"0.005\",} 1.0",
                "numa_agent_cycle_duration_seconds_bucket{plugin=\"numa-allocator\",le=\"0.025\",} 1.0",
                "numa_agent_cycle_duration_seconds_bucket{plugin=\"numa-allocator\",le=\"0.05\",} 2.0",
                "numa_agent_cycle_duration_seconds_bucket{plugin=\"numa-allocator\",le=\"10.0\",} 2.0",
                "numa_agent_cycle_duration_seconds_bucket{plugin=\"numa-allocator\",le=\"+Inf\",} 2.0",
                "numa_agent_cycle_duration_seconds_count{plugin=\"numa-allocator\",} 2.0",
                "numa_agent_cycle_duration_seconds_sum{plugin=\"numa-allocator\",} 0.033203125",
                "numa_agent_cycle_duration_seconds_bucket{plugin=\"tier-mover\",le=\"10.0\",} 0.0",
                "numa_agent_cycle_duration_seconds_bucket{plugin=\"tier-mover\",le=\"+Inf\",} 1.0",
                "numa_agent_cycle_duration_seconds_count{plugin=\"tier-mover\",} 1.0",
                "numa_agent_cycle_duration_seconds_sum{plugin=\"tier-mover\",} 12.0",
                "# TYPE numa_agent_plugin_failures_total counter",
                "numa_agent_plugin_failures_total{plugin=\"numa-allocator\",} 1.0");
        assertThat(lines()).noneMatch(line -> line.startsWith("numa_agent_plugin_failures_total{plugin=\"tier-mover\""));
    }

    @Test
    void loopCyclesFeedTheLoopDurationHistogram() {
        telemetry.recordLoopCycle(Duration.ofNanos(31_250_000), Duration.ofNanos(1_953_125)); // 2^-5 s, 2^-9 s
        telemetry.recordLoopCycle(Duration.ofMillis(1500), null); // the JVM could not tell the CPU time

        assertThat(lines()).containsSubsequence(
                "# TYPE numa_agent_loop_duration_seconds histogram",
                "numa_agent_loop_duration_seconds_bucket{le=\"0.025\",} 0.0",
                "numa_agent_loop_duration_seconds_bucket{le=\"0.05\",} 1.0",
                "numa_agent_loop_duration_seconds_bucket{le=\"1.0\",} 1.0",
                "numa_agent_loop_duration_seconds_bucket{le=\"2.5\",} 2.0",
                "numa_agent_loop_duration_seconds_bucket{le=\"+Inf\",} 2.0",
                "numa_agent_loop_duration_seconds_count 2.0",
                "numa_agent_loop_duration_seconds_sum 1.53125");
        assertThat(lines()).containsSubsequence(
                "# TYPE numa_agent_loop_cpu_seconds histogram",
                "numa_agent_loop_cpu_seconds_bucket{le=\"0.001\",} 0.0",
                "numa_agent_loop_cpu_seconds_bucket{le=\"0.0025\",} 1.0",
                "numa_agent_loop_cpu_seconds_bucket{le=\"+Inf\",} 1.0",
                "numa_agent_loop_cpu_seconds_count 1.0",
                "numa_agent_loop_cpu_seconds_sum 0.001953125");
    }

    @Test
    void pluginTimeoutsSkipsAndDroppedDecisionsAreCountedPerPlugin() {
        telemetry.runner().recordTimeout("hung");
        telemetry.runner().recordSkip("hung");
        telemetry.runner().recordSkip("hung");
        telemetry.runner().recordDropped("flood", 999_000);

        assertThat(lines()).contains(
                "numa_agent_plugin_timeouts_total{plugin=\"hung\",} 1.0",
                "numa_agent_plugin_skipped_total{plugin=\"hung\",} 2.0",
                "numa_agent_decisions_dropped_total{plugin=\"flood\",} 999000.0");
    }

    @Test
    void everyPluginInstancesCountersStartAtZero() {
        telemetry.metricsFor("numa-allocator");
        telemetry.metricsFor("tier-b");
        telemetry.recordCycle("tier-b", Duration.ofMillis(1), true);

        for (String counter : List.of("numa_agent_plugin_failures_total", "numa_agent_plugin_timeouts_total",
                "numa_agent_plugin_skipped_total", "numa_agent_decisions_dropped_total", "numa_agent_pages_moved_total",
                "numa_agent_pages_failed_total")) {
            assertThat(lines()).as(counter).contains(counter + "{plugin=\"numa-allocator\",} 0.0");
        }
        assertThat(lines()).contains("numa_agent_plugin_failures_total{plugin=\"tier-b\",} 1.0",
                "numa_agent_pages_moved_total{plugin=\"tier-b\",} 0.0");
    }

    @Test
    void snapshotDurationsFeedTheirHistogram() {
        // 2^-9 s and 2^-4 s: exact in binary, so the sum is exact too
        telemetry.runner().recordSnapshotDuration(Duration.ofNanos(1_953_125));
        telemetry.runner().recordSnapshotDuration(Duration.ofNanos(62_500_000));

        assertThat(lines()).containsSubsequence(
                "# TYPE numa_agent_snapshot_duration_seconds histogram",
                "numa_agent_snapshot_duration_seconds_bucket{le=\"0.001\",} 0.0",
                "numa_agent_snapshot_duration_seconds_bucket{le=\"0.0025\",} 1.0",
                "numa_agent_snapshot_duration_seconds_bucket{le=\"0.05\",} 1.0",
                "numa_agent_snapshot_duration_seconds_bucket{le=\"0.1\",} 2.0",
                "numa_agent_snapshot_duration_seconds_bucket{le=\"+Inf\",} 2.0",
                "numa_agent_snapshot_duration_seconds_count 2.0",
                "numa_agent_snapshot_duration_seconds_sum 0.064453125");
    }

    @Test
    void readProblemsAreCountedByKind() {
        telemetry.runner().recordReadProblems("missing", 100);
        telemetry.runner().recordReadProblems("missing", 100);
        telemetry.runner().recordReadProblems("malformed", 1);

        assertThat(lines()).containsSubsequence(
                "# TYPE numa_agent_read_problems_total counter",
                "numa_agent_read_problems_total{kind=\"malformed\",} 1.0",
                "numa_agent_read_problems_total{kind=\"missing\",} 200.0");
    }
}
