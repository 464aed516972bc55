package io.numaagent.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.Fixtures;
import io.numaagent.runner.host.HostTreeWriter;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.ReadProblems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One cycle lists each cgroup directory once and reads each {@code cgroup.procs} once, however many sources look. */
class CgroupReadsPerCycleTest {

    @TempDir
    Path tmp;

    /** Counts, per path, what the cycle's cgroup reads ask of the file system. */
    private static final class CountingFiles implements CgroupReads.FileAccess {
        final Map<String, Integer> listed = new TreeMap<>();
        final Map<String, Integer> read = new TreeMap<>();
        final Map<String, Integer> stated = new TreeMap<>();

        @Override
        public boolean isDirectory(Path dir) {
            stated.merge(dir.toString(), 1, Integer::sum);
            return CgroupReads.FileAccess.HOST.isDirectory(dir);
        }

        @Override
        public List<Path> subdirectories(Path dir, ReadProblems problems) {
            listed.merge(dir.toString(), 1, Integer::sum);
            return CgroupReads.FileAccess.HOST.subdirectories(dir, problems);
        }

        @Override
        public Optional<List<String>> readLines(Path file, ReadProblems problems) {
            read.merge(file.toString(), 1, Integer::sum);
            return CgroupReads.FileAccess.HOST.readLines(file, problems);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"twoSocketFourNode", "cxlTwoMemoryOnlyNodes"})
    void overlappingSourcesReadEachCgroupOncePerCycle(String fixture) {
        Host host = Fixtures.host(fixture);
        // three sources over overlapping subtrees: a static pod, every cgroup two levels down, the pods
        List<TaskSource> sources = TaskSources.create(List.of(
                new TaskSourceConfig.Static(List.of(new TaskSourceConfig.StaticTask("/batch/a", null, Map.of(),
                        Resources.NONE, QosClass.UNKNOWN))),
                new TaskSourceConfig.Cgroups(List.of("/"), null, 2),
                new TaskSourceConfig.Cgroups(List.of("/kubepods"), null, 1)), host);
        CountingFiles files = new CountingFiles();
        SnapshotCollector collector = new SnapshotCollector(host, sources,
                Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC), files);

        for (int cycle = 1; cycle <= 2; cycle++) {
            List<Task> tasks = collector.collect(cycle, List.of()).tasks();
            int once = cycle; // each cycle adds exactly one read of each

            assertThat(tasks).isNotEmpty();
            assertThat(files.read).isNotEmpty().allSatisfy((file, n) -> {
                assertThat(file).endsWith("/cgroup.procs");
                assertThat(n).as(file).isEqualTo(once);
            });
            assertThat(files.listed).isNotEmpty().allSatisfy((dir, n) -> assertThat(n).as(dir).isEqualTo(once));
            assertThat(files.stated).allSatisfy((dir, n) -> assertThat(n).as(dir).isEqualTo(once));
        }
        // the scan of "/" read every cgroup below the root: nothing was left out to get the count down
        String root = host.cgroups().processDir("/").toString();
        assertThat(files.read.keySet()).containsExactlyInAnyOrderElementsOf(files.listed.keySet().stream()
                .filter(dir -> !dir.equals(root)).map(dir -> dir + "/cgroup.procs").toList());
    }

    /** Bug: a garbled cgroup.procs was reported once per read, up to three times a cycle; now once. */
    @Test
    void aGarbledCgroupProcsIsReportedOncePerCycle() throws IOException {
        TestMachine m = TestMachine.laptopOneNode();
        m.cgroup("/jobs/a").pids(10).anon(Map.of(0, 1L << 20)).cpuset("0", "0");
        m.cgroup("/jobs/b").pids(11).anon(Map.of(0, 1L << 20)).cpuset("0", "0");
        HostPaths paths = HostTreeWriter.of(m.countMemoryIntoParents()).write(tmp);
        Path procs = paths.cgroupfs().resolve("jobs/a/cgroup.procs");
        Files.writeString(procs, "10\nabc\n");
        Host host = Fixtures.host(paths);
        List<TaskSource> sources = TaskSources.create(List.of(
                new TaskSourceConfig.Static(List.of(new TaskSourceConfig.StaticTask("/jobs/a", null, Map.of(),
                        Resources.NONE, QosClass.UNKNOWN))),
                new TaskSourceConfig.Cgroups(List.of("/jobs"), null, 1)), host);
        Snapshot s = new SnapshotCollector(host, sources, Clock.systemUTC()).collect(1, List.of());

        assertThat(s.task("/jobs/a").orElseThrow().pids()).containsExactly(10);
        assertThat(s.warnings()).filteredOn(w -> w.path().equals(procs.toString()))
                .containsExactly(new ReadWarning(procs.toString(), "not a pid: \"abc\""));
    }
}
