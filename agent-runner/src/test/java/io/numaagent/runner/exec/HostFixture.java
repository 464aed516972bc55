package io.numaagent.runner.exec;

import io.numaagent.runner.host.CgroupLayout;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.runner.host.HostPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fixture host "twoSocketCxlMemorylessNode": node 0 = CPUs 0-3 (socket 0), node 1 = CPUs 4-7
 * (socket 1, CPU 7 offline), node 2 = CPU-less CXL memory, node 3 = CPUs 8-9 without memory.
 * Tasks {@code /batch/a} (sub-cgroups c1, c2; pids 101, 102), {@code /batch/b} (pid 201),
 * {@code /batch/empty} (no processes) and process task {@code pid:301}; cgroup trees in the kernel's
 * v1 or v2 layout, procfs with {@code sys/kernel/numa_balancing}, {@code self/status} and maps.
 */
final class HostFixture {

    static final long PAGE = RecordingSyscalls.PAGE;

    final Path root;
    final Path cgroupfs;
    final Path procfs;
    final HostPaths paths;
    final boolean v2;

    private HostFixture(Path tmp, boolean v2) {
        this.root = tmp;
        this.v2 = v2;
        this.cgroupfs = tmp.resolve("sys/fs/cgroup");
        this.procfs = tmp.resolve("proc");
        this.paths = new HostPaths(tmp.resolve("sys"), procfs, cgroupfs);
        if (v2) {
            write(cgroupfs.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
            write(cgroupfs.resolve("cgroup.subtree_control"), "cpuset cpu io memory pids\n");
            write(cgroupfs.resolve("cgroup.procs"), "1\n");
            write(cgroupfs.resolve("cpuset.cpus.effective"), "0-6,8-9\n");
            write(cgroupfs.resolve("cpuset.mems.effective"), "0-2\n");
        } else {
            for (String hierarchy : List.of("cpuset", "memory", "cpu,cpuacct")) {
                write(cgroupfs.resolve(hierarchy).resolve("cgroup.procs"), "1\n");
            }
            write(cgroupfs.resolve("cpuset/cpuset.cpus"), "0-6,8-9\n");
            write(cgroupfs.resolve("cpuset/cpuset.mems"), "0-2\n");
            write(cgroupfs.resolve("cpuset/cpuset.memory_migrate"), "0\n");
        }
        cgroup("/batch", "0-6,8-9", "0-2", false);
        cgroup("/batch/a", "0-3", "0", false);
        cgroup("/batch/a/c1", "0-3", "0", false);
        cgroup("/batch/a/c2", "0-3", "0", false);
        cgroup("/batch/b", "4-6", "1", true);
        cgroup("/batch/empty", "0-3", "0", false);
        write(procfs.resolve("sys/kernel/numa_balancing"), "1\n");
        write(procfs.resolve("self/status"), "Name:\tjava\nUid:\t0\t0\t0\t0\nCapInh:\t0000000000000000\n"
                + "CapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n");
    }

    static HostFixture cgroupV1(Path tmp) {
        return new HostFixture(tmp, false);
    }

    static HostFixture cgroupV2(Path tmp) {
        return new HostFixture(tmp, true);
    }

    /** Creates a cgroup with the files the kernel shows for it. */
    void cgroup(String path, String cpus, String mems, boolean memoryMigrate) {
        String rel = path.substring(1);
        if (v2) {
            Path d = cgroupfs.resolve(rel);
            write(d.resolve("cgroup.procs"), "");
            write(d.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
            write(d.resolve("cpuset.cpus"), cpus + "\n");
            write(d.resolve("cpuset.mems"), mems + "\n");
            write(d.resolve("cpuset.cpus.effective"), cpus + "\n");
            write(d.resolve("cpuset.mems.effective"), mems + "\n");
            write(d.resolve("cpuset.cpus.partition"), "member\n");
        } else {
            Path d = cgroupfs.resolve("cpuset").resolve(rel);
            write(d.resolve("cgroup.procs"), "");
            write(d.resolve("tasks"), "");
            write(d.resolve("cpuset.cpus"), cpus + "\n");
            write(d.resolve("cpuset.mems"), mems + "\n");
            write(d.resolve("cpuset.memory_migrate"), (memoryMigrate ? "1" : "0") + "\n");
            write(d.resolve("cpuset.effective_cpus"), cpus + "\n");
            write(d.resolve("cpuset.effective_mems"), mems + "\n");
            Path m = cgroupfs.resolve("memory").resolve(rel);
            write(m.resolve("cgroup.procs"), "");
            write(m.resolve("memory.numa_stat"), "total=0 N0=0 N1=0 N2=0\n");
        }
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
        return new Platform(2, 2, 8, cpus, CpuSet.parse("0-6,8-9"), CpuSet.EMPTY, nodes, PAGE, Platform.CGROUP_V2);
    }

    static TaskMeasurements measured(String cpus, String mems, boolean migrate, Map<Integer, Long> pagesPerNode) {
        Map<Integer, Long> bytes = new java.util.TreeMap<>();
        pagesPerNode.forEach((n, p) -> bytes.put(n, p * PAGE));
        return new TaskMeasurements(bytes, 1 << 20, -1, 1 << 20, 1_000_000, CpuSet.parse(cpus), NodeSet.parse(mems),
                CpuSet.parse(cpus), NodeSet.parse(mems), migrate);
    }

    static Task task(String id, String cgroup, List<String> subs, List<Integer> pids, TaskMeasurements m) {
        return new Task(id, id.substring(id.lastIndexOf('/') + 1), cgroup, subs, pids, Map.of(), Map.of(),
                Resources.NONE, QosClass.UNKNOWN, m);
    }

    static List<Task> tasks() {
        return List.of(
                task("/batch/a", "/batch/a", List.of("/batch/a/c1", "/batch/a/c2"), List.of(101, 102),
                        measured("0-3", "0", false, Map.of(0, 16L, 1, 8L))),
                task("/batch/b", "/batch/b", List.of(), List.of(201), measured("4-6", "1", true, Map.of(1, 4L))),
                task("/batch/empty", "/batch/empty", List.of(), List.of(), measured("0-3", "0", false, Map.of())),
                task("/batch/gone", "/batch/gone", List.of(), List.of(401), measured("0-3", "0", false, Map.of(0, 1L))),
                task("pid:301", "/system.slice/app.service", List.of(), List.of(301),
                        measured("0-9", "0-2", false, Map.of(0, 2L))));
    }

    static Snapshot snapshot(long sequence, int numaBalancing) {
        return new Snapshot(sequence, Instant.parse("2026-11-23T10:00:00Z"), platform(),
                new KernelState(numaBalancing, true, Map.of(), Map.of()), tasks(), List.of(), List.of());
    }

    static Snapshot snapshot() {
        return snapshot(7, 1);
    }
}
