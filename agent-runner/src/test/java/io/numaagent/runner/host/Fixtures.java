package io.numaagent.runner.host;

import io.numaagent.api.testing.TestCgroup;
import io.numaagent.api.testing.TestMachine;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The fixture trees under {@code src/test/resources/fixtures}, named after the machine they copy:
 * where they are ({@link #paths}, {@link #host}), and what they are, described as
 * {@link TestMachine}s that {@link HostTreeWriter} writes. {@code FixturesTest} fails when a
 * committed tree drifts from its description; {@link #main} rewrites the trees (run it from
 * {@code agent-runner}, then rerun {@code scripts/check-dry-run-golden.sh}).
 */
public final class Fixtures {

    /** Where the committed trees are, relative to the agent-runner module. */
    public static final Path COMMITTED = Path.of("src/test/resources/fixtures");

    private static final long G = 1L << 30;
    private static final long M = 1L << 20;
    /** What the fixtures' cgroups use besides their numa_stat pages (memory.current = anon + file + this). */
    private static final long CGROUP_OVERHEAD = 65536;
    private static final long PAGE = TestMachine.PAGE_SIZE;

    private Fixtures() {
    }

    /** The fixture directory {@code fixtures/<name>} on the test class path. */
    public static Path dir(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sys}, {@code proc} and {@code cgroup} of a fixture. */
    public static HostPaths paths(String name) {
        Path d = dir(name);
        return new HostPaths(d.resolve("sys"), d.resolve("proc"), d.resolve("cgroup"));
    }

    /** The host under {@code paths}, its cgroup layout detected, with 4 KiB pages (as every fixture's). */
    public static Host host(HostPaths paths) {
        return Host.detect(paths, TestMachine.PAGE_SIZE);
    }

    /** The host of fixture {@code name} (see {@link #host(HostPaths)}). */
    public static Host host(String name) {
        return host(paths(name));
    }

    /** The fixtures by directory name. */
    public static Map<String, Supplier<TestMachine>> all() {
        Map<String, Supplier<TestMachine>> all = new LinkedHashMap<>();
        all.put("laptopOneNode", Fixtures::laptopOneNode);
        all.put("twoSocketFourNode", Fixtures::twoSocketFourNode);
        all.put("cxlTwoMemoryOnlyNodes", Fixtures::cxlTwoMemoryOnlyNodes);
        return all;
    }

    /** Rewrites the committed trees (under the directory given as the first argument, if any). */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : COMMITTED;
        for (var fixture : all().entrySet()) {
            Path tree = dir.resolve(fixture.getKey());
            deleteTree(tree);
            HostTreeWriter.of(fixture.getValue().get()).write(tree);
            System.out.println("wrote " + tree);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A laptop: one node, 4 CPUs, swap, numa_balancing off; a user slice with java and bash. */
    public static TestMachine laptopOneNode() {
        TestMachine m = TestMachine.laptopOneNode().nodeMemory(0, 16303912 * 1024L, 9521136 * 1024L)
                .numaBalancing(0).swapBytes(8388604 * 1024L).vmstat(VMSTAT);
        m.cgroup("/").pids(1);
        v2(m, "/user.slice", new long[] {0}, new long[] {0}).effective("0-3", "0");
        v2(m, "/user.slice/user-1000.slice", new long[] {734003200}, new long[] {268435456}).pids(4242, 4243)
                .effective("0-3", "0").cpuUsageNanos(98765432 * 1000L);
        m.process(1).command("systemd", "/sbin/init", "splash").memoryKb(12288, 14336).cgroup("/init.scope")
                .numaMaps("55d0c0a00000 default file=/usr/lib/systemd/systemd mapped=30 N0=30 kernelpagesize_kB=4")
                .allowed("0-3", "0").cpuTicks(150, 80);
        m.process(4242).command("java", "/usr/bin/java", "-Xmx2g", "-jar", "app.jar").memoryKb(1048576, 1310720)
                .cgroup("/user.slice/user-1000.slice")
                .numaMaps("00400000 default file=/usr/lib/jvm/bin/java mapped=2 N0=2 kernelpagesize_kB=4",
                        "7f0000000000 default anon=262144 dirty=262144 active=0 N0=262144 kernelpagesize_kB=4",
                        "7f4000000000 default huge anon=2 dirty=2 N0=2 kernelpagesize_kB=2048",
                        "7ffd1c000000 default stack anon=8 dirty=8 N0=8 kernelpagesize_kB=4",
                        "7ffd1c100000 default")
                .allowed("0-3", "0").cpuTicks(12000, 3000);
        m.process(4243).command("bash", "bash").memoryKb(4096, 4096).cgroup("/user.slice/user-1000.slice")
                .numaMaps("55e000000000 default file=/usr/bin/bash mapped=200 N0=200 kernelpagesize_kB=4")
                .allowed("0-3", "0").cpuTicks(10, 5);
        return m;
    }

    /** Two sockets of SNC-2 (4 nodes, 32 CPUs, 2-3 and 18-19 isolated), cgroup v2: batch jobs, a pod, sshd. */
    public static TestMachine twoSocketFourNode() {
        TestMachine m = TestMachine.twoSocketFourNode()
                .nodeMemory(0, 65607680 * 1024L, 30408704 * 1024L).nodeMemory(1, 66060288 * 1024L, 41943040 * 1024L)
                .nodeMemory(2, 66060288 * 1024L, 52428800 * 1024L).nodeMemory(3, 66060288 * 1024L, 62914560 * 1024L)
                .isolated("2-3,18-19").numaBalancing(1).vmstat(VMSTAT)
                .rootControllers("cpuset cpu io memory hugetlb pids rdma misc", "cpuset cpu io memory pids");
        m.cgroup("/").pids(1).effective("0-31", "0-3");
        long[] none = {0, 0, 0, 0};
        v2(m, "/batch", none, none);
        v2(m, "/batch/a", new long[] {2 * G, 512 * M, 0, 0}, new long[] {256 * M, 0, 128 * M, 0}).pids(1001, 1002)
                .cpuUsageNanos(3600000000L * 1000).memoryPeak(3 * G);
        v2(m, "/batch/b", new long[] {0, 4 * G, 0, 0}, new long[] {0, 64 * M, 0, 0}).pids(1101)
                .cpuset("4-7,20-23", "1").memoryMax(8589934592L).cpuUsageNanos(120000000L * 1000);
        v2(m, "/kubepods", none, none);
        v2(m, "/kubepods/pod123", new long[] {0, 0, 3 * G, G}, new long[] {0, 0, 256 * M, 0})
                .cpuset("8-11,24-27", "2").memoryMax(6442450944L).cpuUsageNanos(500000000L * 1000);
        v2(m, "/kubepods/pod123/ctr-app", new long[] {0, 0, 3 * G, G - 64 * M}, new long[] {0, 0, 256 * M, 0})
                .pids(2001).effective("8-11,24-27", "2").cpuUsageNanos(490000000L * 1000);
        v2(m, "/kubepods/pod123/ctr-sidecar", new long[] {0, 0, 0, 64 * M}, none).pids(2002)
                .effective("8-11,24-27", "2").cpuUsageNanos(10000000L * 1000);
        v2(m, "/system.slice", none, none);
        v2(m, "/system.slice/sshd.service", new long[] {4 * M, 0, 0, 0}, new long[] {8 * M, 0, 0, 0}).pids(812)
                .cpuUsageNanos(1500000L * 1000);
        return m;
    }

    /** Two sockets of one node and two CXL memory-only nodes, cgroup v1, numa_balancing tiering, swap. */
    public static TestMachine cxlTwoMemoryOnlyNodes() {
        TestMachine m = TestMachine.cxlTwoMemoryOnlyNodes()
                .nodeMemory(0, 32587776 * 1024L, 16777216 * 1024L).nodeMemory(1, 33030144 * 1024L, 20971520 * 1024L)
                .nodeMemory(2, 134217728 * 1024L, 130023424 * 1024L)
                .nodeMemory(3, 134217728 * 1024L, 134217728 * 1024L)
                .numaBalancing(2).swapBytes(4194300 * 1024L).vmstat(VMSTAT).cgroupV1();
        long[] none = {0, 0, 0, 0};
        v1(m, "/", new long[] {1000, 0, 0, 0}, new long[] {2000, 0, 0, 0}, none,
                new long[] {101000, 40000, 8000, 0}, new long[] {402000, 120000, 30000, 0}, none).pids(1, 500);
        v1(m, "/batch", none, none, none, new long[] {25000, 0, 5000, 0}, new long[] {300000, 0, 20000, 0}, none);
        long[] batchAFile = {25000, 0, 5000, 0};
        long[] batchAAnon = {300000, 0, 20000, 0};
        long[] batchAUnevictable = {10, 0, 0, 0};
        v1(m, "/batch/a", batchAFile, batchAAnon, batchAUnevictable, batchAFile, batchAAnon, batchAUnevictable)
                .pids(3001, 3002).cpuset("0-3,8-11", "0,2").memoryMigrate(true).memoryMax(4294967296L)
                .cpuUsageNanos(987654321000L);
        v1(m, "/kubepods", none, none, none, new long[] {0, 30000, 0, 3000}, new long[] {0, 100000, 0, 7000}, none);
        v1(m, "/kubepods/pod456", none, none, none, new long[] {0, 30000, 0, 3000}, new long[] {0, 100000, 0, 7000},
                none).cpuset("4-7,12-15", "1,3").cpuUsageNanos(5000000000L);
        long[] dbFile = {0, 29000, 0, 3000};
        long[] dbAnon = {0, 90000, 0, 7000};
        v1(m, "/kubepods/pod456/ctr-db", dbFile, dbAnon, none, dbFile, dbAnon, none).pids(4001)
                .cpuset("4-7,12-15", "1,3").cpuUsageNanos(4900000000L);
        long[] pauseFile = {0, 1000, 0, 0};
        long[] pauseAnon = {0, 10000, 0, 0};
        v1(m, "/kubepods/pod456/ctr-pause", pauseFile, pauseAnon, none, pauseFile, pauseAnon, none).pids(4000)
                .cpuset("4-7,12-15", "1,3").cpuUsageNanos(100000000L);
        return m;
    }

    /** A v2 cgroup with anon and file bytes per node, and the fixtures' memory.current. */
    private static TestCgroup v2(TestMachine m, String path, long[] anon, long[] file) {
        long current = CGROUP_OVERHEAD + Stream.of(anon, file).flatMapToLong(java.util.Arrays::stream).sum();
        return m.cgroup(path).anon(perNode(anon, 1)).file(perNode(file, 1)).memoryCurrent(current);
    }

    /** A v1 cgroup from pages per node (own, then hierarchical), with the fixtures' max_usage_in_bytes. */
    private static TestCgroup v1(TestMachine m, String path, long[] ownFile, long[] ownAnon, long[] ownUnevictable,
                                 long[] file, long[] anon, long[] unevictable) {
        long usage = PAGE * Stream.of(file, anon, unevictable).flatMapToLong(java.util.Arrays::stream).sum();
        return m.cgroup(path).file(perNode(file, PAGE)).anon(perNode(anon, PAGE))
                .unevictable(perNode(unevictable, PAGE))
                .own(perNode(ownAnon, PAGE), perNode(ownFile, PAGE), perNode(ownUnevictable, PAGE))
                .memoryPeak(usage + M);
    }

    private static Map<Integer, Long> perNode(long[] values, long unit) {
        Map<Integer, Long> map = new TreeMap<>();
        for (int n = 0; n < values.length; n++) {
            map.put(n, values[n] * unit);
        }
        return map;
    }

    private static final Map<String, Long> VMSTAT = vmstat(List.of(
            "nr_free_pages 4012345", "nr_zone_inactive_anon 1024", "nr_isolated_anon 0", "nr_isolated_file 0",
            "numa_hit 987654321", "numa_miss 1234", "numa_foreign 1234", "numa_interleave 4321",
            "numa_local 987000000", "numa_other 655555", "pgpromote_success 17", "pgpromote_candidate 40",
            "pgdemote_kswapd 300", "pgdemote_direct 5", "pgdemote_khugepaged 0", "pgfault 123456789",
            "pgmajfault 4567", "pgsteal_kswapd 1000", "pgsteal_direct 20", "pgscan_kswapd 2000", "pgscan_direct 40",
            "numa_pte_updates 5000", "numa_huge_pte_updates 12", "numa_hint_faults 4800",
            "numa_hint_faults_local 4000", "numa_pages_migrated 800", "pgmigrate_success 900", "pgmigrate_fail 3",
            "thp_migration_success 2", "thp_migration_fail 0", "thp_migration_split 0", "pswpin 0", "pswpout 0"));

    private static Map<String, Long> vmstat(List<String> lines) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String line : lines) {
            String[] kv = line.split(" ");
            counters.put(kv[0], Long.parseLong(kv[1]));
        }
        return counters;
    }
}
