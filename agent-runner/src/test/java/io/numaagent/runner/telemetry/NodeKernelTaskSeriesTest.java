package io.numaagent.runner.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.Fixtures;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.HostTreeWriter;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.tasks.SnapshotCollector;
import io.numaagent.runner.tasks.TaskSources;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node, kernel ({@code /proc/vmstat}) and per-task series, from snapshots read by the real readers
 * over the fixture trees, with the exact values the trees hold.
 */
class NodeKernelTaskSeriesTest {

    private static final double G = 1L << 30;
    private static final double M = 1L << 20;
    private static final double PAGE = TestMachine.PAGE_SIZE;

    private final Telemetry telemetry = new Telemetry("0.1.0");

    @TempDir
    Path tmp;

    @AfterEach
    void close() {
        telemetry.close();
    }

    /** A snapshot of the tasks of the cgroups one level below {@code parents}, read over {@code host}. */
    static Snapshot snapshot(Host host, long sequence, String... parents) {
        var sources = TaskSources.create(List.of(new TaskSourceConfig.Cgroups(List.of(parents), null, 1)), host);
        return new SnapshotCollector(host, sources, Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC))
                .collect(sequence, List.of());
    }

    /** The scrape as sample ("name{labels}") to value, labels as the text format writes them. */
    private Map<String, Double> samples() {
        Map<String, Double> samples = new LinkedHashMap<>();
        telemetry.prometheusText().lines().filter(l -> !l.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return samples;
    }

    private Map<String, Double> samplesStartingWith(String prefix) {
        Map<String, Double> matching = new LinkedHashMap<>();
        samples().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                matching.put(k, v);
            }
        });
        return matching;
    }

    @Test
    void twoSocketFourNodeExportsEveryVmstatCounterWithTheKernelsValue() {
        telemetry.recordSnapshot(snapshot(Fixtures.host("twoSocketFourNode"), 1, "/batch"));

        assertThat(samplesStartingWith("numa_agent_vmstat_")).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("numa_agent_vmstat_numa_hit_total", 987654321.0),
                Map.entry("numa_agent_vmstat_numa_miss_total", 1234.0),
                Map.entry("numa_agent_vmstat_numa_foreign_total", 1234.0),
                Map.entry("numa_agent_vmstat_numa_local_total", 987000000.0),
                Map.entry("numa_agent_vmstat_numa_other_total", 655555.0),
                Map.entry("numa_agent_vmstat_numa_pages_migrated_total", 800.0),
                Map.entry("numa_agent_vmstat_pgmigrate_success_total", 900.0),
                Map.entry("numa_agent_vmstat_pgmigrate_fail_total", 3.0),
                Map.entry("numa_agent_vmstat_numa_hint_faults_total", 4800.0),
                Map.entry("numa_agent_vmstat_numa_hint_faults_local_total", 4000.0),
                Map.entry("numa_agent_vmstat_pgpromote_success_total", 17.0),
                Map.entry("numa_agent_vmstat_pgdemote_kswapd_total", 300.0),
                Map.entry("numa_agent_vmstat_pgdemote_direct_total", 5.0)));
        assertThat(telemetry.prometheusText().lines().toList()).contains(
                "# TYPE numa_agent_vmstat_numa_hit_total counter",
                "# TYPE numa_agent_vmstat_pgdemote_direct_total counter");
    }

    @Test
    void laptopOneNodeOnAnOldKernelHasNoSeriesForCountersItLacksAndReportsTheKernelsTotalNotADelta() {
        TestMachine old = Fixtures.laptopOneNode().vmstat(Map.of("numa_hit", 100L, "numa_miss", 0L,
                "numa_local", 100L, "pgfault", 5L));
        HostPaths paths = HostTreeWriter.of(old).write(tmp.resolve("one"));
        telemetry.recordSnapshot(snapshot(Fixtures.host(paths), 1, "/user.slice"));
        TestMachine later = Fixtures.laptopOneNode().vmstat(Map.of("numa_hit", 250L, "numa_miss", 0L,
                "numa_local", 240L, "pgfault", 9L));
        HostPaths laterPaths = HostTreeWriter.of(later).write(tmp.resolve("two"));
        telemetry.recordSnapshot(snapshot(Fixtures.host(laterPaths), 2, "/user.slice"));

        assertThat(samplesStartingWith("numa_agent_vmstat_")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "numa_agent_vmstat_numa_hit_total", 250.0,
                "numa_agent_vmstat_numa_miss_total", 0.0,
                "numa_agent_vmstat_numa_local_total", 240.0));
        assertThat(telemetry.prometheusText()).doesNotContain("pgpromote", "pgfault");
    }

    @Test
    void twoSocketFourNodeNodeMemoryAndTaskPlacement() {
        telemetry.recordSnapshot(snapshot(Fixtures.host("twoSocketFourNode"), 1, "/batch", "/kubepods"));

        assertThat(samplesStartingWith("numa_agent_node_memory_total_bytes")).containsExactlyInAnyOrderEntriesOf(
                Map.of("numa_agent_node_memory_total_bytes{node=\"0\",}", 65607680 * 1024.0,
                        "numa_agent_node_memory_total_bytes{node=\"1\",}", 66060288 * 1024.0,
                        "numa_agent_node_memory_total_bytes{node=\"2\",}", 66060288 * 1024.0,
                        "numa_agent_node_memory_total_bytes{node=\"3\",}", 66060288 * 1024.0));
        assertThat(samplesStartingWith("numa_agent_node_memory_free_bytes")).containsExactlyInAnyOrderEntriesOf(
                Map.of("numa_agent_node_memory_free_bytes{node=\"0\",}", 30408704 * 1024.0,
                        "numa_agent_node_memory_free_bytes{node=\"1\",}", 41943040 * 1024.0,
                        "numa_agent_node_memory_free_bytes{node=\"2\",}", 52428800 * 1024.0,
                        "numa_agent_node_memory_free_bytes{node=\"3\",}", 62914560 * 1024.0));
        // memory.numa_stat anon + file per node
        assertThat(samplesStartingWith("numa_agent_task_memory_bytes")).containsExactlyInAnyOrderEntriesOf(
                Map.ofEntries(
                        Map.entry(taskNode("/batch/a", 0), 2 * G + 256 * M),
                        Map.entry(taskNode("/batch/a", 1), 512 * M),
                        Map.entry(taskNode("/batch/a", 2), 128 * M),
                        Map.entry(taskNode("/batch/a", 3), 0.0),
                        Map.entry(taskNode("/batch/b", 0), 0.0),
                        Map.entry(taskNode("/batch/b", 1), 4 * G + 64 * M),
                        Map.entry(taskNode("/batch/b", 2), 0.0),
                        Map.entry(taskNode("/batch/b", 3), 0.0),
                        Map.entry(taskNode("/kubepods/pod123", 0), 0.0),
                        Map.entry(taskNode("/kubepods/pod123", 1), 0.0),
                        Map.entry(taskNode("/kubepods/pod123", 2), 3 * G + 256 * M),
                        Map.entry(taskNode("/kubepods/pod123", 3), 1 * G)));
        // /batch/a may use every node and CPU: its home is where most of its memory is (node 0)
        assertThat(samplesStartingWith("numa_agent_task_home_node_ratio")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "numa_agent_task_home_node_ratio{task=\"/batch/a\",}", (2 * G + 256 * M) / (2 * G + 896 * M),
                "numa_agent_task_home_node_ratio{task=\"/batch/b\",}", 1.0,
                "numa_agent_task_home_node_ratio{task=\"/kubepods/pod123\",}", (3 * G + 256 * M) / (4 * G + 256 * M)));
        assertThat(samplesStartingWith("numa_agent_task_pinned_node")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "numa_agent_task_pinned_node{task=\"/batch/a\",}", -1.0,
                "numa_agent_task_pinned_node{task=\"/batch/b\",}", 1.0,
                "numa_agent_task_pinned_node{task=\"/kubepods/pod123\",}", 2.0));
    }

    @Test
    void cxlTwoMemoryOnlyNodesTaskPinnedByItsCpusAlonePutsTieredMemoryOffItsHomeNode() {
        telemetry.recordSnapshot(snapshot(Fixtures.host("cxlTwoMemoryOnlyNodes"), 1, "/batch"));

        // cpuset.mems 0,2 (a CPU node and its CXL node), cpuset.cpus 0-3,8-11 all on node 0: pinned to node 0;
        // memory.numa_stat total= pages: 325010 on node 0, 25000 on node 2
        assertThat(samplesStartingWith("numa_agent_task_pinned_node"))
                .containsExactlyEntriesOf(Map.of("numa_agent_task_pinned_node{task=\"/batch/a\",}", 0.0));
        assertThat(samplesStartingWith("numa_agent_task_home_node_ratio"))
                .containsExactlyEntriesOf(Map.of("numa_agent_task_home_node_ratio{task=\"/batch/a\",}",
                        325010.0 / 350010.0));
        assertThat(samples()).containsEntry(taskNode("/batch/a", 0), 325010 * PAGE)
                .containsEntry(taskNode("/batch/a", 2), 25000 * PAGE);
    }

    @Test
    void twoSocketFourNodeTaskThatGoesAwayLosesItsSeries() {
        Host host = Fixtures.host("twoSocketFourNode");
        telemetry.recordSnapshot(snapshot(host, 1, "/batch", "/kubepods"));
        telemetry.recordSnapshot(snapshot(host, 2, "/batch"));

        assertThat(telemetry.prometheusText()).doesNotContain("pod123").contains("task=\"/batch/b\"");
        assertThat(samplesStartingWith("numa_agent_task_pinned_node")).containsOnlyKeys(
                "numa_agent_task_pinned_node{task=\"/batch/a\",}", "numa_agent_task_pinned_node{task=\"/batch/b\",}");
    }

    /**
     * The series are kept and set in place from snapshot to snapshot: when per-node memory is not read
     * (no running plugin declares it) a task keeps only its pinned node, and its memory and ratio come
     * back, with the values of the snapshot, once it is read again.
     */
    @Test
    void twoSocketFourNodeMemorySeriesFollowWhatIsMeasured() {
        Host host = Fixtures.host("twoSocketFourNode");
        var sources = TaskSources.create(List.of(new TaskSourceConfig.Cgroups(List.of("/batch"), null, 1)), host);
        SnapshotCollector collector = new SnapshotCollector(host, sources, Clock.systemUTC());
        telemetry.recordSnapshot(collector.collect(1, List.of()));
        Map<String, Double> memory = samplesStartingWith("numa_agent_task_memory_bytes");
        Map<String, Double> pinned = samplesStartingWith("numa_agent_task_pinned_node");
        assertThat(memory).containsKey(taskNode("/batch/a", 2));
        assertThat(samplesStartingWith("numa_agent_task_home_node_ratio")).isNotEmpty();

        collector.measuring(Set.of(Measurement.CPUSETS));
        telemetry.recordSnapshot(collector.collect(2, List.of()));
        assertThat(samplesStartingWith("numa_agent_task_memory_bytes")).isEmpty();
        assertThat(samplesStartingWith("numa_agent_task_home_node_ratio")).isEmpty();
        assertThat(samplesStartingWith("numa_agent_task_pinned_node")).isEqualTo(pinned);

        collector.measuring(Measurement.all());
        telemetry.recordSnapshot(collector.collect(3, List.of()));
        assertThat(samplesStartingWith("numa_agent_task_memory_bytes")).isEqualTo(memory);
        assertThat(samplesStartingWith("numa_agent_task_pinned_node")).isEqualTo(pinned);
    }

    private static String taskNode(String task, int node) {
        return "numa_agent_task_memory_bytes{node=\"" + node + "\",task=\"" + task + "\",}";
    }
}
