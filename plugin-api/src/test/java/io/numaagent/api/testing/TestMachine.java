package io.numaagent.api.testing;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.CpuCache;
import io.numaagent.api.snapshot.CpuDetails;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one description of a machine for tests: its topology (every CPU with socket, core and node,
 * every node with CPUs, memory, distances and memory tier, as the kubelet cpumanager's tests give
 * theirs), its cgroups and tasks (pids, memory per node, cpusets), its processes, and the kernel
 * state (page size, cgroup version, {@code numa_balancing}, swap, {@code vmstat}). It yields a
 * {@link Platform} and {@link Snapshot} directly; agent-runner's {@code HostTreeWriter} writes it as a
 * sysfs/procfs/cgroupfs tree.
 *
 * <p>A topology starts from a named machine ({@link #laptopOneNode()}, {@link #twoSocketFourNode()},
 * {@link #cxlTwoMemoryOnlyNodes()}, {@link #twoSocketCxlMemorylessNode()}, {@link #hybridDesktopOneNode()},
 * {@link #twoSocketSixL3()}, ...), a shape ({@link #shape}) or
 * explicit CPUs and nodes ({@link #of}); the setters then adjust it. CPU and node lists are in the
 * kernel's list format ({@code "0-3,8"}).
 */
public final class TestMachine {

    /** Every named and shaped machine's page size. */
    public static final long PAGE_SIZE = 4096;

    private final List<Cpu> cpus = new ArrayList<>();
    private final Map<Integer, NumaNode> nodes = new TreeMap<>();
    private long pageSize = PAGE_SIZE;
    private int cgroupVersion = Platform.CGROUP_V2;
    private int numaBalancing = KernelState.NUMA_BALANCING_NORMAL;
    private long swapBytes;
    private final Map<String, Long> vmstat = new LinkedHashMap<>();
    private String rootControllers = "cpuset cpu io memory pids";
    private String rootSubtreeControl;
    private final Map<String, TestCgroup> cgroups = new LinkedHashMap<>();
    private final Map<Integer, TestProcess> processes = new TreeMap<>();

    private TestMachine(List<Cpu> cpus, List<NumaNode> nodes) {
        this.cpus.addAll(cpus);
        nodes.forEach(n -> this.nodes.put(n.id(), n));
        cgroups.put("/", new TestCgroup("/"));
    }

    /** A machine of exactly these CPUs and nodes. */
    public static TestMachine of(List<Cpu> cpus, List<NumaNode> nodes) {
        return new TestMachine(cpus, nodes);
    }

    /**
     * A machine of {@code sockets × nodesPerSocket × coresPerNode × threadsPerCore} CPUs plus
     * {@code memoryOnlyNodes} CPU-less nodes (CXL), numbered as Intel numbers them: first thread of
     * every core, then the second thread of every core ({@code cpu i} and {@code cpu i + cores} are
     * siblings); CPU nodes first. Distances: 10 local, 12 same socket, 32 other socket, 14/24 from a
     * CPU node to a memory-only node (memory-only node k hangs off socket k mod sockets), 26 between
     * memory-only nodes. Every node has 8 GiB, half free; CPU nodes are in memory tier 4, memory-only
     * nodes in tier 22.
     */
    public static TestMachine shape(int sockets, int nodesPerSocket, int coresPerNode, int threadsPerCore,
                                    int memoryOnlyNodes) {
        int cpuNodes = sockets * nodesPerSocket;
        int cores = cpuNodes * coresPerNode;
        List<Cpu> cpus = new ArrayList<>();
        Map<Integer, List<Integer>> nodeCpus = new TreeMap<>();
        for (int t = 0; t < threadsPerCore; t++) {
            for (int c = 0; c < cores; c++) {
                int node = c / coresPerNode;
                List<Integer> siblings = new ArrayList<>();
                for (int tt = 0; tt < threadsPerCore; tt++) {
                    siblings.add(tt * cores + c);
                }
                int id = t * cores + c;
                cpus.add(new Cpu(id, node / nodesPerSocket, 0, c % (coresPerNode * nodesPerSocket), node,
                        CpuSet.of(siblings), true, false));
                nodeCpus.computeIfAbsent(node, n -> new ArrayList<>()).add(id);
            }
        }
        cpus.sort((a, b) -> Integer.compare(a.id(), b.id()));
        int all = cpuNodes + memoryOnlyNodes;
        List<NumaNode> nodes = new ArrayList<>();
        long bytes = 8L << 30;
        for (int n = 0; n < all; n++) {
            List<Integer> distances = new ArrayList<>();
            for (int m = 0; m < all; m++) {
                distances.add(shapeDistance(n, m, cpuNodes, nodesPerSocket, sockets));
            }
            boolean hasCpus = n < cpuNodes;
            nodes.add(new NumaNode(n, hasCpus ? CpuSet.of(nodeCpus.get(n)) : CpuSet.EMPTY, bytes, bytes / 2,
                    bytes - bytes / 2, distances, hasCpus ? 4 : 22));
        }
        return new TestMachine(cpus, nodes);
    }

    private static int shapeDistance(int a, int b, int cpuNodes, int nodesPerSocket, int sockets) {
        if (a == b) {
            return 10;
        }
        boolean aMem = a >= cpuNodes;
        boolean bMem = b >= cpuNodes;
        if (aMem && bMem) {
            return 26;
        }
        if (aMem || bMem) {
            int cpuNode = aMem ? b : a;
            int memNode = aMem ? a : b;
            return cpuNode / nodesPerSocket == (memNode - cpuNodes) % sockets ? 14 : 24;
        }
        return a / nodesPerSocket == b / nodesPerSocket ? 12 : 32;
    }

    /** One socket, one node, two cores of two threads (CPUs 0-3), no memory tiers reported. */
    public static TestMachine laptopOneNode() {
        return shape(1, 1, 2, 2, 0).memoryTier(0, -1);
    }

    /** Two sockets of two sub-NUMA clusters (SNC-2), 4 cores × 2 threads per node: CPUs 0-31, nodes 0-3. */
    public static TestMachine twoSocketFourNode() {
        return shape(2, 2, 4, 2, 0);
    }

    /**
     * Two sockets of one node with 4 cores × 2 threads (CPUs 0-15), and two CPU-less CXL nodes (2 on
     * socket 0, 3 on socket 1); distance 21 between the sockets.
     */
    public static TestMachine cxlTwoMemoryOnlyNodes() {
        return shape(2, 1, 4, 2, 2).distances(0, 10, 21, 14, 24).distances(1, 21, 10, 24, 14);
    }

    /**
     * The executor's awkward cases in one machine: node 0 = CPUs 0-3 (socket 0), node 1 = CPUs 4-7
     * (socket 1, CPU 7 offline), node 2 = CPU-less CXL memory, node 3 = CPUs 8-9 without memory; one
     * thread per core, no memory tiers reported.
     */
    public static TestMachine twoSocketCxlMemorylessNode() {
        List<Cpu> cpus = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int node = i < 4 ? 0 : i < 8 ? 1 : 3;
            cpus.add(new Cpu(i, i < 4 ? 0 : 1, 0, i % 4, node, CpuSet.of(i), i != 7, false));
        }
        return of(cpus, List.of(
                new NumaNode(0, CpuSet.range(0, 3), 32L << 30, 20L << 30, 12L << 30, List.of(10, 21, 14, 21), -1),
                new NumaNode(1, CpuSet.range(4, 7), 32L << 30, 20L << 30, 12L << 30, List.of(21, 10, 24, 10), -1),
                new NumaNode(2, CpuSet.EMPTY, 64L << 30, 60L << 30, 4L << 30, List.of(14, 24, 10, 24), -1),
                new NumaNode(3, CpuSet.range(8, 9), 0, 0, 0, List.of(21, 10, 24, 10), -1)));
    }

    /**
     * A machine laid out as the nri-plugins e2e harness's QEMU topologies lay theirs out
     * ({@code topology2qemuopts.py}): {@code sockets × diesPerSocket × nodesPerDie} CPU nodes of
     * {@code coresPerNode × threadsPerCore} CPUs numbered consecutively (node k holds CPUs
     * {@code k·n .. k·n+n-1}, the threads of a core are adjacent ids), each node {@code nodeBytes} with
     * half free; distances 10 local, 11 on the same die, 21 otherwise. No memory tiers reported.
     */
    public static TestMachine qemu(int sockets, int diesPerSocket, int nodesPerDie, int coresPerNode,
                                   int threadsPerCore, long nodeBytes) {
        int nodeCount = sockets * diesPerSocket * nodesPerDie;
        int perNode = coresPerNode * threadsPerCore;
        List<Cpu> cpus = new ArrayList<>();
        List<NumaNode> nodes = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            int socket = n / (diesPerSocket * nodesPerDie);
            int die = n / nodesPerDie % diesPerSocket;
            for (int c = 0; c < coresPerNode; c++) {
                int first = n * perNode + c * threadsPerCore;
                CpuSet siblings = CpuSet.range(first, first + threadsPerCore - 1);
                int core = (n % (diesPerSocket * nodesPerDie)) * coresPerNode + c;
                for (int t = 0; t < threadsPerCore; t++) {
                    cpus.add(new Cpu(first + t, socket, die, core, n, siblings, true, false));
                }
            }
            List<Integer> distances = new ArrayList<>();
            for (int m = 0; m < nodeCount; m++) {
                distances.add(m == n ? 10 : m / nodesPerDie == n / nodesPerDie ? 11 : 21);
            }
            nodes.add(new NumaNode(n, CpuSet.range(n * perNode, n * perNode + perNode - 1), nodeBytes,
                    nodeBytes / 2, nodeBytes - nodeBytes / 2, distances, -1));
        }
        return of(cpus, nodes);
    }

    /**
     * The nri-plugins e2e VM {@code n4c16}: 2 sockets × 2 nodes × 2 cores × 2 threads, node k = CPUs
     * 4k..4k+3, cores are CPU pairs (2i, 2i+1), 2 GiB per node.
     */
    public static TestMachine twoSocketFourNodeSixteenCpus() {
        return qemu(2, 1, 2, 2, 2, 2L << 30);
    }

    /** 2 sockets × 2 dies × 2 nodes × 2 cores × 2 threads (CPUs 0-31, node k = CPUs 4k..4k+3), 2 GiB per node. */
    public static TestMachine twoSocketTwoDieTwoNodeSmt() {
        return qemu(2, 2, 2, 2, 2, 2L << 30);
    }

    /**
     * The cri-resource-manager e2e VM {@code c4pmem4}: 4 sockets of one single-thread CPU each (node k =
     * CPU k, 2 GiB) and CPU-less nodes 4-7 of 4 GiB each (PMEM), node 4 closest (17) to node 2, 5 to 3,
     * 6 to 0, 7 to 1; every other distance 21.
     */
    public static TestMachine fourSocketFourPmemNodes() {
        TestMachine m = qemu(4, 1, 1, 1, 1, 2L << 30);
        int[] closest = {2, 3, 0, 1};
        for (int p = 0; p < 4; p++) {
            m.nodes.put(4 + p, new NumaNode(4 + p, CpuSet.EMPTY, 4L << 30, 2L << 30, 2L << 30, List.of(), -1));
        }
        for (int a = 0; a < 8; a++) {
            Integer[] d = new Integer[8];
            for (int b = 0; b < 8; b++) {
                boolean pair = a >= 4 && closest[a - 4] == b || b >= 4 && closest[b - 4] == a;
                d[b] = a == b ? 10 : pair ? 17 : 21;
            }
            m.distances(a, d);
        }
        return m;
    }

    /**
     * The nri-plugins e2e VM {@code n6-hbm-cxl}: 2 sockets of one node with 2 cores × 2 threads (CPUs
     * 0-3, 4-7; 2 GiB each), CPU-less 1 GiB nodes 2 and 3 (HBM, at 15 from nodes 0 and 1) and CPU-less
     * 4 GiB nodes 4 and 5 (PMEM/CXL, at 60 from nodes 0 and 1).
     */
    public static TestMachine twoSocketHbmAndPmemNodes() {
        TestMachine m = qemu(2, 1, 1, 2, 2, 2L << 30);
        m.nodes.put(2, new NumaNode(2, CpuSet.EMPTY, 1L << 30, 1L << 29, 1L << 29, List.of(), -1));
        m.nodes.put(3, new NumaNode(3, CpuSet.EMPTY, 1L << 30, 1L << 29, 1L << 29, List.of(), -1));
        m.nodes.put(4, new NumaNode(4, CpuSet.EMPTY, 4L << 30, 2L << 30, 2L << 30, List.of(), -1));
        m.nodes.put(5, new NumaNode(5, CpuSet.EMPTY, 4L << 30, 2L << 30, 2L << 30, List.of(), -1));
        return m.distances(0, 10, 21, 15, 30, 60, 70).distances(1, 21, 10, 30, 15, 70, 60)
                .distances(2, 15, 30, 10, 35, 62, 72).distances(3, 30, 15, 35, 10, 72, 62)
                .distances(4, 60, 70, 62, 72, 10, 75).distances(5, 70, 60, 72, 62, 75, 10);
    }

    /**
     * An Alder-Lake-like hybrid desktop: one socket and node (16 GiB); 6 P-cores of 2 threads (CPUs 0-11,
     * core i is CPUs 2i, 2i+1) and 8 single-thread E-cores (CPUs 12-19) in 2 clusters of 4 that share an
     * L2 (12-15, 16-19). Caches as x86 lists them: L1 data and instruction per core, an L2 per P-core and
     * per E-core cluster, one L3 for all; the cluster id is the L2's (its first CPU). No cpufreq, so the
     * P-cores are of normal priority and the E-cores low.
     */
    public static TestMachine hybridDesktopOneNode() {
        List<Cpu> cpus = new ArrayList<>();
        CpuSet all = CpuSet.range(0, 19);
        for (int id = 0; id < 20; id++) {
            boolean pCore = id < 12;
            CpuSet core = pCore ? CpuSet.range(id & ~1, id | 1) : CpuSet.of(id);
            CpuSet l2 = pCore ? core : id < 16 ? CpuSet.range(12, 15) : CpuSet.range(16, 19);
            List<CpuCache> caches = List.of(new CpuCache(1, "Data", core.first(), core),
                    new CpuCache(1, "Instruction", core.first(), core), new CpuCache(2, "Unified", l2.first(), l2),
                    new CpuCache(3, "Unified", 0, all));
            cpus.add(new Cpu(id, 0, 0, pCore ? id / 2 : id - 6, 0, core, true, false, new CpuDetails(l2.first(),
                    caches, 0, 0, "", pCore ? CpuDetails.CoreKind.PERFORMANCE : CpuDetails.CoreKind.EFFICIENT)));
        }
        long bytes = 16L << 30;
        return of(cpus, List.of(new NumaNode(0, all, bytes, bytes / 2, bytes / 2, List.of(10), -1)));
    }

    /**
     * An AMD-EPYC-like machine with several L3 caches per node: 2 sockets of one node, 12 cores × 2 threads
     * each, numbered as {@link #shape} numbers them (CPUs 0-47, CPU c and c + 24 are siblings), one L3 per
     * 4 cores (a CCX): 0-3,24-27 | 4-7,28-31 | 8-11,32-35 on socket 0, 12-15,36-39 | 16-19,40-43 |
     * 20-23,44-47 on socket 1.
     */
    public static TestMachine twoSocketSixL3() {
        return shape(2, 1, 12, 2, 0).caches("0-3,24-27", "4-7,28-31", "8-11,32-35", "12-15,36-39", "16-19,40-43",
                "20-23,44-47");
    }

    // ------------------------------------------------------------------ topology and kernel state

    /** {@code MemTotal} and {@code MemFree} of a node; the rest is used. */
    public TestMachine nodeMemory(int node, long totalBytes, long freeBytes) {
        NumaNode n = node(node);
        nodes.put(node, new NumaNode(node, n.cpus(), totalBytes, freeBytes, totalBytes - freeBytes, n.distances(),
                n.memoryTier()));
        return this;
    }

    /** A node's distances to every node, ascending by node id. */
    public TestMachine distances(int node, Integer... distances) {
        NumaNode n = node(node);
        nodes.put(node, new NumaNode(node, n.cpus(), n.memTotalBytes(), n.memFreeBytes(), n.memUsedBytes(),
                List.of(distances), n.memoryTier()));
        return this;
    }

    /** A node's memory tier; -1 where the kernel reports none. */
    public TestMachine memoryTier(int node, int tier) {
        NumaNode n = node(node);
        nodes.put(node, new NumaNode(node, n.cpus(), n.memTotalBytes(), n.memFreeBytes(), n.memUsedBytes(),
                n.distances(), tier));
        return this;
    }

    /** {@code devices/system/cpu/isolated}, kernel list format. */
    public TestMachine isolated(String cpuList) {
        CpuSet isolated = CpuSet.parse(cpuList);
        cpus.replaceAll(c -> new Cpu(c.id(), c.socket(), c.die(), c.core(), c.node(), c.siblings(), c.online(),
                isolated.contains(c.id()), c.details()));
        return this;
    }

    /** Replaces the details of the CPUs of {@code cpuList} by what {@code change} makes of each CPU. */
    public TestMachine details(String cpuList, Function<Cpu, CpuDetails> change) {
        CpuSet which = CpuSet.parse(cpuList);
        cpus.replaceAll(c -> which.contains(c.id()) ? new Cpu(c.id(), c.socket(), c.die(), c.core(), c.node(),
                c.siblings(), c.online(), c.isolated(), change.apply(c)) : c);
        return this;
    }

    /**
     * Caches as an x86 kernel lists them: per core (the CPU's SMT siblings) an L1 data, an L1
     * instruction and an L2 cache, whose id is the core's first CPU; one L3 per group of
     * {@code l3Groups} (kernel list format, e.g. {@code "0-7", "8-15"}), numbered in order; the cluster
     * id is the L2's, as x86 sets it. CPUs in no group get no L3.
     */
    public TestMachine caches(String... l3Groups) {
        List<CpuSet> groups = java.util.Arrays.stream(l3Groups).map(CpuSet::parse).toList();
        return details(allCpus().toString(), c -> {
            int core = c.siblings().first();
            List<CpuCache> caches = new ArrayList<>(List.of(new CpuCache(1, "Data", core, c.siblings()),
                    new CpuCache(1, "Instruction", core, c.siblings()), new CpuCache(2, "Unified", core, c.siblings())));
            for (int g = 0; g < groups.size(); g++) {
                if (groups.get(g).contains(c.id())) {
                    caches.add(new CpuCache(3, "Unified", g, groups.get(g)));
                }
            }
            CpuDetails d = c.details();
            return new CpuDetails(core, caches, d.baseFrequencyKhz(), d.maxFrequencyKhz(),
                    d.energyPerformancePreference(), d.coreKind());
        });
    }

    /** {@code cpufreq/base_frequency} and {@code cpuinfo_max_freq} (kHz) of the CPUs of {@code cpuList}. */
    public TestMachine frequencies(String cpuList, long baseKhz, long maxKhz) {
        return details(cpuList, c -> {
            CpuDetails d = c.details();
            return new CpuDetails(d.cluster(), d.caches(), baseKhz, maxKhz, d.energyPerformancePreference(),
                    d.coreKind());
        });
    }

    /** {@code cpufreq/energy_performance_preference} of the CPUs of {@code cpuList}. */
    public TestMachine energyPerformancePreference(String cpuList, String epp) {
        return details(cpuList, c -> {
            CpuDetails d = c.details();
            return new CpuDetails(d.cluster(), d.caches(), d.baseFrequencyKhz(), d.maxFrequencyKhz(), epp,
                    d.coreKind());
        });
    }

    /** The hybrid core kind of the CPUs of {@code cpuList}. */
    public TestMachine coreKind(String cpuList, CpuDetails.CoreKind kind) {
        return details(cpuList, c -> {
            CpuDetails d = c.details();
            return new CpuDetails(d.cluster(), d.caches(), d.baseFrequencyKhz(), d.maxFrequencyKhz(),
                    d.energyPerformancePreference(), kind);
        });
    }

    public TestMachine pageSize(long bytes) {
        pageSize = bytes;
        return this;
    }

    public TestMachine cgroupV1() {
        cgroupVersion = Platform.CGROUP_V1;
        return this;
    }

    public TestMachine cgroupV2() {
        cgroupVersion = Platform.CGROUP_V2;
        return this;
    }

    /** {@code kernel.numa_balancing}, one of {@code KernelState.NUMA_BALANCING_*}. */
    public TestMachine numaBalancing(int mode) {
        numaBalancing = mode;
        return this;
    }

    /** {@code SwapTotal} (all of it free); 0 means no swap. */
    public TestMachine swapBytes(long bytes) {
        swapBytes = bytes;
        return this;
    }

    /** The {@code /proc/vmstat} counters, in file order. */
    public TestMachine vmstat(Map<String, Long> counters) {
        vmstat.clear();
        vmstat.putAll(counters);
        return this;
    }

    /** cgroup v2 root's {@code cgroup.controllers}, and its {@code cgroup.subtree_control} (null: not written). */
    public TestMachine rootControllers(String controllers, String subtreeControl) {
        rootControllers = controllers;
        rootSubtreeControl = subtreeControl;
        return this;
    }

    // ------------------------------------------------------------------ cgroups, tasks, processes

    /** The cgroup at {@code path} ("/" is the root), created with its parents if new. */
    public TestCgroup cgroup(String path) {
        for (int i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
            cgroups.computeIfAbsent(path.substring(0, i), TestCgroup::new);
        }
        return cgroups.computeIfAbsent(path, TestCgroup::new);
    }

    /** The cgroup at {@code path}, made a task of the snapshot (id and name from the path). */
    public TestCgroup task(String path) {
        return cgroup(path).task(path);
    }

    /**
     * Counts every cgroup's anonymous memory into the cgroups above it (the root included), as the
     * kernel's hierarchical {@code memory.numa_stat} does; each cgroup's own figure stays as cgroup
     * v1's non-hierarchical lines. Call it once, after the cgroups' memory is described.
     */
    public TestMachine countMemoryIntoParents() {
        Map<String, Map<Integer, Long>> own = new LinkedHashMap<>();
        cgroups.values().forEach(c -> own.put(c.path(), new TreeMap<>(c.anon())));
        for (TestCgroup c : cgroups.values()) {
            Map<Integer, Long> below = new TreeMap<>();
            own.forEach((path, bytes) -> {
                if (c.isRoot() || path.equals(c.path()) || path.startsWith(c.path() + "/")) {
                    bytes.forEach((n, b) -> below.merge(n, b, Long::sum));
                }
            });
            c.anon(below).own(own.get(c.path()), Map.of(), Map.of());
        }
        return this;
    }

    /** The process {@code pid}, created if new. */
    public TestProcess process(int pid) {
        return processes.computeIfAbsent(pid, TestProcess::new);
    }

    // ------------------------------------------------------------------ reading the description

    public List<Cpu> cpus() {
        return List.copyOf(cpus);
    }

    public List<NumaNode> nodes() {
        return List.copyOf(nodes.values());
    }

    public NumaNode node(int id) {
        NumaNode n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no node " + id);
        }
        return n;
    }

    public CpuSet allCpus() {
        return CpuSet.of(cpus.stream().map(Cpu::id).toList());
    }

    public CpuSet onlineCpus() {
        return CpuSet.of(cpus.stream().filter(Cpu::online).map(Cpu::id).toList());
    }

    public CpuSet isolatedCpus() {
        return CpuSet.of(cpus.stream().filter(Cpu::isolated).map(Cpu::id).toList());
    }

    public NodeSet allNodes() {
        return NodeSet.of(nodes.keySet());
    }

    public long pageSize() {
        return pageSize;
    }

    public int cgroupVersion() {
        return cgroupVersion;
    }

    public int numaBalancing() {
        return numaBalancing;
    }

    public long swapBytes() {
        return swapBytes;
    }

    public Map<String, Long> vmstat() {
        return java.util.Collections.unmodifiableMap(vmstat);
    }

    public String rootControllers() {
        return rootControllers;
    }

    /** cgroup v2 root's {@code cgroup.subtree_control}; null when not written. */
    public String rootSubtreeControl() {
        return rootSubtreeControl;
    }

    /** Every cgroup, the root first, parents before their children. */
    public List<TestCgroup> cgroups() {
        return List.copyOf(cgroups.values());
    }

    public List<TestProcess> processes() {
        return List.copyOf(processes.values());
    }

    /** The platform as the runner reads it from this machine. */
    public Platform platform() {
        Set<Integer> sockets = new TreeSet<>();
        Set<List<Integer>> dies = new java.util.HashSet<>();
        Set<List<Integer>> cores = new java.util.HashSet<>();
        for (Cpu c : cpus) {
            sockets.add(c.socket());
            dies.add(List.of(c.socket(), c.die()));
            cores.add(List.of(c.socket(), c.die(), c.core()));
        }
        return new Platform(sockets.size(), dies.size(), cores.size(), cpus(), onlineCpus(), isolatedCpus(), nodes(),
                pageSize, cgroupVersion);
    }

    /** The kernel state: {@code numa_balancing}, swap and {@code vmstat} ({@code meminfo} is not described). */
    public KernelState kernelState() {
        return new KernelState(numaBalancing, swapBytes > 0, vmstat, Map.of());
    }

    /** The cgroups made tasks, in the order the cgroups were made. */
    public List<Task> tasks() {
        return cgroups.values().stream().filter(TestCgroup::isTask).map(TestCgroup::toTask).toList();
    }

    /** A snapshot of this machine with no outcomes and no warnings. */
    public Snapshot snapshot(long sequence, Instant time) {
        return snapshot(sequence, time, List.of(), List.of());
    }

    /** A snapshot of this machine carrying the previous cycle's outcomes and this read's warnings. */
    public Snapshot snapshot(long sequence, Instant time, List<Outcome> outcomes, List<ReadWarning> warnings) {
        return new Snapshot(sequence, time, platform(), kernelState(), tasks(), outcomes, warnings);
    }
}
