package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.api.testing.TestMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link CgroupReads} keeps across cycles through {@link CgroupFileCache}: a missing control file is
 * not looked for again (still reported in every cycle) until the cgroup is created anew or
 * {@link CgroupFileCache#REPROBE_CYCLES} cycles pass; configuration files (cpusets, limits) are kept
 * for at most {@link CgroupFileCache#CONFIGURATION_MAX_SNAPSHOTS} snapshots or
 * {@link CgroupFileCache#CONFIGURATION_MAX_AGE}, measurements are read every cycle; cgroups that go
 * away are forgotten; a cgroup that gains a sub-cgroup is listed again although it was a leaf.
 */
class CgroupFileCacheTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    private TestMachine machine;
    private HostPaths paths;
    private Host host;
    private final CgroupFileCache absent = new CgroupFileCache();
    private Instant now = Instant.parse("2026-12-02T12:00:00Z");

    @BeforeEach
    void twoSocketFourNodeWithTwoTasks() {
        machine = TestMachine.twoSocketFourNode();
        machine.task("/batch/a").pids(10).anon(Map.of(0, 64 * MIB));
        machine.task("/batch/b").pids(11).anon(Map.of(1, 64 * MIB));
        paths = HostTreeWriter.of(machine.countMemoryIntoParents()).write(tmp);
        host = Fixtures.host(paths);
    }

    private Path dir(String cgroup) {
        return paths.cgroupfs().resolve(cgroup.substring(1));
    }

    /** One cycle as the snapshot collector runs it: list /batch, measure each child. */
    private Map<String, TaskMeasurements> cycle(Consumer<ReadProblems> warnings) {
        ReadProblems problems = new ReadProblems();
        absent.startCycle(now);
        CgroupReads reads = new CgroupReads(host, problems, CgroupReads.FileAccess.HOST, absent);
        Map<String, TaskMeasurements> out = new java.util.TreeMap<>();
        if (reads.exists("/batch")) {
            for (String child : reads.children("/batch")) {
                out.put(child, reads.measurements(child));
            }
        }
        absent.endCycle();
        warnings.accept(problems);
        return out;
    }

    private Map<String, TaskMeasurements> cycle() {
        return cycle(p -> { });
    }

    @Test
    void missingPeakIsReportedEveryCycleButLookedForAgainOnlyWhenTheCgroupIsNew() throws IOException {
        Path peak = dir("/batch/a").resolve("memory.peak");
        Files.delete(peak);
        ReadWarning missing = new ReadWarning(peak.toString(), "missing");
        cycle(p -> assertThat(p.warnings()).containsExactly(missing));

        // the file appears in the same directory: the remembered absence stands (no lookup), still reported
        Files.writeString(peak, "123\n");
        Map<String, TaskMeasurements> second = cycle(p -> assertThat(p.warnings()).containsExactly(missing));
        assertThat(second.get("/batch/a").memoryMaxUsageBytes()).isEqualTo(-1);

        // the cgroup is removed and created again: its files are looked for afresh. On cgroupfs the new
        // directory always has another inode (kernfs inode numbers carry a generation); here the old one
        // is kept aside until the new one exists, so that the file system cannot hand out its inode again.
        Path old = Files.move(dir("/batch/a"), tmp.resolve("old-a"));
        HostTreeWriter.of(machine).writeCgroup(paths.cgroupfs(), machine.cgroup("/batch/a"));
        deleteTree(old);
        Map<String, TaskMeasurements> third = cycle(p -> assertThat(p.warnings()).isEmpty());
        assertThat(third.get("/batch/a").memoryMaxUsageBytes()).isEqualTo(64 * MIB);
    }

    @Test
    void aFileThatAppearsInTheSameCgroupIsReadAfterTheReprobeInterval() throws IOException {
        Path peak = dir("/batch/b").resolve("memory.peak");
        Files.delete(peak);
        cycle();
        Files.writeString(peak, "4096\n"); // e.g. the memory controller enabled later

        for (int i = 2; i <= CgroupFileCache.REPROBE_CYCLES; i++) {
            assertThat(cycle().get("/batch/b").memoryMaxUsageBytes()).as("cycle %d", i).isEqualTo(-1);
        }
        assertThat(cycle().get("/batch/b").memoryMaxUsageBytes()).isEqualTo(4096);
    }

    @Test
    void newCgroupIsMeasuredAndRemovedCgroupIsForgotten() throws IOException {
        Files.delete(dir("/batch/a").resolve("memory.peak"));
        assertThat(cycle()).containsOnlyKeys("/batch/a", "/batch/b");
        assertThat(absent.size()).isEqualTo(2);

        machine.task("/batch/c").pids(12).anon(Map.of(2, 64 * MIB));
        HostTreeWriter.of(machine).writeCgroup(paths.cgroupfs(), machine.cgroup("/batch/c"));
        deleteTree(dir("/batch/a"));
        Map<String, TaskMeasurements> m = cycle(p -> assertThat(p.warnings()).isEmpty());

        assertThat(m).containsOnlyKeys("/batch/b", "/batch/c");
        assertThat(m.get("/batch/c").memoryBytesPerNode()).containsEntry(2, 64 * MIB);
        assertThat(absent.size()).isEqualTo(2);
    }

    @Test
    void leafThatGainsASubCgroupIsListedAgain() throws IOException {
        ReadProblems problems = new ReadProblems();
        CgroupReads first = new CgroupReads(host, problems, CgroupReads.FileAccess.HOST, absent);
        assertThat(first.children("/batch")).containsExactly("/batch/a", "/batch/b");
        assertThat(first.children("/batch/a")).isEmpty();

        machine.cgroup("/batch/a/worker").pids(13);
        HostTreeWriter.of(machine).writeCgroup(paths.cgroupfs(), machine.cgroup("/batch/a/worker"));
        CgroupReads second = new CgroupReads(host, problems, CgroupReads.FileAccess.HOST, absent);
        assertThat(second.children("/batch")).containsExactly("/batch/a", "/batch/b");
        assertThat(second.children("/batch/a")).containsExactly("/batch/a/worker");
        assertThat(second.pids("/batch/a")).containsExactly(10, 13);
        assertThat(problems.warnings()).isEmpty();
    }

    @Test
    void cpusetWrittenBySomeoneElseIsSeenWithinTheSnapshotBoundAndMemoryAtOnce() throws IOException {
        assertThat(cycle().get("/batch/a").cpus()).isEqualTo(CpuSet.EMPTY);

        // someone else (kubelet, an operator) writes the cpuset; the task's memory moves as well
        Files.writeString(dir("/batch/a").resolve("cpuset.cpus"), "0-3\n");
        Files.writeString(dir("/batch/a").resolve("cpuset.cpus.effective"), "0-3\n");
        Path numaStat = dir("/batch/a").resolve("memory.numa_stat");
        String before = Files.readString(numaStat);
        String moved = before.replace("\nanon N0=" + 64 * MIB + " N1=0", "\nanon N0=0 N1=" + 64 * MIB)
                .replaceFirst("^anon N0=" + 64 * MIB + " N1=0", "anon N0=0 N1=" + 64 * MIB);
        assertThat(moved).isNotEqualTo(before);
        Files.writeString(numaStat, moved);
        int seenAt = -1;
        for (int i = 1; i <= CgroupFileCache.CONFIGURATION_MAX_SNAPSHOTS && seenAt < 0; i++) {
            TaskMeasurements m = cycle().get("/batch/a");
            assertThat(m.memoryBytesPerNode()).as("snapshot %d", i).containsEntry(1, 64 * MIB).containsEntry(0, 0L);
            if (m.cpus().equals(CpuSet.parse("0-3"))) {
                assertThat(m.effectiveCpus()).isEqualTo(CpuSet.parse("0-3"));
                seenAt = i;
            }
        }
        assertThat(seenAt).as("snapshot that saw the new cpuset").isBetween(1, CgroupFileCache.CONFIGURATION_MAX_SNAPSHOTS);
    }

    @Test
    void cpusetWrittenBySomeoneElseIsSeenOnceTheAgeBoundHasPassed() throws IOException {
        cycle();
        Files.writeString(dir("/batch/b").resolve("cpuset.mems"), "1\n");
        now = now.plus(CgroupFileCache.CONFIGURATION_MAX_AGE);
        assertThat(cycle().get("/batch/b").mems()).isEqualTo(NodeSet.parse("1"));
    }

    @Test
    void configurationIsKeptForAWholePeriodAfterItsFirstReReadThenReadAgain() {
        CgroupFileCache cache = new CgroupFileCache();
        Object inode = "inode-1";
        cache.startCycle(now);
        cache.entry("/batch/a", inode).keepConfiguration("cpuset.cpus", "0-1\n");
        cache.endCycle();
        // the first re-read comes after a fraction of the period (spread over the cgroups) ...
        int cycle = 1;
        while (true) {
            cycle++;
            cache.startCycle(now);
            CgroupFileCache.Entry e = cache.entry("/batch/a", inode);
            cache.endCycle();
            if (e.configuration("cpuset.cpus") == null) {
                e.keepConfiguration("cpuset.cpus", "0-2\n");
                break;
            }
            assertThat(cycle).as("first re-read").isLessThanOrEqualTo(1 + CgroupFileCache.CONFIGURATION_MAX_SNAPSHOTS);
        }
        // ... then every whole period: kept in the next 9 snapshots, read in the 10th
        for (int i = 1; i <= CgroupFileCache.CONFIGURATION_MAX_SNAPSHOTS; i++) {
            cache.startCycle(now);
            String kept = cache.entry("/batch/a", inode).configuration("cpuset.cpus");
            cache.endCycle();
            assertThat(kept).as("snapshot %d after the re-read", i)
                    .isEqualTo(i < CgroupFileCache.CONFIGURATION_MAX_SNAPSHOTS ? "0-2\n" : null);
        }
        // a new directory (removed and created again) is read at once
        cache.startCycle(now);
        CgroupFileCache.Entry e = cache.entry("/batch/a", inode);
        e.keepConfiguration("cpuset.cpus", "0-3\n");
        cache.endCycle();
        cache.startCycle(now);
        assertThat(cache.entry("/batch/a", "inode-2").configuration("cpuset.cpus")).isNull();
    }

    @Test
    void theAgentsOwnWriteDropsTheTasksSubtreeOnly() {
        CgroupFileCache cache = new CgroupFileCache();
        List<String> cgroups = List.of("/kubepods/pod1", "/kubepods/pod1/c1", "/kubepods/pod10", "/batch/a");
        Map<String, CgroupFileCache.Entry> entries = new java.util.TreeMap<>();
        cache.startCycle(now);
        for (String c : cgroups) {
            entries.put(c, cache.entry(c, c));
            entries.get(c).keepConfiguration("cpuset.mems", "0\n");
        }
        cache.endCycle();

        cache.invalidateConfiguration("/kubepods/pod1");

        assertThat(entries.get("/kubepods/pod1").configuration("cpuset.mems")).isNull();
        assertThat(entries.get("/kubepods/pod1/c1").configuration("cpuset.mems")).isNull();
        assertThat(entries.get("/kubepods/pod10").configuration("cpuset.mems")).isEqualTo("0\n");
        assertThat(entries.get("/batch/a").configuration("cpuset.mems")).isEqualTo("0\n");
    }

    private static void deleteTree(Path dir) throws IOException {
        PlatformReaderTest.deleteTree(dir);
    }

}
