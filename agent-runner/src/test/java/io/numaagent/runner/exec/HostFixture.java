package io.numaagent.runner.exec;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.api.testing.TestCgroup;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fixture host "twoSocketCxlMemorylessNode": node 0 = CPUs 0-3 (socket 0), node 1 = CPUs 4-7
 * (socket 1, CPU 7 offline), node 2 = CPU-less CXL memory, node 3 = CPUs 8-9 without memory.
 * Tasks {@code /batch/a} (sub-cgroups c1, c2; pids 101, 102), {@code /batch/b} (pid 201),
 * {@code /batch/empty} (no processes), {@code /batch/gone} and process task {@code pid:301} (both no
 * longer on the host). One {@link TestMachine} gives the snapshot and, written by
 * {@link HostTreeWriter}, the host tree (cgroupfs at {@code sys/fs/cgroup}, v1 or v2); procfs adds
 * {@code self/status} and, per test, maps and status of processes.
 */
final class HostFixture {

    static final long PAGE = RecordingSyscalls.PAGE;

    final Path root;
    final Path cgroupfs;
    final Path procfs;
    final HostPaths paths;
    final boolean v2;
    private final TestMachine machine;
    private final HostTreeWriter writer;

    private HostFixture(Path tmp, boolean v2) {
        this.root = tmp;
        this.v2 = v2;
        this.cgroupfs = tmp.resolve("sys/fs/cgroup");
        this.procfs = tmp.resolve("proc");
        this.paths = new HostPaths(tmp.resolve("sys"), procfs, cgroupfs);
        this.machine = machine(v2);
        this.writer = HostTreeWriter.of(machine);
        writer.write(paths);
        write(procfs.resolve("self/status"), "Name:\tjava\nUid:\t0\t0\t0\t0\nCapInh:\t0000000000000000\n"
                + "CapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n");
    }

    static HostFixture cgroupV1(Path tmp) {
        return new HostFixture(tmp, false);
    }

    static HostFixture cgroupV2(Path tmp) {
        return new HostFixture(tmp, true);
    }

    /**
     * The machine: the platform of the class comment; the tree's cgroups; the snapshot's tasks, of
     * which {@code /batch/gone} and {@code pid:301}'s {@code /system.slice} are not on the host.
     */
    private static TestMachine machine(boolean v2) {
        List<Cpu> cpus = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int node = i < 4 ? 0 : i < 8 ? 1 : 3;
            cpus.add(new Cpu(i, i < 4 ? 0 : 1, 0, i % 4, node, CpuSet.of(i), i != 7, false));
        }
        List<NumaNode> nodes = List.of(
                new NumaNode(0, CpuSet.range(0, 3), 32L << 30, 20L << 30, 12L << 30, List.of(10, 21, 14, 21), -1),
                new NumaNode(1, CpuSet.range(4, 7), 32L << 30, 20L << 30, 12L << 30, List.of(21, 10, 24, 10), -1),
                new NumaNode(2, CpuSet.EMPTY, 64L << 30, 60L << 30, 4L << 30, List.of(14, 24, 10, 24), -1),
                new NumaNode(3, CpuSet.range(8, 9), 0, 0, 0, List.of(21, 10, 24, 10), -1));
        TestMachine m = TestMachine.of(cpus, nodes).pageSize(PAGE).swapBytes(1L << 30).numaBalancing(1)
                .rootControllers("cpuset cpu io memory hugetlb pids rdma misc", "cpuset cpu io memory pids");
        if (!v2) {
            m.cgroupV1();
        }
        m.cgroup("/").pids(1).cpuset(v2 ? "" : "0-6,8-9", v2 ? "" : "0-2").effective("0-6,8-9", "0-2");
        cgroup(m, "/batch", "0-6,8-9", "0-2", false);
        measured(cgroup(m, "/batch/a", "0-3", "0", false).task("/batch/a").subCgroups("/batch/a/c1", "/batch/a/c2")
                .pids(101, 102), Map.of(0, 16L, 1, 8L));
        cgroup(m, "/batch/a/c1", "0-3", "0", false);
        cgroup(m, "/batch/a/c2", "0-3", "0", false);
        measured(cgroup(m, "/batch/b", "4-6", "1", true).task("/batch/b").pids(201), Map.of(1, 4L));
        measured(cgroup(m, "/batch/empty", "0-3", "0", false).task("/batch/empty"), Map.of());
        measured(cgroup(m, "/batch/gone", "0-3", "0", false).task("/batch/gone").pids(401).notOnHost(), Map.of(0, 1L));
        measured(m.cgroup("/system.slice/app.service").task("pid:301").cpuset("0-9", "0-2").effective("0-9", "0-2")
                .pids(301).notOnHost(), Map.of(0, 2L));
        m.cgroup("/system.slice").notOnHost();
        return m;
    }

    private static TestCgroup cgroup(TestMachine m, String path, String cpus, String mems, boolean memoryMigrate) {
        return m.cgroup(path).cpuset(cpus, mems).effective(cpus, mems).memoryMigrate(memoryMigrate)
                .controllers("cpuset cpu io memory pids").partition("member");
    }

    private static void measured(TestCgroup c, Map<Integer, Long> pagesPerNode) {
        Map<Integer, Long> bytes = new TreeMap<>();
        pagesPerNode.forEach((n, p) -> bytes.put(n, p * PAGE));
        c.anon(bytes).memoryCurrent(1 << 20).memoryPeak(1 << 20).cpuUsageNanos(1_000_000);
    }

    /** Creates a cgroup with the files the kernel shows for it. */
    void cgroup(String path, String cpus, String mems, boolean memoryMigrate) {
        writer.writeCgroup(cgroupfs, cgroup(machine, path, cpus, mems, memoryMigrate));
    }

    /** The content of {@code file} of {@code cgroupPath}. */
    String read(String cgroupPath, String file) {
        return read(CgroupLayout.detect(cgroupfs).fileFor(cgroupPath, file));
    }

    String numaBalancing() {
        return read(procfs.resolve("sys/kernel/numa_balancing"));
    }

    /** Writes {@code /proc/PID/maps}. */
    void maps(int pid, String... lines) {
        write(procfs.resolve(pid + "/maps"), String.join("\n", lines) + "\n");
    }

    /**
     * Writes {@code /proc/PID/status} with the given {@code State:} value, e.g. {@code Z (zombie)},
     * and the {@code Vm*} lines only when the process still has its memory map.
     */
    void state(int pid, String state, boolean hasMm) {
        write(procfs.resolve(pid + "/status"), "Name:\tmeme\nState:\t" + state + "\nPid:\t" + pid + "\n"
                + (hasMm ? "VmPeak:\t  139264 kB\nVmSize:\t  139264 kB\nVmRSS:\t  131072 kB\n" : "")
                + "Threads:\t1\n");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path p, String content) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ snapshot

    static Platform platform() {
        return machine(true).platform();
    }

    static Task task(String id, String cgroup, List<String> subs, List<Integer> pids, TaskMeasurements m) {
        return new Task(id, id.substring(id.lastIndexOf('/') + 1), cgroup, subs, pids, Map.of(), Map.of(),
                Resources.NONE, QosClass.UNKNOWN, m);
    }

    static List<Task> tasks() {
        return machine(true).tasks();
    }

    static Snapshot snapshot(long sequence, int numaBalancing) {
        return machine(true).numaBalancing(numaBalancing).snapshot(sequence, Instant.parse("2026-11-23T10:00:00Z"));
    }

    static Snapshot snapshot() {
        return snapshot(7, 1);
    }
}
