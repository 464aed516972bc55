package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskMeasurementReaderTest {

    private static final long M = 1L << 20;
    private static final long G = 1L << 30;
    private static final long PAGE = 4096;

    @TempDir
    Path tmp;

    private static TaskMeasurementReader reader(String fixture) {
        return new TaskMeasurementReader(CgroupLayout.detect(Fixtures.paths(fixture)), PAGE);
    }

    @Test
    void twoSocketFourNodeV2TaskWithInheritedCpuset() {
        ReadProblems problems = new ReadProblems();
        TaskMeasurements m = reader("twoSocketFourNode").read("/batch/a", problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(m).isEqualTo(new TaskMeasurements(Map.of(0, 2 * G + 256 * M, 1, 512 * M, 2, 128 * M, 3, 0L),
                2 * G + 512 * M + 256 * M + 128 * M + 65536, -1, 3 * G, 3_600_000_000_000L,
                CpuSet.EMPTY, NodeSet.EMPTY, CpuSet.parse("0-31"), NodeSet.parse("0-3"), false));
        assertThat(m.allowedCpus()).isEqualTo(CpuSet.parse("0-31"));
    }

    @Test
    void twoSocketFourNodeV2PinnedTaskWithLimit() {
        ReadProblems problems = new ReadProblems();
        TaskMeasurements m = reader("twoSocketFourNode").read("/batch/b", problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(m.memoryBytesPerNode()).isEqualTo(Map.of(0, 0L, 1, 4 * G + 64 * M, 2, 0L, 3, 0L));
        assertThat(m.memoryLimitBytes()).isEqualTo(8 * G);
        assertThat(m.cpus()).isEqualTo(CpuSet.parse("4-7,20-23"));
        assertThat(m.mems()).isEqualTo(NodeSet.of(1));
        assertThat(m.cpuUsageNanos()).isEqualTo(120_000_000_000L);
    }

    @Test
    void twoSocketFourNodePodIsMeasuredAtThePodWithPidsOfItsContainers() {
        ReadProblems problems = new ReadProblems();
        CgroupReads r = new CgroupReads(Fixtures.host("twoSocketFourNode"), problems);

        assertThat(r.pids("/kubepods/pod123")).containsExactly(2001, 2002);
        assertThat(r.ownPids("/kubepods/pod123")).isEmpty();
        assertThat(r.descendants("/kubepods")).containsExactly("/kubepods/pod123",
                "/kubepods/pod123/ctr-app", "/kubepods/pod123/ctr-sidecar");
        assertThat(r.children("/")).containsExactly("/batch", "/kubepods", "/system.slice");
        TaskMeasurements m = r.measurements("/kubepods/pod123");
        assertThat(m.memoryBytesPerNode()).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 3 * G + 256 * M, 3, G));
        assertThat(m.memoryLimitBytes()).isEqualTo(6 * G);
        assertThat(problems.warnings()).isEmpty();
    }

    @Test
    void cxlTwoMemoryOnlyNodesV1TaskInPagesWithMemoryMigrate() {
        ReadProblems problems = new ReadProblems();
        TaskMeasurements m = reader("cxlTwoMemoryOnlyNodes").read("/batch/a", problems);

        assertThat(problems.warnings()).isEmpty();
        long usage = 350010 * PAGE;
        assertThat(m).isEqualTo(new TaskMeasurements(Map.of(0, 325010 * PAGE, 1, 0L, 2, 25000 * PAGE, 3, 0L),
                usage, 4 * G, usage + M, 987654321000L, CpuSet.parse("0-3,8-11"), NodeSet.of(0, 2),
                CpuSet.parse("0-3,8-11"), NodeSet.of(0, 2), true, 1024));
    }

    @Test
    void cxlTwoMemoryOnlyNodesV1PodUsesHierarchicalTotals() {
        ReadProblems problems = new ReadProblems();
        CgroupReads r = new CgroupReads(Fixtures.host("cxlTwoMemoryOnlyNodes"), problems);
        TaskMeasurements m = r.measurements("/kubepods/pod456");

        assertThat(problems.warnings()).isEmpty();
        assertThat(m.memoryBytesPerNode()).isEqualTo(Map.of(0, 0L, 1, 130000 * PAGE, 2, 0L, 3, 10000 * PAGE));
        assertThat(m.memoryLimitBytes()).isEqualTo(-1);
        assertThat(m.memoryMigrate()).isFalse();
        assertThat(r.pids("/kubepods/pod456")).containsExactly(4000, 4001);
    }

    @Test
    void v1PageSizeIsInjected() {
        TaskMeasurementReader r = new TaskMeasurementReader(
                CgroupLayout.detect(Fixtures.paths("cxlTwoMemoryOnlyNodes")), 65536);

        assertThat(r.memoryPerNode("/batch/a", new ReadProblems())).containsEntry(2, 25000 * 65536L);
    }

    @Test
    void v1TotalIsUsedWhenHierarchicalTotalIsAbsent() throws IOException {
        TestMachine m = TestMachine.laptopOneNode().cgroupV1();
        m.cgroup("/x").pids(7).anon(Map.of(0, 8 * PAGE)).cpuset("0", "0");
        HostPaths paths = HostTreeWriter.of(m.countMemoryIntoParents()).write(tmp);
        Path stat = paths.cgroupfs().resolve("memory/x/memory.numa_stat");
        Files.writeString(stat, "total=3 N0=3\nfile=1 N0=1\nanon=2 N0=2\nunevictable=0 N0=0\n");
        ReadProblems problems = new ReadProblems();

        assertThat(new TaskMeasurementReader(CgroupLayout.detect(paths), PAGE).memoryPerNode("/x", problems))
                .isEqualTo(Map.of(0, 3 * PAGE));
        assertThat(problems.warnings()).isEmpty();
    }

    @Test
    void writtenTasksReadBackOnBothVersions() {
        for (boolean v1 : new boolean[] {false, true}) {
            TestMachine m = TestMachine.shape(2, 1, 2, 2, 1).nodeMemory(2, 16 * G, 8 * G);
            m.cgroup("/jobs/a").pids(10, 11).anon(Map.of(0, 2 * G, 2, G)).cpuset("0-1", "0,2");
            m.cgroup("/jobs/b").pids(12).anon(Map.of(1, G)).cpuset("4-5", "1");
            if (v1) {
                m.cgroupV1();
            }
            HostPaths paths = HostTreeWriter.of(m.countMemoryIntoParents()).write(tmp.resolve(v1 ? "v1" : "v2"));
            ReadProblems problems = new ReadProblems();
            CgroupReads r = new CgroupReads(Fixtures.host(paths), problems);

            assertThat(r.measurements("/jobs/a").memoryBytesPerNode()).isEqualTo(Map.of(0, 2 * G, 1, 0L, 2, G));
            assertThat(r.measurements("/jobs").memoryBytesPerNode()).isEqualTo(Map.of(0, 2 * G, 1, G, 2, G));
            assertThat(r.measurements("/jobs/b").cpus()).isEqualTo(CpuSet.parse("4-5"));
            assertThat(r.pids("/jobs")).containsExactly(10, 11, 12);
            assertThat(problems.warnings()).as(v1 ? "v1" : "v2").isEmpty();
        }
    }

    @Test
    void brokenV2FilesAreNamedAndTheRestIsRead() throws IOException {
        TestMachine machine = TestMachine.laptopOneNode();
        machine.cgroup("/t").pids(5).anon(Map.of(0, G)).cpuset("0-1", "0");
        HostPaths paths = HostTreeWriter.of(machine.countMemoryIntoParents()).write(tmp);
        Path dir = paths.cgroupfs().resolve("t");
        Files.writeString(dir.resolve("memory.numa_stat"), "anon N0=12 N1=x\nfile N0=1\n");
        Files.writeString(dir.resolve("memory.max"), "lots\n");
        Files.writeString(dir.resolve("cpu.stat"), "user_usec 5\n");
        Files.delete(dir.resolve("memory.peak"));
        Files.writeString(dir.resolve("cpuset.mems"), "");
        Files.writeString(dir.resolve("cpuset.cpus"), "0-1-2\n");
        Files.writeString(dir.resolve("cgroup.procs"), "5\nabc\n");
        ReadProblems problems = new ReadProblems();
        CgroupReads r = new CgroupReads(Fixtures.host(paths), problems);
        TaskMeasurements m = r.measurements("/t");
        List<Integer> pids = r.pids("/t");

        assertThat(problems.warnings()).extracting(ReadWarning::path).containsExactly(
                dir.resolve("memory.numa_stat").toString(), dir.resolve("memory.numa_stat").toString(),
                dir.resolve("memory.max").toString(), dir.resolve("memory.peak").toString(),
                dir.resolve("cpu.stat").toString(), dir.resolve("cpuset.cpus").toString(),
                dir.resolve("cgroup.procs").toString());
        assertThat(problems.warnings().get(1).message()).isEqualTo("no anon and file lines");
        assertThat(problems.warnings().get(6).message()).isEqualTo("not a pid: \"abc\"");
        assertThat(m.memoryBytesPerNode()).isEmpty();
        assertThat(m.memoryLimitBytes()).isEqualTo(-1);
        assertThat(m.memoryMaxUsageBytes()).isEqualTo(-1);
        assertThat(m.cpuUsageNanos()).isEqualTo(-1);
        assertThat(m.memoryUsageBytes()).isEqualTo(G);
        assertThat(m.cpus()).isEqualTo(CpuSet.EMPTY);
        assertThat(m.mems()).isEqualTo(NodeSet.EMPTY);
        assertThat(m.effectiveCpus()).isEqualTo(CpuSet.parse("0-1"));
        assertThat(pids).containsExactly(5);
    }

    /**
     * Only the files of the measurement kinds asked for are read: every file is garbled, so each read
     * shows as a warning, and the kinds not asked for are absent without one.
     */
    @Test
    void laptopOneNodeReadsOnlyTheKindsAskedFor() throws IOException {
        TestMachine machine = TestMachine.laptopOneNode();
        machine.cgroup("/t").pids(5).anon(Map.of(0, G)).cpuset("0-1", "0");
        HostPaths paths = HostTreeWriter.of(machine.countMemoryIntoParents()).write(tmp);
        Path dir = paths.cgroupfs().resolve("t");
        Map<Measurement, String> fileOf = Map.of(Measurement.MEMORY_PER_NODE, "memory.numa_stat",
                Measurement.MEMORY_USAGE, "memory.current", Measurement.MEMORY_LIMIT, "memory.max",
                Measurement.MEMORY_PEAK, "memory.peak", Measurement.CPU_USAGE, "cpu.stat",
                Measurement.CPUSETS, "cpuset.cpus", Measurement.CPU_WEIGHT, "cpu.weight");
        for (String file : fileOf.values()) {
            Files.writeString(dir.resolve(file), "garbled\n");
        }
        for (Measurement kind : Measurement.values()) {
            if (kind == Measurement.INTERRUPTS) {
                continue; // host-level, not a cgroup file (InterruptReaderTest)
            }
            ReadProblems problems = new ReadProblems();
            TaskMeasurements m = new CgroupReads(Fixtures.host(paths), problems, CgroupReads.FileAccess.HOST,
                    new CgroupFileCache(), Set.of(kind)).measurements("/t");
            // the threads' scheduling is no cgroup file of TaskMeasurements (tasks.ThreadSchedulingReader)
            List<String> warned = fileOf.containsKey(kind) ? List.of(dir.resolve(fileOf.get(kind)).toString())
                    : List.of();
            assertThat(problems.warnings().stream().map(ReadWarning::path).distinct()).as(kind.name())
                    .containsExactlyElementsOf(warned);
            assertThat(m).as(kind.name()).isEqualTo(m.only(Set.of(kind)));
        }
    }

    /** The v2 {@code memory.numa_stat} lines are found and their items parsed in place: the same as splitting them. */
    @Test
    void laptopOneNodeNumaStatLinesOfEveryShape() throws IOException {
        TestMachine machine = TestMachine.laptopOneNode();
        machine.cgroup("/t").pids(5).anon(Map.of(0, G));
        HostPaths paths = HostTreeWriter.of(machine.countMemoryIntoParents()).write(tmp);
        Path numaStat = paths.cgroupfs().resolve("t/memory.numa_stat");
        record Case(String text, Map<Integer, Long> perNode, List<String> warnings) {
        }
        List<Case> cases = List.of(
                new Case("anon N0=1 N1=2\nfile N0=3 N1=4\n", Map.of(0, 4L, 1, 6L), List.of()),
                new Case("  anon\tN0=1  N1=2 \r\nfile N0=3 N1=4", Map.of(0, 4L, 1, 6L), List.of()),
                new Case("\n\nanon N0=1\n\n \nfile N0=3\n\n", Map.of(0, 4L), List.of()),
                new Case("anonymous N0=9\nanon N0=1\nfile_mapped N0=7\nfile N0=3\n", Map.of(0, 4L), List.of()),
                new Case("anon\nfile\n", Map.of(), List.of()),
                new Case("anon N0=1 M1=2\nfile N0=3\n", Map.of(),
                        List.of("unexpected item \"M1=2\" in line \"anon N0=1 M1=2\"", "no anon and file lines")),
                new Case("anon N0=1 N=2\nfile N0=3\n", Map.of(),
                        List.of("unexpected item \"N=2\" in line \"anon N0=1 N=2\"", "no anon and file lines")),
                new Case("anon N0=1\nfile N0=\n", Map.of(),
                        List.of("unexpected item \"N0=\" in line \"file N0=\"", "no anon and file lines")),
                new Case("anon N0=99999999999999999999\nfile N0=1\n", Map.of(),
                        List.of("unexpected item \"N0=99999999999999999999\" in line \"anon N0=99999999999999999999\"",
                                "no anon and file lines")));
        for (Case c : cases) {
            Files.writeString(numaStat, c.text());
            ReadProblems problems = new ReadProblems();
            TaskMeasurements m = new CgroupReads(Fixtures.host(paths), problems).measurements("/t");
            assertThat(m.memoryBytesPerNode()).as(c.text()).isEqualTo(c.perNode());
            assertThat(problems.warnings()).as(c.text()).extracting(ReadWarning::message)
                    .containsExactlyElementsOf(c.warnings());
        }
    }

    @Test
    void missingCgroupReportsEveryFileAndMeasuresNothing() {
        TaskMeasurementReader r = reader("twoSocketFourNode");
        ReadProblems problems = new ReadProblems();
        TaskMeasurements m = r.read("/gone", problems);

        assertThat(m).isEqualTo(TaskMeasurements.NONE);
        assertThat(problems.warnings()).hasSize(9).allMatch(w -> w.message().equals("missing")
                && w.path().contains("/gone/"));
    }
}
