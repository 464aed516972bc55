package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.CpuCache;
import io.numaagent.api.snapshot.CpuDetails;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.testing.TestCgroup;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.testing.TestProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one writer of a {@link TestMachine} as a host tree: sysfs ({@code devices/system/cpu},
 * {@code devices/system/node}, memory tiers), procfs ({@code meminfo}, {@code vmstat},
 * {@code numa_balancing}, {@code PID/*}) and cgroupfs (v1: {@code cpuset}, {@code memory},
 * {@code cpu,cpuacct} hierarchies; v2: unified), each file in the kernel's exact format. Figures the
 * description leaves unstated (node meminfo detail, {@code memory.current}, ...) are derived so that
 * the tree is consistent. The committed fixture trees are written by it (see {@link Fixtures}).
 */
public final class HostTreeWriter {

    /** v1's "unlimited" {@code memory.limit_in_bytes}: LONG_MAX rounded down to a page. */
    private static final long V1_UNLIMITED = 9223372036854771712L;

    private static final List<String> V2_NUMA_STAT_KEYS = List.of("anon", "file", "kernel_stack", "pagetables",
            "sec_pagetables", "shmem", "file_mapped", "file_dirty", "file_writeback", "swapcached", "anon_thp",
            "file_thp", "shmem_thp", "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
            "slab_reclaimable", "slab_unreclaimable", "workingset_refault_anon", "workingset_refault_file",
            "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon",
            "workingset_restore_file", "workingset_nodereclaim");

    private final TestMachine machine;
    private boolean cpuNodeLinks;

    private HostTreeWriter(TestMachine machine) {
        this.machine = machine;
    }

    public static HostTreeWriter of(TestMachine machine) {
        return new HostTreeWriter(machine);
    }

    /** Also writes each CPU's {@code nodeM} symlink, as sysfs has (the committed fixture trees do not). */
    public HostTreeWriter withCpuNodeLinks() {
        cpuNodeLinks = true;
        return this;
    }

    /** Writes {@code dir/sys}, {@code dir/proc}, {@code dir/cgroup} and returns their paths. */
    public HostPaths write(Path dir) {
        return write(new HostPaths(dir.resolve("sys"), dir.resolve("proc"), dir.resolve("cgroup")));
    }

    /** Writes the tree under {@code paths}. */
    public HostPaths write(HostPaths paths) {
        try {
            writeSys(paths);
            writeProc(paths);
            writeCgroups(paths.cgroupfs());
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ sysfs

    private void writeSys(HostPaths paths) throws IOException {
        Path cpuDir = paths.sys("devices/system/cpu");
        Path nodeDir = paths.sys("devices/system/node");
        List<Cpu> cpus = machine.cpus();
        for (Cpu c : cpus) {
            Path topo = cpuDir.resolve("cpu" + c.id()).resolve("topology");
            CpuSet socketCpus = CpuSet.of(cpus.stream().filter(o -> o.socket() == c.socket()).map(Cpu::id).toList());
            put(topo.resolve("physical_package_id"), c.socket() + "\n");
            put(topo.resolve("die_id"), c.die() + "\n");
            put(topo.resolve("core_id"), c.core() + "\n");
            put(topo.resolve("thread_siblings_list"), c.siblings() + "\n");
            put(topo.resolve("core_siblings_list"), socketCpus + "\n");
            writeDetails(cpuDir.resolve("cpu" + c.id()), c.details());
            if (cpuNodeLinks) {
                Files.createDirectories(nodeDir.resolve("node" + c.node()));
                Files.createSymbolicLink(cpuDir.resolve("cpu" + c.id()).resolve("node" + c.node()),
                        Path.of("../../node/node" + c.node()));
            }
        }
        for (CpuDetails.CoreKind kind : List.of(CpuDetails.CoreKind.PERFORMANCE, CpuDetails.CoreKind.EFFICIENT)) {
            CpuSet ofKind = CpuSet.of(cpus.stream().filter(c -> c.details().coreKind() == kind).map(Cpu::id).toList());
            if (!ofKind.isEmpty()) {
                put(paths.sys(kind == CpuDetails.CoreKind.PERFORMANCE ? "devices/cpu_core/cpus" : "devices/cpu_atom/cpus"),
                        ofKind + "\n");
            }
        }
        String all = machine.allCpus() + "\n";
        put(cpuDir.resolve("online"), machine.onlineCpus() + "\n");
        put(cpuDir.resolve("possible"), all);
        put(cpuDir.resolve("present"), all);
        put(cpuDir.resolve("isolated"), machine.isolatedCpus() + "\n");
        List<NumaNode> nodes = machine.nodes();
        String allNodes = machine.allNodes() + "\n";
        String withMemory = NodeSet.of(nodes.stream().filter(NumaNode::hasMemory).map(NumaNode::id).toList()) + "\n";
        put(nodeDir.resolve("online"), allNodes);
        put(nodeDir.resolve("possible"), allNodes);
        put(nodeDir.resolve("has_memory"), withMemory);
        put(nodeDir.resolve("has_normal_memory"), withMemory);
        put(nodeDir.resolve("has_cpu"), NodeSet.of(nodes.stream().filter(NumaNode::hasCpus).map(NumaNode::id)
                .toList()) + "\n");
        Map<Integer, List<Integer>> tiers = new TreeMap<>();
        for (NumaNode n : nodes) {
            Path d = nodeDir.resolve("node" + n.id());
            put(d.resolve("cpulist"), n.cpus() + "\n");
            put(d.resolve("meminfo"), nodeMeminfo(n.id(), n.memTotalBytes() / 1024, n.memFreeBytes() / 1024));
            put(d.resolve("distance"), n.distances().stream().map(String::valueOf).collect(Collectors.joining(" "))
                    + "\n");
            if (n.memoryTier() >= 0) {
                tiers.computeIfAbsent(n.memoryTier(), t -> new ArrayList<>()).add(n.id());
            }
        }
        for (var tier : tiers.entrySet()) {
            put(paths.sys("devices/virtual/memory_tiering/memory_tier" + tier.getKey() + "/nodelist"),
                    NodeSet.of(tier.getValue()) + "\n");
        }
    }

    /** A CPU's cluster id, {@code cache/indexN} and {@code cpufreq} files, where the details know them. */
    private static void writeDetails(Path cpu, CpuDetails d) throws IOException {
        if (d.cluster() >= 0) {
            put(cpu.resolve("topology/cluster_id"), d.cluster() + "\n");
        }
        for (int i = 0; i < d.caches().size(); i++) {
            CpuCache c = d.caches().get(i);
            Path index = cpu.resolve("cache/index" + i);
            put(index.resolve("level"), c.level() + "\n");
            put(index.resolve("type"), c.type() + "\n");
            if (c.id() >= 0) {
                put(index.resolve("id"), c.id() + "\n");
            }
            put(index.resolve("shared_cpu_list"), c.sharedCpus() + "\n");
            put(index.resolve("size"), (c.level() == 1 ? "48K" : c.level() == 2 ? "2048K" : "32768K") + "\n");
        }
        if (d.baseFrequencyKhz() > 0) {
            put(cpu.resolve("cpufreq/base_frequency"), d.baseFrequencyKhz() + "\n");
        }
        if (d.maxFrequencyKhz() > 0) {
            put(cpu.resolve("cpufreq/cpuinfo_max_freq"), d.maxFrequencyKhz() + "\n");
        }
        if (!d.energyPerformancePreference().isEmpty()) {
            put(cpu.resolve("cpufreq/energy_performance_preference"), d.energyPerformancePreference() + "\n");
        }
    }

    /** A node's {@code meminfo}: the described total and free, the detail in plausible proportions. */
    private static String nodeMeminfo(int node, long totalKb, long freeKb) {
        long used = totalKb - freeKb;
        Object[][] rows = {{"MemTotal", totalKb}, {"MemFree", freeKb}, {"MemUsed", used}, {"SwapCached", 0L},
                {"Active", used / 2}, {"Inactive", used / 4}, {"Active(anon)", used / 3}, {"Inactive(anon)", 0L},
                {"Active(file)", used / 6}, {"Inactive(file)", used / 4}, {"Unevictable", 0L}, {"Mlocked", 0L},
                {"Dirty", 12L}, {"Writeback", 0L}, {"FilePages", used / 3}, {"Mapped", used / 10},
                {"AnonPages", used / 3}, {"Shmem", 1024L}, {"KernelStack", 8192L}, {"PageTables", 4096L},
                {"SecPageTables", 0L}, {"NFS_Unstable", 0L}, {"Bounce", 0L}, {"WritebackTmp", 0L},
                {"KReclaimable", 20480L}, {"Slab", 40960L}, {"SReclaimable", 20480L}, {"SUnreclaim", 20480L},
                {"AnonHugePages", 0L}, {"ShmemHugePages", 0L}, {"ShmemPmdMapped", 0L}, {"FileHugePages", 0L},
                {"FilePmdMapped", 0L}};
        StringBuilder text = new StringBuilder();
        for (Object[] row : rows) {
            text.append(String.format("Node %d %-15s %8d kB\n", node, row[0] + ":", row[1]));
        }
        for (String key : List.of("HugePages_Total", "HugePages_Free", "HugePages_Surp")) {
            text.append(String.format("Node %d %-15s %5d\n", node, key + ":", 0));
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ procfs

    private void writeProc(HostPaths paths) throws IOException {
        long totalKb = machine.nodes().stream().mapToLong(NumaNode::memTotalBytes).sum() / 1024;
        long freeKb = machine.nodes().stream().mapToLong(NumaNode::memFreeBytes).sum() / 1024;
        put(paths.proc("meminfo"), procMeminfo(totalKb, freeKb, machine.swapBytes() / 1024));
        put(paths.proc("vmstat"), machine.vmstat().entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "\n")
                .collect(Collectors.joining()));
        put(paths.proc("sys/kernel/numa_balancing"), machine.numaBalancing() + "\n");
        for (TestProcess p : machine.processes()) {
            writeProcess(paths.proc(Integer.toString(p.pid())), p);
        }
    }

    private static String procMeminfo(long totalKb, long freeKb, long swapKb) {
        Object[][] rows = {{"MemTotal", totalKb}, {"MemFree", freeKb}, {"MemAvailable", freeKb + totalKb / 10},
                {"Buffers", 204800L}, {"Cached", totalKb / 10}, {"SwapCached", 0L}, {"Active", totalKb / 8},
                {"Inactive", totalKb / 16}, {"SwapTotal", swapKb}, {"SwapFree", swapKb}, {"Dirty", 48L},
                {"AnonPages", totalKb / 8}, {"Mapped", 409600L}, {"Shmem", 65536L}, {"Slab", 512000L},
                {"PageTables", 40960L}, {"CommitLimit", totalKb / 2 + swapKb}, {"Committed_AS", totalKb / 4},
                {"VmallocTotal", 34359738367L}, {"AnonHugePages", 0L}};
        StringBuilder text = new StringBuilder();
        for (Object[] row : rows) {
            text.append(String.format("%-16s%8d kB\n", row[0] + ":", row[1]));
        }
        return text + "HugePages_Total:       0\nHugePages_Free:        0\nHugePages_Rsvd:        0\n"
                + "HugePages_Surp:        0\nHugepagesize:       2048 kB\n";
    }

    private void writeProcess(Path dir, TestProcess p) throws IOException {
        put(dir.resolve("cmdline"), p.argv().stream().map(a -> a + "\0").collect(Collectors.joining()));
        put(dir.resolve("comm"), p.name() + "\n");
        put(dir.resolve("status"), String.format("Name:\t%s\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t%d\n"
                        + "Pid:\t%d\nPPid:\t1\nVmPeak:\t%8d kB\nVmSize:\t%8d kB\nVmHWM:\t%8d kB\nVmRSS:\t%8d kB\n"
                        + "Threads:\t12\nCpus_allowed:\tf\nCpus_allowed_list:\t%s\nMems_allowed:\t00000001\n"
                        + "Mems_allowed_list:\t%s\nvoluntary_ctxt_switches:\t100\nnonvoluntary_ctxt_switches:\t5\n",
                p.name(), p.pid(), p.pid(), p.hwmKb() * 2, p.hwmKb() * 2, p.hwmKb(), p.rssKb(), p.cpusAllowed(),
                p.memsAllowed()));
        put(dir.resolve("cgroup"), machine.cgroupVersion() == Platform.CGROUP_V1
                ? "4:cpuset:" + p.cgroupPath() + "\n3:memory:" + p.cgroupPath() + "\n2:cpu,cpuacct:" + p.cgroupPath()
                + "\n"
                : "0::" + p.cgroupPath() + "\n");
        put(dir.resolve("numa_maps"), p.numaMaps().stream().map(l -> l + "\n").collect(Collectors.joining()));
        put(dir.resolve("stat"), String.format("%d (%s) S 1 %d %d 0 -1 4194560 1000 0 0 0 %d %d 0 0 20 0 12 0 5000 "
                        + "1000000 %d 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 3 0 0 0 0 0\n",
                p.pid(), p.name(), p.pid(), p.pid(), p.utimeTicks(), p.stimeTicks(),
                p.rssKb() * 1024 / machine.pageSize()));
    }

    // ------------------------------------------------------------------ cgroupfs

    private void writeCgroups(Path root) throws IOException {
        for (TestCgroup c : machine.cgroups()) {
            if (c.onHost()) {
                writeCgroup(root, c);
            }
        }
    }

    /** Writes one cgroup of the machine into the cgroupfs at {@code root} (for a test that adds one late). */
    public void writeCgroup(Path root, TestCgroup c) {
        try {
            if (machine.cgroupVersion() == Platform.CGROUP_V1) {
                writeV1(root, c);
            } else if (c.isRoot()) {
                writeV2Root(root, c);
            } else {
                writeV2(root.resolve(c.path().substring(1)), c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String procs(TestCgroup c) {
        return c.pids().stream().map(p -> p + "\n").collect(Collectors.joining());
    }

    private String effectiveCpus(TestCgroup c) {
        return c.effectiveCpus() != null ? c.effectiveCpus() : c.cpus().isEmpty() ? machine.allCpus().toString()
                : c.cpus();
    }

    private String effectiveMems(TestCgroup c) {
        return c.effectiveMems() != null ? c.effectiveMems() : c.mems().isEmpty() ? machine.allNodes().toString()
                : c.mems();
    }

    private long current(TestCgroup c) {
        return c.memoryCurrent() >= 0 ? c.memoryCurrent()
                : c.memoryPerNode().values().stream().mapToLong(Long::longValue).sum();
    }

    private long peak(TestCgroup c) {
        return c.memoryPeak() >= 0 ? c.memoryPeak() : current(c);
    }

    /** The v2 root has no cpuset or memory files of its own; its effective cpuset only when described. */
    private void writeV2Root(Path root, TestCgroup c) throws IOException {
        put(root.resolve("cgroup.controllers"), machine.rootControllers() + "\n");
        if (machine.rootSubtreeControl() != null) {
            put(root.resolve("cgroup.subtree_control"), machine.rootSubtreeControl() + "\n");
        }
        put(root.resolve("cgroup.procs"), procs(c));
        if (c.effectiveCpus() != null) {
            put(root.resolve("cpuset.cpus.effective"), c.effectiveCpus() + "\n");
            put(root.resolve("cpuset.mems.effective"), c.effectiveMems() + "\n");
        }
    }

    private void writeV2(Path d, TestCgroup c) throws IOException {
        put(d.resolve("cgroup.procs"), procs(c));
        put(d.resolve("cgroup.type"), "domain\n");
        put(d.resolve("cgroup.controllers"), c.controllers() + "\n");
        put(d.resolve("cpuset.cpus"), c.cpus() + "\n");
        put(d.resolve("cpuset.mems"), c.mems() + "\n");
        put(d.resolve("cpuset.cpus.effective"), effectiveCpus(c) + "\n");
        put(d.resolve("cpuset.mems.effective"), effectiveMems(c) + "\n");
        if (c.partition() != null) {
            put(d.resolve("cpuset.cpus.partition"), c.partition() + "\n");
        }
        put(d.resolve("memory.numa_stat"), v2NumaStat(c));
        put(d.resolve("memory.current"), current(c) + "\n");
        put(d.resolve("memory.max"), (c.memoryMax() < 0 ? "max" : Long.toString(c.memoryMax())) + "\n");
        put(d.resolve("memory.peak"), peak(c) + "\n");
        if (c.cpuWeight() >= 0) {
            put(d.resolve("cpu.weight"), c.cpuWeight() + "\n");
        }
        long usec = Math.max(0, c.cpuUsageNanos()) / 1000;
        long userUsec = usec * 3 / 4;
        put(d.resolve("cpu.stat"), String.format("usage_usec %d\nuser_usec %d\nsystem_usec %d\nnr_periods 0\n"
                + "nr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n", usec, userUsec, usec - userUsec));
    }

    /** Every key of the kernel's v2 {@code memory.numa_stat}; anon and file as described, active = all. */
    private String v2NumaStat(TestCgroup c) {
        StringBuilder text = new StringBuilder();
        for (String key : V2_NUMA_STAT_KEYS) {
            text.append(key);
            for (int n : machine.allNodes().toArray()) {
                long anon = c.anon().getOrDefault(n, 0L);
                long value = switch (key) {
                    case "anon", "active_anon" -> anon;
                    case "file", "active_file" -> c.file().getOrDefault(n, 0L);
                    case "kernel_stack" -> anon != 0 ? 16384 : 0;
                    default -> 0;
                };
                text.append(" N").append(n).append('=').append(value);
            }
            text.append('\n');
        }
        return text.toString();
    }

    private void writeV1(Path root, TestCgroup c) throws IOException {
        String rel = c.isRoot() ? "" : c.path().substring(1);
        Path cpuset = rel.isEmpty() ? root.resolve("cpuset") : root.resolve("cpuset").resolve(rel);
        Path memory = rel.isEmpty() ? root.resolve("memory") : root.resolve("memory").resolve(rel);
        Path cpuacct = rel.isEmpty() ? root.resolve("cpu,cpuacct") : root.resolve("cpu,cpuacct").resolve(rel);
        String cpus = c.cpus().isEmpty() ? machine.allCpus().toString() : c.cpus();
        String mems = c.mems().isEmpty() ? machine.allNodes().toString() : c.mems();
        put(cpuset.resolve("cgroup.procs"), procs(c));
        put(cpuset.resolve("tasks"), procs(c));
        put(cpuset.resolve("cpuset.cpus"), cpus + "\n");
        put(cpuset.resolve("cpuset.mems"), mems + "\n");
        put(cpuset.resolve("cpuset.effective_cpus"), (c.effectiveCpus() != null ? c.effectiveCpus() : cpus) + "\n");
        put(cpuset.resolve("cpuset.effective_mems"), (c.effectiveMems() != null ? c.effectiveMems() : mems) + "\n");
        put(cpuset.resolve("cpuset.memory_migrate"), (c.memoryMigrate() ? 1 : 0) + "\n");
        put(cpuset.resolve("cpuset.cpu_exclusive"), "0\n");
        put(cpuset.resolve("cpuset.mem_exclusive"), "0\n");
        put(memory.resolve("cgroup.procs"), procs(c));
        put(memory.resolve("memory.numa_stat"), v1NumaStat("", c.ownFile(), c.ownAnon(), c.ownUnevictable())
                + v1NumaStat("hierarchical_", c.file(), c.anon(), c.unevictable()));
        put(memory.resolve("memory.usage_in_bytes"), current(c) + "\n");
        put(memory.resolve("memory.limit_in_bytes"), (c.memoryMax() < 0 ? V1_UNLIMITED : c.memoryMax()) + "\n");
        put(memory.resolve("memory.max_usage_in_bytes"), peak(c) + "\n");
        put(cpuacct.resolve("cgroup.procs"), procs(c));
        put(cpuacct.resolve("cpuacct.usage"), Math.max(0, c.cpuUsageNanos()) + "\n");
        put(cpuacct.resolve("cpu.shares"), (c.cpuWeight() < 0 ? 1024 : c.cpuWeight()) + "\n");
    }

    /** v1's {@code memory.numa_stat} lines of one prefix, in pages: total, file, anon, unevictable. */
    private String v1NumaStat(String prefix, Map<Integer, Long> file, Map<Integer, Long> anon,
                              Map<Integer, Long> unevictable) {
        int[] nodes = machine.allNodes().toArray();
        long page = machine.pageSize();
        StringBuilder text = new StringBuilder();
        for (String kind : List.of("total", "file", "anon", "unevictable")) {
            long[] pages = new long[nodes.length];
            long sum = 0;
            for (int i = 0; i < nodes.length; i++) {
                int n = nodes[i];
                long bytes = switch (kind) {
                    case "file" -> file.getOrDefault(n, 0L);
                    case "anon" -> anon.getOrDefault(n, 0L);
                    case "unevictable" -> unevictable.getOrDefault(n, 0L);
                    default -> file.getOrDefault(n, 0L) + anon.getOrDefault(n, 0L) + unevictable.getOrDefault(n, 0L);
                };
                pages[i] = bytes / page;
                sum += pages[i];
            }
            text.append(prefix).append(kind).append('=').append(sum);
            for (int i = 0; i < nodes.length; i++) {
                text.append(" N").append(nodes[i]).append('=').append(pages[i]);
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static void put(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
