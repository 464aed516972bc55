package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.CpuDetails;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.ReadWarning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PlatformReaderTest {

    private static final long KB = 1024;

    @TempDir
    Path tmp;

    private static Platform read(HostPaths paths, ReadProblems problems) {
        return new PlatformReader(Fixtures.host(paths)).read(problems);
    }

    @Test
    void laptopOneNode() {
        ReadProblems problems = new ReadProblems();
        Platform p = read(Fixtures.paths("laptopOneNode"), problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(p.sockets()).isEqualTo(1);
        assertThat(p.dies()).isEqualTo(1);
        assertThat(p.cores()).isEqualTo(2);
        assertThat(p.onlineCpus()).isEqualTo(CpuSet.parse("0-3"));
        assertThat(p.isolatedCpus()).isEqualTo(CpuSet.EMPTY);
        assertThat(p.cpus()).containsExactly(
                new Cpu(0, 0, 0, 0, 0, CpuSet.of(0, 2), true, false),
                new Cpu(1, 0, 0, 1, 0, CpuSet.of(1, 3), true, false),
                new Cpu(2, 0, 0, 0, 0, CpuSet.of(0, 2), true, false),
                new Cpu(3, 0, 0, 1, 0, CpuSet.of(1, 3), true, false));
        assertThat(p.nodes()).containsExactly(new NumaNode(0, CpuSet.parse("0-3"), 16303912 * KB, 9521136 * KB,
                (16303912 - 9521136) * KB, List.of(10), -1));
    }

    @Test
    void twoSocketFourNode() {
        ReadProblems problems = new ReadProblems();
        Platform p = read(Fixtures.paths("twoSocketFourNode"), problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(p.sockets()).isEqualTo(2);
        assertThat(p.dies()).isEqualTo(2);
        assertThat(p.cores()).isEqualTo(16);
        assertThat(p.cpus()).hasSize(32);
        assertThat(p.onlineCpus()).isEqualTo(CpuSet.parse("0-31"));
        assertThat(p.isolatedCpus()).isEqualTo(CpuSet.parse("2-3,18-19"));
        assertThat(p.cpu(18)).contains(new Cpu(18, 0, 0, 2, 0, CpuSet.of(2, 18), true, true));
        assertThat(p.cpu(27)).contains(new Cpu(27, 1, 0, 3, 2, CpuSet.of(11, 27), true, false));
        assertThat(p.cpu(15)).contains(new Cpu(15, 1, 0, 7, 3, CpuSet.of(15, 31), true, false));
        assertThat(p.nodes()).containsExactly(
                new NumaNode(0, CpuSet.parse("0-3,16-19"), 65607680 * KB, 30408704 * KB, (65607680 - 30408704) * KB,
                        List.of(10, 12, 32, 32), 4),
                new NumaNode(1, CpuSet.parse("4-7,20-23"), 66060288 * KB, 41943040 * KB, (66060288 - 41943040) * KB,
                        List.of(12, 10, 32, 32), 4),
                new NumaNode(2, CpuSet.parse("8-11,24-27"), 66060288 * KB, 52428800 * KB, (66060288 - 52428800) * KB,
                        List.of(32, 32, 10, 12), 4),
                new NumaNode(3, CpuSet.parse("12-15,28-31"), 66060288 * KB, 62914560 * KB, (66060288 - 62914560) * KB,
                        List.of(32, 32, 12, 10), 4));
        assertThat(p.distance(1, 3)).isEqualTo(32);
    }

    @Test
    void cxlTwoMemoryOnlyNodes() {
        ReadProblems problems = new ReadProblems();
        Platform p = read(Fixtures.paths("cxlTwoMemoryOnlyNodes"), problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(p.sockets()).isEqualTo(2);
        assertThat(p.cores()).isEqualTo(8);
        assertThat(p.cpus()).hasSize(16);
        assertThat(p.cpu(12)).contains(new Cpu(12, 1, 0, 0, 1, CpuSet.of(4, 12), true, false));
        assertThat(p.nodes()).extracting(NumaNode::id, NumaNode::cpus, NumaNode::memTotalBytes, NumaNode::memoryTier,
                        NumaNode::hasCpus)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, CpuSet.parse("0-3,8-11"), 32587776 * KB, 4, true),
                        org.assertj.core.groups.Tuple.tuple(1, CpuSet.parse("4-7,12-15"), 33030144 * KB, 4, true),
                        org.assertj.core.groups.Tuple.tuple(2, CpuSet.EMPTY, 134217728 * KB, 22, false),
                        org.assertj.core.groups.Tuple.tuple(3, CpuSet.EMPTY, 134217728 * KB, 22, false));
        assertThat(p.node(3).orElseThrow().memUsedBytes()).isZero();
        assertThat(p.node(2).orElseThrow().distances()).containsExactly(14, 24, 10, 26);
    }

    /** The page size is the host's as given (from getpagesize), the cgroup version the detected layout's. */
    @ParameterizedTest(name = "{0}, {1}-byte pages")
    @CsvSource({
            "laptopOneNode,         4096,  2",
            "twoSocketFourNode,     16384, 2",
            "cxlTwoMemoryOnlyNodes, 65536, 1",
    })
    void pageSizeAndCgroupVersionAreTheHosts(String fixture, long pageSize, int cgroupVersion) {
        Platform p = new PlatformReader(Host.detect(Fixtures.paths(fixture), pageSize)).read(new ReadProblems());

        assertThat(p.pageSizeBytes()).isEqualTo(pageSize);
        assertThat(p.cgroupVersion()).isEqualTo(cgroupVersion);
    }

    @ParameterizedTest(name = "{0} sockets x {1} nodes x {2} cores x {3} threads + {4} memory-only nodes")
    @CsvSource({
            "1, 1, 2, 1, 0, 1, 2, 2",
            "1, 2, 4, 2, 0, 1, 8, 16",
            "2, 2, 4, 2, 0, 2, 16, 32",
            "2, 1, 8, 2, 2, 2, 16, 32",
            "4, 2, 2, 1, 0, 4, 16, 16",
    })
    void shapedHosts(int sockets, int nodesPerSocket, int coresPerNode, int threads, int memOnly,
                        int expectSockets, int expectCores, int expectCpus) {
        HostPaths paths = HostTreeWriter.of(TestMachine.shape(sockets, nodesPerSocket, coresPerNode, threads, memOnly))
                .write(tmp);
        ReadProblems problems = new ReadProblems();
        Platform p = read(paths, problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(p.sockets()).isEqualTo(expectSockets);
        assertThat(p.cores()).isEqualTo(expectCores);
        assertThat(p.cpus()).hasSize(expectCpus);
        assertThat(p.nodes()).hasSize(sockets * nodesPerSocket + memOnly);
        assertThat(p.nodes().stream().filter(n -> !n.hasCpus()).count()).isEqualTo(memOnly);
        assertThat(p.nodes().stream().mapToInt(n -> n.cpus().size()).sum()).isEqualTo(expectCpus);
        for (Cpu c : p.cpus()) {
            assertThat(p.node(c.node()).orElseThrow().cpus().contains(c.id())).isTrue();
            assertThat(c.siblings().size()).isEqualTo(threads);
        }
    }

    @Test
    void cpuNodeComesFromTheCpuNodeLinkWhenCpulistIsMissing() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.shape(2, 1, 2, 1, 0)).withCpuNodeLinks().write(tmp);
        Path cpulist = paths.sys("devices/system/node/node1/cpulist");
        Files.delete(cpulist);
        ReadProblems problems = new ReadProblems();
        Platform p = read(paths, problems);

        assertThat(p.cpu(2).orElseThrow().node()).isEqualTo(1);
        assertThat(p.cpu(3).orElseThrow().node()).isEqualTo(1);
        assertThat(p.node(1).orElseThrow().cpus()).isEqualTo(CpuSet.EMPTY);
        assertThat(problems.warnings()).containsExactly(new ReadWarning(cpulist.toString(), "missing"));
    }

    @Test
    void machineWithoutNodeDirectoryIsOneNodeWithProcMeminfo() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.laptopOneNode()).write(tmp);
        deleteTree(paths.sys("devices/system/node"));
        ReadProblems problems = new ReadProblems();
        Platform p = read(paths, problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(p.nodes()).containsExactly(new NumaNode(0, CpuSet.parse("0-3"), 8L << 30, 4L << 30, 4L << 30,
                List.of(10), -1));
        assertThat(p.cpus()).allMatch(c -> c.node() == 0);
    }

    @Test
    void unreadableNodeMeminfoGivesZeroMemoryAndAWarning() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.shape(2, 1, 2, 2, 0)).write(tmp);
        Path meminfo = paths.sys("devices/system/node/node1/meminfo");
        Files.delete(meminfo);
        ReadProblems problems = new ReadProblems();
        Platform p = read(paths, problems);

        assertThat(p.node(1).orElseThrow().memTotalBytes()).isZero();
        assertThat(p.node(0).orElseThrow().memTotalBytes()).isEqualTo(8L << 30);
        assertThat(problems.warnings()).containsExactly(new ReadWarning(meminfo.toString(), "missing"));
    }

    @Test
    void garbageAndEmptyFilesAreReportedAndTheRestIsRead() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.shape(2, 1, 2, 2, 0)).write(tmp);
        Path meminfo = paths.sys("devices/system/node/node0/meminfo");
        Files.writeString(meminfo, "Node 0 MemTotal:       lots kB\nNode 0 MemFree:  100 kB\n");
        Path distance = paths.sys("devices/system/node/node1/distance");
        Files.writeString(distance, "");
        Path coreId = paths.sys("devices/system/cpu/cpu3/topology/core_id");
        Files.writeString(coreId, "three\n");
        Path siblings = paths.sys("devices/system/cpu/cpu5/topology/thread_siblings_list");
        Files.writeString(siblings, "5,x\n");
        Path isolated = paths.sys("devices/system/cpu/isolated");
        Files.writeString(isolated, "0-\n");
        ReadProblems problems = new ReadProblems();
        Platform p = read(paths, problems);

        assertThat(problems.warnings()).extracting(ReadWarning::path).containsExactlyInAnyOrder(
                isolated.toString(), meminfo.toString(), meminfo.toString(), distance.toString(), coreId.toString(),
                siblings.toString());
        assertThat(problems.warnings()).extracting(ReadWarning::message).contains(
                "not a number in \"Node 0 MemTotal:       lots kB\"", "no MemTotal line; node memory taken as 0",
                "has 0 distances for 2 online nodes", "not a number: \"three\"");
        assertThat(p.node(0).orElseThrow().memTotalBytes()).isZero();
        assertThat(p.node(0).orElseThrow().memFreeBytes()).isEqualTo(100 * KB);
        assertThat(p.node(1).orElseThrow().distances()).isEmpty();
        assertThat(p.node(1).orElseThrow().memTotalBytes()).isEqualTo(8L << 30);
        assertThat(p.cpu(3).orElseThrow().core()).isEqualTo(-1);
        assertThat(p.cpu(5).orElseThrow().siblings()).isEqualTo(CpuSet.of(5));
        assertThat(p.isolatedCpus()).isEqualTo(CpuSet.EMPTY);
        assertThat(p.cpus()).hasSize(8);
    }

    @Test
    void offlineCpuWithoutTopologyIsListedWithoutWarning() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.laptopOneNode()).write(tmp);
        Files.writeString(paths.sys("devices/system/cpu/online"), "0-2\n");
        deleteTree(paths.sys("devices/system/cpu/cpu3/topology"));
        ReadProblems problems = new ReadProblems();
        Platform p = read(paths, problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(p.cpu(3)).contains(new Cpu(3, -1, 0, -1, 0, CpuSet.of(3), false, false));
        assertThat(p.onlineCpus()).isEqualTo(CpuSet.parse("0-2"));
    }

    @Test
    void emptySysfsReportsTheCpuDirectory() {
        HostPaths paths = new HostPaths(tmp.resolve("sys"), tmp.resolve("proc"), tmp.resolve("cgroup"));
        ReadProblems problems = new ReadProblems();
        Platform p = read(paths, problems);

        assertThat(p.cpus()).isEmpty();
        assertThat(problems.warnings()).extracting(ReadWarning::path).contains(
                paths.sys("devices/system/cpu").toString(), paths.proc("meminfo").toString());
    }

    /** Machines whose CPUs carry caches, clusters, frequencies, EPP or core kinds, as sysfs has them. */
    static Stream<Arguments> machinesWithCpuDetails() {
        return Stream.of(
                Arguments.of("twoSocketTwoL3PerSocket (AMD-like CCXs)",
                        TestMachine.qemu(2, 1, 1, 8, 2, 1L << 30).caches("0-7", "8-15", "16-23", "24-31")),
                Arguments.of("twoSocketFourNodeSixteenCpus, base frequencies 2.1 GHz and 2.6 GHz (SST-BF)",
                        TestMachine.twoSocketFourNodeSixteenCpus().caches("0-7", "8-15")
                                .frequencies("0-15", 2100000, 3900000).frequencies("4-5,12-13", 2600000, 3900000)),
                Arguments.of("hybridLaptopOneNode (P-cores 0-7 with EPP performance, E-cores 8-15)",
                        TestMachine.qemu(1, 1, 1, 8, 2, 1L << 30).caches("0-15")
                                .coreKind("0-7", CpuDetails.CoreKind.PERFORMANCE)
                                .coreKind("8-15", CpuDetails.CoreKind.EFFICIENT)
                                .energyPerformancePreference("0-7", "performance")
                                .energyPerformancePreference("8-15", "balance_power")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machinesWithCpuDetails")
    void cpuDetailsReadAsWritten(String name, TestMachine machine) {
        ReadProblems problems = new ReadProblems();
        Platform p = read(HostTreeWriter.of(machine).write(tmp), problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(p.cpus()).isEqualTo(machine.cpus());
        assertThat(p.cpus()).allSatisfy(c -> assertThat(c.details().nothingKnown()).isFalse());
    }

    @Test
    void laptopOneNodeFixtureHasNoCpuDetails() {
        Platform p = read(Fixtures.paths("laptopOneNode"), new ReadProblems());

        assertThat(p.cpus()).allSatisfy(c -> assertThat(c.details()).isEqualTo(CpuDetails.UNKNOWN));
    }

    @Test
    void twoSocketFourNodeSixteenCpusCachesSharedByManyCpusAreOneObject() {
        TestMachine m = TestMachine.twoSocketFourNodeSixteenCpus().caches("0-7", "8-15");
        Platform p = read(HostTreeWriter.of(m).write(tmp), new ReadProblems());

        assertThat(p.cpu(3).orElseThrow().details().cachesOfLevel(3).get(0))
                .isSameAs(p.cpu(0).orElseThrow().details().cachesOfLevel(3).get(0));
    }

    /**
     * A garbled details file is reported by path and reads as unknown; the rest of the CPU is read (CPU 0:
     * the first reader of each shared cache, whose files the CPUs sharing it are spared).
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "topology/cluster_id|x1|not a number: \"x1\"",
        "cpufreq/base_frequency|2.1GHz|not a number: \"2.1GHz\"",
        "cpufreq/cpuinfo_max_freq||empty, expected a number",
        "cache/index3/shared_cpu_list|0-x|not a CPU list",
        "cache/index3/level|three|not a number: \"three\""})
    void twoSocketFourNodeSixteenCpusGarbledDetailIsReported(String file, String content, String message)
            throws IOException {
        TestMachine m = TestMachine.twoSocketFourNodeSixteenCpus().caches("0-7", "8-15")
                .frequencies("0-15", 2100000, 3900000);
        HostPaths paths = HostTreeWriter.of(m).write(tmp);
        Path bad = paths.sys("devices/system/cpu/cpu0/" + file);
        Files.writeString(bad, content == null ? "" : content + "\n");
        ReadProblems problems = new ReadProblems();

        Platform p = read(paths, problems);

        assertThat(problems.warnings()).anySatisfy(w -> {
            assertThat(w.path()).isEqualTo(bad.toString());
            assertThat(w.message()).contains(message);
        });
        Cpu zero = p.cpu(0).orElseThrow();
        assertThat(zero.siblings()).isEqualTo(CpuSet.of(0, 1));
        assertThat(zero.node()).isEqualTo(0);
        assertThat(p.cpu(6).orElseThrow()).isEqualTo(m.cpus().get(6));
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
