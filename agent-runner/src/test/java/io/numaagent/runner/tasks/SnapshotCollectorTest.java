package io.numaagent.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.Fixtures;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import io.numaagent.api.testing.TestMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCollectorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void twoSocketFourNodeSnapshotWithDuplicateTasksAndWarnings() {
        HostPaths paths = Fixtures.paths("twoSocketFourNode");
        List<TaskSource> sources = TaskSources.create(List.of(
                new TaskSourceConfig.Static(List.of(
                        new TaskSourceConfig.StaticTask("/batch/a", "a", Map.of("tier", "gold"), Resources.NONE,
                                QosClass.GUARANTEED),
                        new TaskSourceConfig.StaticTask("/batch/gone", "gone", Map.of(), Resources.NONE,
                                QosClass.UNKNOWN))),
                new TaskSourceConfig.Cgroups(List.of("/batch", "/kubepods"), null, 1)), Fixtures.host(paths));
        SnapshotCollector collector = new SnapshotCollector(Fixtures.host(paths), sources, Clock.fixed(NOW, ZoneOffset.UTC));
        Outcome previous = Outcome.of(6, new SetCpus("numa-allocator", "/batch/a", CpuSet.parse("0-3"), "fits node 0"),
                Outcome.Status.APPLIED, "wrote 0-3");

        Snapshot s = collector.collect(7, List.of(previous));

        assertThat(s.sequence()).isEqualTo(7);
        assertThat(s.time()).isEqualTo(NOW);
        assertThat(s.platform().nodes()).hasSize(4);
        assertThat(s.kernel().numaBalancing()).isEqualTo(1);
        assertThat(s.tasks()).extracting(Task::id).containsExactly("/batch/a", "/batch/b", "/kubepods/pod123");
        assertThat(s.task("/batch/a").orElseThrow().labels()).isEqualTo(Map.of("tier", "gold"));
        assertThat(s.outcomes()).containsExactly(previous);
        assertThat(s.warnings()).containsExactly(
                new ReadWarning(paths.cgroupfs().resolve("batch/gone").toString(),
                        "cgroup of static task /batch/gone does not exist"),
                new ReadWarning("/batch/a", "task /batch/a listed by more than one source; keeping the first"));
    }

    @Test
    void eachSnapshotHasItsOwnWarnings() {
        HostPaths paths = Fixtures.paths("laptopOneNode");
        List<TaskSource> sources = TaskSources.create(List.of(new TaskSourceConfig.Static(List.of(
                new TaskSourceConfig.StaticTask("/nope", null, Map.of(), Resources.NONE, QosClass.UNKNOWN)))),
                Fixtures.host(paths));
        SnapshotCollector collector = new SnapshotCollector(Fixtures.host(paths), sources, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(collector.collect(1, List.of()).warnings()).hasSize(1);
        assertThat(collector.collect(2, List.of()).warnings()).hasSize(1);
    }

    /** Bug: on a kernel without NUMA, /proc/meminfo was read (and a bad line reported) twice per snapshot. */
    @Test
    void laptopOneNodeWithoutNumaReadsProcMeminfoOncePerSnapshot(@TempDir Path tmp) throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.laptopOneNode()).write(tmp);
        try (Stream<Path> tree = Files.walk(paths.sys("devices/system/node"))) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Path meminfo = paths.proc("meminfo");
        Files.writeString(meminfo, Files.readString(meminfo) + "garbage\n");
        SnapshotCollector collector = new SnapshotCollector(Fixtures.host(paths), List.of(), Clock.fixed(NOW,
                ZoneOffset.UTC));

        Snapshot s = collector.collect(1, List.of());

        assertThat(s.warnings()).filteredOn(w -> w.path().equals(meminfo.toString()))
                .containsExactly(new ReadWarning(meminfo.toString(), "unexpected line \"garbage\""));
        assertThat(s.platform().nodes()).singleElement().satisfies(n -> assertThat(n.memTotalBytes())
                .isEqualTo(s.kernel().meminfo().get("MemTotal")));
    }
    /**
     * Cpusets are kept between snapshots (CgroupFileCache); a cpuset decision's outcome makes the next
     * snapshot read its task's cgroup and the cgroups below it afresh, whatever the schedule.
     */
    @Test
    void twoSocketFourNodePodSeesTheAgentsOwnCpusetWriteInTheNextSnapshot(@TempDir Path tmp) throws IOException {
        TestMachine machine = TestMachine.twoSocketFourNode();
        machine.cgroup("/kubepods/pod1");
        machine.cgroup("/kubepods/pod1/c1").pids(21);
        machine.cgroup("/kubepods/pod2/c1").pids(22);
        HostPaths paths = HostTreeWriter.of(machine).write(tmp);
        List<TaskSource> sources = TaskSources.create(List.of(
                new TaskSourceConfig.Cgroups(List.of("/kubepods"), null, 1)), Fixtures.host(paths));
        SnapshotCollector collector = new SnapshotCollector(Fixtures.host(paths), sources, Clock.fixed(NOW, ZoneOffset.UTC));
        Snapshot first = collector.collect(1, List.of());
        assertThat(first.task("/kubepods/pod1").orElseThrow().measurements().cpus()).isEqualTo(CpuSet.EMPTY);

        for (int cycle = 2; cycle <= 12; cycle++) {
            // the executor writes the pod and its container, as for a whole-task set-cpus
            CpuSet wrote = CpuSet.parse("0-" + cycle);
            Path pod = paths.cgroupfs().resolve("kubepods/pod1");
            Files.writeString(pod.resolve("cpuset.cpus"), wrote + "\n");
            Files.writeString(pod.resolve("c1/cpuset.cpus"), wrote + "\n");
            Outcome applied = Outcome.of(cycle - 1, new SetCpus("numa-allocator", "/kubepods/pod1", wrote, "fits"),
                    Outcome.Status.APPLIED, "wrote " + wrote);

            Task pod1 = collector.collect(cycle, List.of(applied)).task("/kubepods/pod1").orElseThrow();

            assertThat(pod1.measurements().cpus()).as("snapshot %d", cycle).isEqualTo(wrote);
            assertThat(pod1.containers()).singleElement().satisfies(c -> assertThat(c.cpus()).isEqualTo(wrote));
        }
    }

    /** The same for the CPU weight: a set-cpu-shares outcome for a container makes the next snapshot read it. */
    @Test
    void twoSocketFourNodePodSeesTheAgentsOwnCpuWeightWriteInTheNextSnapshot(@TempDir Path tmp) throws IOException {
        TestMachine machine = TestMachine.twoSocketFourNode();
        machine.cgroup("/kubepods/pod1").cpuWeight(100);
        machine.cgroup("/kubepods/pod1/c1").pids(21).cpuWeight(100);
        HostPaths paths = HostTreeWriter.of(machine).write(tmp);
        List<TaskSource> sources = TaskSources.create(List.of(
                new TaskSourceConfig.Cgroups(List.of("/kubepods"), null, 1)), Fixtures.host(paths));
        SnapshotCollector collector = new SnapshotCollector(Fixtures.host(paths), sources, Clock.fixed(NOW, ZoneOffset.UTC));
        Snapshot first = collector.collect(1, List.of());
        assertThat(first.task("/kubepods/pod1").orElseThrow().containers()).singleElement()
                .satisfies(c -> assertThat(c.cpuWeight()).isEqualTo(100));

        for (int cycle = 2; cycle <= 12; cycle++) {
            long weight = 10 * cycle;
            Files.writeString(paths.cgroupfs().resolve("kubepods/pod1/c1/cpu.weight"), weight + "\n");
            Outcome applied = Outcome.of(cycle - 1, new SetCpuShares("topology-aware", "/kubepods/pod1",
                    "/kubepods/pod1/c1", 1024, "r"), Outcome.Status.APPLIED, "wrote cpu.weight");

            Task pod1 = collector.collect(cycle, List.of(applied)).task("/kubepods/pod1").orElseThrow();

            assertThat(pod1.containers()).as("snapshot %d", cycle).extracting(c -> c.cpuWeight()).containsExactly(weight);
            assertThat(pod1.measurements().cpuWeight()).isEqualTo(100);
        }
    }
}
