package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.api.testing.TestMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link CgroupReads} keeps across cycles through {@link CgroupFileCache}: a missing control file is
 * not looked for again (still reported in every cycle) until the cgroup is created anew or
 * {@link CgroupFileCache#REPROBE_CYCLES} cycles pass; cgroups that go away are forgotten; a cgroup that
 * gains a sub-cgroup is listed again although it was a leaf.
 */
class CgroupFileCacheTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    private TestMachine machine;
    private HostPaths paths;
    private Host host;
    private final CgroupFileCache absent = new CgroupFileCache();

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
        absent.startCycle(Instant.EPOCH);
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

    private static void deleteTree(Path dir) throws IOException {
        PlatformReaderTest.deleteTree(dir);
    }

}
