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
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
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
        public Optional<CgroupReads.Dir> directory(Path dir) {
            stated.merge(dir.toString(), 1, Integer::sum);
            return CgroupReads.FileAccess.HOST.directory(dir);
        }

        @Override
        public List<CgroupReads.Dir> subdirectories(Path dir, ReadProblems problems) {
            listed.merge(dir.toString(), 1, Integer::sum);
            return CgroupReads.FileAccess.HOST.subdirectories(dir, problems);
        }

        @Override
        public Optional<String> readText(Path file, File asFile, ReadProblems problems) {
            read.merge(file.toString(), 1, Integer::sum);
            return CgroupReads.FileAccess.HOST.readText(file, asFile, problems);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"twoSocketFourNode", "cxlTwoMemoryOnlyNodes"})
    void overlappingSourcesReadEachCgroupOncePerCycle(String fixture) throws IOException {
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
        Path root = host.cgroups().processDir("/");
        List<Path> below = cgroupDirs(root).stream().filter(d -> !d.equals(root)).toList();
        assertThat(files.read.keySet()).containsExactlyInAnyOrderElementsOf(below.stream()
                .map(dir -> dir + "/cgroup.procs").toList());
        // and listed only the directories that have sub-directories: a leaf's link count says it has none
        assertThat(files.listed.keySet()).containsExactlyInAnyOrderElementsOf(cgroupDirs(root).stream()
                .filter(CgroupReadsPerCycleTest::hasSubdirectories).map(Path::toString).toList());
    }

    private static List<Path> cgroupDirs(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isDirectory).toList();
        }
    }

    private static boolean hasSubdirectories(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(Files::isDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A task's container is read for its cpuset only: its memory and CPU time are the task's, read
     * at the task's cgroup (a pod's containers were read in full, doubling the cycle's reads).
     */
    @Test
    void laptopOneNodeContainerCgroupIsReadForItsCpusetOnly() throws IOException {
        TestMachine m = TestMachine.laptopOneNode();
        m.cgroup("/jobs/a").anon(Map.of(0, 1L << 20)).cpuset("0-3", "0");
        m.cgroup("/jobs/a/app").pids(10).anon(Map.of(0, 1L << 20)).cpuset("2-3", "0");
        HostPaths paths = HostTreeWriter.of(m.countMemoryIntoParents()).write(tmp);
        Path container = paths.cgroupfs().resolve("jobs/a/app");
        for (String memoryOrCpuTime : List.of("memory.numa_stat", "memory.current", "memory.max", "cpu.stat")) {
            Files.deleteIfExists(container.resolve(memoryOrCpuTime));
        }
        Host host = Fixtures.host(paths);
        List<TaskSource> sources = TaskSources.create(List.of(new TaskSourceConfig.Cgroups(List.of("/jobs"), null, 1)),
                host);

        Snapshot s = new SnapshotCollector(host, sources, Clock.systemUTC()).collect(1, List.of());

        Task task = s.task("/jobs/a").orElseThrow();
        assertThat(task.containers()).singleElement().satisfies(c -> {
            assertThat(c.cgroupPath()).isEqualTo("/jobs/a/app");
            assertThat(c.cpus().toString()).isEqualTo("2-3");
        });
        assertThat(s.warnings()).as("nothing missing is looked for in the container").noneMatch(w ->
                w.path().startsWith(container.toString()));
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
