package io.numaagent.runner.exec;

import io.numaagent.api.snapshot.Snapshot;
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
import java.util.Map;
import java.util.TreeMap;

/**
 * The executor tests' standard machine, {@link TestMachine#twoSocketCxlMemorylessNode()} with tasks
 * {@code /batch/a} (sub-cgroups c1, c2; pids 101, 102), {@code /batch/b} (pid 201),
 * {@code /batch/empty} (no processes), {@code /batch/gone} and process task {@code pid:301} (both no
 * longer on the host), written by {@link HostTreeWriter} (cgroupfs at {@code sys/fs/cgroup}, v1 or
 * v2); procfs adds {@code self/status} and, per test, maps and status of processes. Only setup shared
 * by the exec tests: the machine is described by {@link TestMachine} alone.
 */
final class ExecTestHost {

    static final long PAGE = RecordingSyscalls.PAGE;

    /** The time of {@link #snapshot()}. */
    static final Instant TIME = Instant.parse("2026-11-23T10:00:00Z");

    final Path cgroupfs;
    final Path procfs;
    final HostPaths paths;
    private final TestMachine machine;
    private final HostTreeWriter writer;
    private final boolean v2;

    private ExecTestHost(Path tmp, boolean v2) {
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

    /** The standard machine written under {@code tmp} with cgroup v1. */
    static ExecTestHost cgroupV1(Path tmp) {
        return new ExecTestHost(tmp, false);
    }

    /** The standard machine written under {@code tmp} with cgroup v2. */
    static ExecTestHost cgroupV2(Path tmp) {
        return new ExecTestHost(tmp, true);
    }

    /**
     * The standard machine: the tree's cgroups and the snapshot's tasks, of which {@code /batch/gone}
     * and {@code pid:301}'s {@code /system.slice} are not on the host.
     */
    static TestMachine machine(boolean v2) {
        TestMachine m = TestMachine.twoSocketCxlMemorylessNode().pageSize(PAGE).swapBytes(1L << 30).numaBalancing(1)
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

    /** The snapshot of the standard machine with this host's cgroup version, sequence 7, {@code numa_balancing} 1. */
    Snapshot snapshot() {
        return snapshot(7, 1);
    }

    Snapshot snapshot(long sequence, int numaBalancing) {
        return machine(v2).numaBalancing(numaBalancing).snapshot(sequence, TIME);
    }

    // ------------------------------------------------------------------ the written tree

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
}
