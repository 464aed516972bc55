package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes a sysfs/procfs/cgroupfs tree of a machine of a given shape, in the kernel's formats, into
 * a directory and returns its {@link HostPaths}. For tests of any module that need a host: the
 * shape is {@code sockets × nodesPerSocket × coresPerNode × threadsPerCore}, plus optional CPU-less
 * memory nodes, with tasks as cgroup v1 or v2 cgroups.
 *
 * <p>CPUs are numbered as Intel numbers them: first thread of every core, then the second thread of
 * every core ({@code cpu i} and {@code cpu i + cores} are siblings); nodes with CPUs come first,
 * CPU-less nodes after. Distances: 10 local, 12 same socket, 32 other socket, 14/24 from a CPU node
 * to a memory-only node, 26 between memory-only nodes. Each CPU has a {@code nodeM} symlink as in sysfs.
 */
public final class FakeHostTree {

    /** The page size the tree's v1 {@code memory.numa_stat} counts in; readers over it are given the same. */
    public static final long PAGE_SIZE = 4096;

    /** One task cgroup to write. */
    public record FakeTask(String cgroupPath, List<Integer> pids, Map<Integer, Long> memoryBytesPerNode,
                           String cpus, String mems) {
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
     * @param memoryBytesPerNode written to {@code memory.numa_stat} (v2: as anon bytes; v1: as anon pages)
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

    /** Writes {@code dir/sys}, {@code dir/proc}, {@code dir/cgroup} and returns their paths. */
    public HostPaths write(Path dir) {
        try {
            HostPaths paths = new HostPaths(dir.resolve("sys"), dir.resolve("proc"), dir.resolve("cgroup"));
            writeSys(paths);
            writeProc(paths);
            writeCgroups(paths);
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeSys(HostPaths paths) throws IOException {
        int nodes = cpuNodes();
        int cores = nodes * coresPerNode;
        int cpus = cpuCount();
        int allNodes = nodes + cpuLessNodes;
        Path cpuDir = paths.sys("devices/system/cpu");
        Path nodeDir = paths.sys("devices/system/node");
        Map<Integer, List<Integer>> nodeCpus = new TreeMap<>();
        for (int n = 0; n < allNodes; n++) {
            nodeCpus.put(n, new ArrayList<>());
        }
        for (int t = 0; t < threadsPerCore; t++) {
            for (int c = 0; c < cores; c++) {
                int cpu = t * cores + c;
                int node = c / coresPerNode;
                int socket = node / nodesPerSocket;
                List<Integer> siblings = new ArrayList<>();
                for (int tt = 0; tt < threadsPerCore; tt++) {
                    siblings.add(tt * cores + c);
                }
                Path topo = cpuDir.resolve("cpu" + cpu).resolve("topology");
                put(topo.resolve("physical_package_id"), socket + "\n");
                put(topo.resolve("die_id"), "0\n");
                put(topo.resolve("core_id"), (c % (coresPerNode * nodesPerSocket)) + "\n");
                put(topo.resolve("thread_siblings_list"), CpuSet.of(siblings) + "\n");
                Files.createDirectories(nodeDir.resolve("node" + node));
                Files.createSymbolicLink(cpuDir.resolve("cpu" + cpu).resolve("node" + node),
                        Path.of("../../node/node" + node));
                nodeCpus.get(node).add(cpu);
            }
        }
        String all = "0-" + (cpus - 1) + "\n";
        put(cpuDir.resolve("online"), all);
        put(cpuDir.resolve("possible"), all);
        put(cpuDir.resolve("isolated"), isolated + "\n");
        String nodeList = NodeSet.range(0, allNodes - 1) + "\n";
        put(nodeDir.resolve("online"), nodeList);
        put(nodeDir.resolve("possible"), nodeList);
        put(nodeDir.resolve("has_memory"), nodeList);
        put(nodeDir.resolve("has_cpu"), NodeSet.range(0, nodes - 1) + "\n");
        for (int n = 0; n < allNodes; n++) {
            Path nd = nodeDir.resolve("node" + n);
            put(nd.resolve("cpulist"), CpuSet.of(nodeCpus.get(n)) + "\n");
            long kb = (n < nodes ? memoryPerNodeBytes : cpuLessNodeBytes) / 1024;
            long freeKb = kb / 2;
            put(nd.resolve("meminfo"), String.format(
                    "Node %d MemTotal:       %8d kB\nNode %d MemFree:        %8d kB\nNode %d MemUsed:        %8d kB\n"
                            + "Node %d HugePages_Total:     0\n", n, kb, n, freeKb, n, kb - freeKb, n));
            List<String> d = new ArrayList<>();
            for (int m = 0; m < allNodes; m++) {
                d.add(Integer.toString(distance(n, m, nodes)));
            }
            put(nd.resolve("distance"), String.join(" ", d) + "\n");
        }
        Path tiers = paths.sys("devices/virtual/memory_tiering");
        put(tiers.resolve("memory_tier4/nodelist"), NodeSet.range(0, nodes - 1) + "\n");
        if (cpuLessNodes > 0) {
            put(tiers.resolve("memory_tier22/nodelist"), NodeSet.range(nodes, allNodes - 1) + "\n");
        }
    }

    private int distance(int a, int b, int cpuNodeCount) {
        if (a == b) {
            return 10;
        }
        boolean aMem = a >= cpuNodeCount;
        boolean bMem = b >= cpuNodeCount;
        if (aMem && bMem) {
            return 26;
        }
        if (aMem || bMem) {
            int cpuNode = aMem ? b : a;
            int memNode = aMem ? a : b;
            // memory-only node k is attached to socket k % sockets
            int attached = (memNode - cpuNodeCount) % sockets;
            return cpuNode / nodesPerSocket == attached ? 14 : 24;
        }
        return a / nodesPerSocket == b / nodesPerSocket ? 12 : 32;
    }

    private void writeProc(HostPaths paths) throws IOException {
        long totalKb = (cpuNodes() * memoryPerNodeBytes + cpuLessNodes * cpuLessNodeBytes) / 1024;
        put(paths.proc("meminfo"), String.format("MemTotal:       %8d kB\nMemFree:        %8d kB\nSwapTotal:             0 kB\n"
                + "SwapFree:              0 kB\nHugePages_Total:       0\n", totalKb, totalKb / 2));
        put(paths.proc("vmstat"), "nr_free_pages 1000\nnuma_hit 100\nnuma_miss 2\npgmigrate_success 7\npgdemote_kswapd 1\n");
        put(paths.proc("sys/kernel/numa_balancing"), numaBalancing + "\n");
    }

    private void writeCgroups(HostPaths paths) throws IOException {
        Path root = paths.cgroupfs();
        String allCpus = "0-" + (cpuCount() - 1);
        String allNodes = NodeSet.range(0, cpuNodes() + cpuLessNodes - 1).toString();
        Map<String, FakeTask> byPath = new LinkedHashMap<>();
        byPath.put("/", new FakeTask("/", List.of(1), Map.of(), allCpus, allNodes));
        for (FakeTask t : tasks) {
            String p = t.cgroupPath();
            for (int i = p.indexOf('/', 1); i > 0; i = p.indexOf('/', i + 1)) {
                byPath.putIfAbsent(p.substring(0, i), new FakeTask(p.substring(0, i), List.of(), Map.of(), "", ""));
            }
            byPath.put(p, t);
        }
        if (cgroupV2) {
            put(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        }
        for (FakeTask t : byPath.values()) {
            String rel = t.cgroupPath().equals("/") ? "" : t.cgroupPath().substring(1);
            String procs = t.pids().stream().map(pid -> pid + "\n").collect(Collectors.joining());
            // memory.numa_stat is hierarchical: a cgroup's figures include every task below it
            Map<Integer, Long> memory = new TreeMap<>();
            for (FakeTask below : tasks) {
                if (t.cgroupPath().equals("/") || below.cgroupPath().equals(t.cgroupPath())
                        || below.cgroupPath().startsWith(t.cgroupPath() + "/")) {
                    below.memoryBytesPerNode().forEach((n, b) -> memory.merge(n, b, Long::sum));
                }
            }
            String nodes = NodeSet.range(0, cpuNodes() + cpuLessNodes - 1).stream()
                    .mapToObj(n -> "N" + n + "=" + memory.getOrDefault(n, 0L))
                    .collect(Collectors.joining(" "));
            long total = memory.values().stream().mapToLong(Long::longValue).sum();
            if (cgroupV2) {
                Path d = rel.isEmpty() ? root : root.resolve(rel);
                put(d.resolve("cgroup.procs"), procs);
                put(d.resolve("cpuset.cpus"), t.cpus() + "\n");
                put(d.resolve("cpuset.mems"), t.mems() + "\n");
                put(d.resolve("cpuset.cpus.effective"), (t.cpus().isEmpty() ? allCpus : t.cpus()) + "\n");
                put(d.resolve("cpuset.mems.effective"), (t.mems().isEmpty() ? allNodes : t.mems()) + "\n");
                String zero = nodes.replaceAll("=\\d+", "=0");
                put(d.resolve("memory.numa_stat"), "anon " + nodes + "\nfile " + zero + "\nshmem " + zero + "\n");
                put(d.resolve("memory.current"), total + "\n");
                put(d.resolve("memory.max"), "max\n");
                put(d.resolve("memory.peak"), total + "\n");
                put(d.resolve("cpu.stat"), "usage_usec 1000\nuser_usec 600\nsystem_usec 400\n");
            } else {
                Path c = rel.isEmpty() ? root.resolve("cpuset") : root.resolve("cpuset").resolve(rel);
                Path m = rel.isEmpty() ? root.resolve("memory") : root.resolve("memory").resolve(rel);
                Path a = rel.isEmpty() ? root.resolve("cpu,cpuacct") : root.resolve("cpu,cpuacct").resolve(rel);
                put(c.resolve("cgroup.procs"), procs);
                put(c.resolve("cpuset.cpus"), (t.cpus().isEmpty() ? allCpus : t.cpus()) + "\n");
                put(c.resolve("cpuset.mems"), (t.mems().isEmpty() ? allNodes : t.mems()) + "\n");
                put(c.resolve("cpuset.effective_cpus"), (t.cpus().isEmpty() ? allCpus : t.cpus()) + "\n");
                put(c.resolve("cpuset.effective_mems"), (t.mems().isEmpty() ? allNodes : t.mems()) + "\n");
                put(c.resolve("cpuset.memory_migrate"), "0\n");
                StringBuilder sb = new StringBuilder();
                for (String n : nodes.split(" ")) {
                    String[] kv = n.split("=");
                    sb.append(' ').append(kv[0]).append('=').append(Long.parseLong(kv[1]) / PAGE_SIZE);
                }
                long totalPages = total / PAGE_SIZE;
                put(m.resolve("cgroup.procs"), procs);
                put(m.resolve("memory.numa_stat"), "total=" + totalPages + sb + "\nanon=" + totalPages + sb
                        + "\nhierarchical_total=" + totalPages + sb + "\n");
                put(m.resolve("memory.usage_in_bytes"), total + "\n");
                put(m.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
                put(m.resolve("memory.max_usage_in_bytes"), total + "\n");
                put(a.resolve("cgroup.procs"), procs);
                put(a.resolve("cpuacct.usage"), "1000000\n");
            }
        }
    }

    private static void put(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
