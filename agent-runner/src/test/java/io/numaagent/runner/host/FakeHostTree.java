package io.numaagent.runner.host;

import io.numaagent.api.testing.TestCgroup;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A machine of a given shape with task cgroups, written as a host tree: a shorthand over
 * {@link TestMachine#shape} and {@link HostTreeWriter} for tests that need a host of some size.
 * The shape is {@code sockets × nodesPerSocket × coresPerNode × threadsPerCore} plus optional
 * CPU-less memory nodes (numbering and distances as {@link TestMachine#shape} gives them); each
 * task's memory is anonymous and counted hierarchically into its parents; every cgroup has used
 * 1 ms of CPU; each CPU has its {@code nodeM} symlink as in sysfs.
 */
public final class FakeHostTree {

    /** The page size the tree's v1 {@code memory.numa_stat} counts in; readers over it are given the same. */
    public static final long PAGE_SIZE = TestMachine.PAGE_SIZE;

    private record FakeTask(String cgroupPath, List<Integer> pids, Map<Integer, Long> memoryBytesPerNode, String cpus,
                            String mems) {
    }

    private int sockets = 1;
    private int nodesPerSocket = 1;
    private int coresPerNode = 2;
    private int threadsPerCore = 2;
    private long memoryPerNodeBytes = 8L << 30;
    private int cpuLessNodes = 0;
    private long cpuLessNodeBytes = 64L << 30;
    private String isolated = "";
    private boolean cgroupV2 = true;
    private int numaBalancing = 1;
    private final List<FakeTask> tasks = new ArrayList<>();

    private FakeHostTree() {
    }

    public static FakeHostTree builder() {
        return new FakeHostTree();
    }

    public FakeHostTree sockets(int n) {
        sockets = n;
        return this;
    }

    public FakeHostTree nodesPerSocket(int n) {
        nodesPerSocket = n;
        return this;
    }

    public FakeHostTree coresPerNode(int n) {
        coresPerNode = n;
        return this;
    }

    public FakeHostTree threadsPerCore(int n) {
        threadsPerCore = n;
        return this;
    }

    /** MemTotal of each node with CPUs; half of it is free. */
    public FakeHostTree memoryPerNodeBytes(long bytes) {
        memoryPerNodeBytes = bytes;
        return this;
    }

    /** Adds {@code count} CPU-less memory nodes (CXL) of {@code bytesEach}, in memory tier 22 (CPU nodes: tier 4). */
    public FakeHostTree cpuLessNodes(int count, long bytesEach) {
        cpuLessNodes = count;
        cpuLessNodeBytes = bytesEach;
        return this;
    }

    /** {@code devices/system/cpu/isolated}, kernel list format. */
    public FakeHostTree isolated(String cpus) {
        isolated = cpus;
        return this;
    }

    public FakeHostTree cgroupV1() {
        cgroupV2 = false;
        return this;
    }

    public FakeHostTree cgroupV2() {
        cgroupV2 = true;
        return this;
    }

    public FakeHostTree numaBalancing(int mode) {
        numaBalancing = mode;
        return this;
    }

    /**
     * Adds a task cgroup (parents are created without processes).
     *
     * @param memoryBytesPerNode anonymous memory of the task itself
     * @param cpus               {@code cpuset.cpus}, kernel list format
     * @param mems               {@code cpuset.mems}, kernel list format
     */
    public FakeHostTree task(String cgroupPath, List<Integer> pids, Map<Integer, Long> memoryBytesPerNode, String cpus,
                             String mems) {
        tasks.add(new FakeTask(cgroupPath, List.copyOf(pids), new TreeMap<>(memoryBytesPerNode), cpus, mems));
        return this;
    }

    public int cpuNodes() {
        return sockets * nodesPerSocket;
    }

    public int cpuCount() {
        return cpuNodes() * coresPerNode * threadsPerCore;
    }

    /** The machine this builder describes. */
    public TestMachine machine() {
        TestMachine m = TestMachine.shape(sockets, nodesPerSocket, coresPerNode, threadsPerCore, cpuLessNodes)
                .isolated(isolated).numaBalancing(numaBalancing)
                .vmstat(vmstat("nr_free_pages", 1000, "numa_hit", 100, "numa_miss", 2, "pgmigrate_success", 7,
                        "pgdemote_kswapd", 1));
        for (int n = 0; n < cpuNodes() + cpuLessNodes; n++) {
            long bytes = n < cpuNodes() ? memoryPerNodeBytes : cpuLessNodeBytes;
            m.nodeMemory(n, bytes, bytes / 2);
        }
        if (!cgroupV2) {
            m.cgroupV1();
        }
        m.cgroup("/").pids(1).effective(m.allCpus().toString(), m.allNodes().toString());
        for (FakeTask t : tasks) {
            m.cgroup(t.cgroupPath()).pids(t.pids()).cpuset(t.cpus(), t.mems());
        }
        for (TestCgroup c : m.cgroups()) {
            // memory.numa_stat is hierarchical: a cgroup's figures include every task below it
            Map<Integer, Long> own = new TreeMap<>();
            Map<Integer, Long> below = new TreeMap<>();
            for (FakeTask t : tasks) {
                if (c.isRoot() || t.cgroupPath().equals(c.path()) || t.cgroupPath().startsWith(c.path() + "/")) {
                    t.memoryBytesPerNode().forEach((n, b) -> below.merge(n, b, Long::sum));
                }
                if (t.cgroupPath().equals(c.path())) {
                    t.memoryBytesPerNode().forEach((n, b) -> own.merge(n, b, Long::sum));
                }
            }
            c.anon(below).own(own, Map.of(), Map.of()).cpuUsageNanos(1_000_000);
        }
        return m;
    }

    /** Writes {@code dir/sys}, {@code dir/proc}, {@code dir/cgroup} and returns their paths. */
    public HostPaths write(Path dir) {
        return HostTreeWriter.of(machine()).withCpuNodeLinks().write(dir);
    }

    private static Map<String, Long> vmstat(Object... namesAndValues) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            counters.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).longValue());
        }
        return counters;
    }
}
