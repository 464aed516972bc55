package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.CpuDetails;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the machine's topology from sysfs: CPUs ({@code devices/system/cpu}), NUMA nodes with their
 * CPUs, memory and SLIT distances ({@code devices/system/node}) and memory tiers
 * ({@code devices/virtual/memory_tiering}).
 *
 * <p>A kernel without {@code devices/system/node} (built without NUMA) is one node 0 holding every
 * CPU and the memory of {@code /proc/meminfo}. Each online CPU's cluster, caches, frequencies and
 * core kind come from {@link CpuDetailsReader}. Missing or garbled files are reported to
 * {@link ReadProblems} and the rest is still returned. Topology files of offline CPUs are not
 * expected (the kernel removes them) and their absence is not reported; nor is a missing
 * {@code die_id} (kernels before 5.2 have no dies), which reads as die 0. The page size and cgroup
 * version are the {@link Host}'s, known before the first read.
 *
 * <p>What does not change while the machine runs (CPUs and their cores, node CPU lists, distances,
 * memory tiers, some 150 files on a 32-CPU machine) is read once and kept; each call reads only
 * {@code cpu/online} and {@code node/online}, and reads the topology again when either differs from
 * the kept one (a CPU or node hot-plugged or taken offline) and every {@link #REREAD_CYCLES} calls
 * (for what those two files do not show, such as a node moved to another memory tier). Each node's
 * {@code meminfo} is read on every call. The kept topology's read problems are reported again on
 * every call, so each snapshot still carries them. Not thread-safe: one reader per snapshot source.
 */
public final class PlatformReader {

    /** Linux's largest NR_CPUS (x86 MAXSMP, powerpc, arm64 and loongarch top out at 8192 or below), doubled. */
    static final int MAX_CPUS = 16384;

    /** Calls after which the topology is read again even though no online file changed. */
    public static final int REREAD_CYCLES = 60;

    private final Host host;
    private final HostPaths paths;
    private Topology topology;
    private long calls;

    public PlatformReader(Host host) {
        this.host = host;
        this.paths = host.paths();
    }

    /** What is kept between calls: the static part of the platform, as read from these online files. */
    private record Topology(String cpuOnline, String nodeOnline, long readAt, List<Cpu> cpus, int sockets, int dies,
                            int cores, CpuSet online, CpuSet isolated, List<StaticNode> nodes,
                            List<ReadProblems.Problem> problems) {
    }

    /** A node as far as it does not change; empty {@code meminfo}: the one node of a kernel without NUMA. */
    private record StaticNode(int id, CpuSet cpus, Optional<Path> meminfo, List<Integer> distances, int tier) {
    }

    /** Reads the platform; never throws for bad content. */
    public Platform read(ReadProblems problems) {
        return read(problems, () -> KernelStateReader.readMeminfo(paths.proc("meminfo"), problems));
    }

    /**
     * Reads the platform, taking {@code /proc/meminfo} (in bytes, only needed on a kernel without
     * NUMA) from {@code meminfo}, so that a snapshot reads it once for the platform and the kernel state.
     */
    public Platform read(ReadProblems problems, Supplier<Map<String, Long>> meminfo) {
        calls++;
        Path cpuDir = paths.sys("devices/system/cpu");
        Path nodeDir = paths.sys("devices/system/node");
        String cpuOnline = rawText(cpuDir.resolve("online"));
        String nodeOnline = rawText(nodeDir.resolve("online"));
        if (topology == null || !Objects.equals(cpuOnline, topology.cpuOnline())
                || !Objects.equals(nodeOnline, topology.nodeOnline()) || calls - topology.readAt() >= REREAD_CYCLES) {
            topology = readTopology(cpuDir, nodeDir, cpuOnline, nodeOnline);
        }
        Topology t = topology;
        t.problems().forEach(problems::report);
        List<NumaNode> nodes = new ArrayList<>(t.nodes().size());
        for (StaticNode n : t.nodes()) {
            if (n.meminfo().isEmpty()) {
                Map<String, Long> m = meminfo.get();
                long total = m.getOrDefault("MemTotal", 0L);
                long free = m.getOrDefault("MemFree", 0L);
                nodes.add(new NumaNode(n.id(), n.cpus(), total, free, total - free, n.distances(), n.tier()));
                continue;
            }
            Map<String, Long> mem = nodeMeminfo(n.meminfo().get(), n.id(), problems);
            long total = mem.getOrDefault("MemTotal", 0L);
            long free = mem.getOrDefault("MemFree", 0L);
            long used = mem.getOrDefault("MemUsed", total - free);
            nodes.add(new NumaNode(n.id(), n.cpus(), total, free, used, n.distances(), n.tier()));
        }
        return new Platform(t.sockets(), t.dies(), t.cores(), t.cpus(), t.online(), t.isolated(), nodes,
                host.pageSizeBytes(), host.cgroupVersion());
    }

    /** The file's text, null when it is missing or unreadable (the topology read reports that). */
    private static String rawText(Path file) {
        try {
            return HostFiles.readText(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Topology readTopology(Path cpuDir, Path nodeDir, String cpuOnline, String nodeOnline) {
        ReadProblems problems = new ReadProblems();
        CpuSet possible = possibleCpus(cpuDir, problems);
        Path onlineFile = cpuDir.resolve("online");
        CpuSet online = cpuOnline == null ? HostFiles.readCpuSet(onlineFile, problems).orElse(possible)
                : HostFiles.parseCpuSet(onlineFile, cpuOnline, problems).orElse(possible);
        CpuSet isolated = HostFiles.readIfPresent(cpuDir.resolve("isolated"), problems)
                .flatMap(t -> HostFiles.parseCpuSet(cpuDir.resolve("isolated"), t, problems))
                .orElse(CpuSet.EMPTY);

        List<StaticNode> nodes;
        Map<Integer, Integer> nodeOfCpu = new HashMap<>();
        if (Files.isDirectory(nodeDir)) {
            nodes = readNodes(nodeDir, nodeOnline, possible, nodeOfCpu, problems);
        } else {
            nodes = List.of(singleNode(possible));
            possible.stream().forEach(c -> nodeOfCpu.put(c, 0));
        }

        CpuDetailsReader details = new CpuDetailsReader(paths, problems);
        List<Cpu> cpus = new ArrayList<>();
        Set<Integer> sockets = new HashSet<>();
        Set<List<Integer>> dies = new HashSet<>();
        Set<List<Integer>> cores = new HashSet<>();
        for (int id : possible.toArray()) {
            Path cpu = cpuDir.resolve("cpu" + id);
            boolean isOnline = online.contains(id);
            Path topo = cpu.resolve("topology");
            int socket = -1;
            int die = 0;
            int core = -1;
            CpuSet siblings = CpuSet.of(id);
            if (isOnline || Files.isDirectory(topo)) {
                socket = (int) HostFiles.readLong(topo.resolve("physical_package_id"), problems).orElse(-1);
                // kernels before 5.2 have no die_id: die 0, not reported
                die = (int) HostFiles.readIfPresent(topo.resolve("die_id"), problems)
                        .map(t -> HostFiles.parseLong(topo.resolve("die_id"), t, problems).orElse(0))
                        .orElse(0L).longValue();
                core = (int) HostFiles.readLong(topo.resolve("core_id"), problems).orElse(-1);
                siblings = HostFiles.readCpuSet(topo.resolve("thread_siblings_list"), problems).orElse(siblings);
            }
            // the cpuN/nodeM link is listed only for CPUs no node's cpulist names
            int node = nodeOfCpu.containsKey(id) ? nodeOfCpu.get(id) : nodeFromLink(cpu);
            cpus.add(new Cpu(id, socket, die, core, node, siblings, isOnline, isolated.contains(id),
                    isOnline ? details.read(id, cpu) : CpuDetails.UNKNOWN));
            if (socket >= 0) {
                sockets.add(socket);
                dies.add(List.of(socket, die));
                if (core >= 0) {
                    cores.add(List.of(socket, die, core));
                }
            }
        }
        return new Topology(cpuOnline, nodeOnline, calls, List.copyOf(cpus), sockets.size(), dies.size(),
                cores.size(), online, isolated, List.copyOf(nodes), problems.problems());
    }

    private CpuSet possibleCpus(Path cpuDir, ReadProblems problems) {
        Path possibleFile = cpuDir.resolve("possible");
        Optional<CpuSet> possible = HostFiles.readIfPresent(possibleFile, problems)
                .flatMap(t -> HostFiles.parseCpuSet(possibleFile, t, problems));
        if (possible.isPresent() && possible.get().size() > MAX_CPUS) {
            problems.report(possibleFile, "lists " + possible.get().size() + " CPUs, more than any kernel supports ("
                    + MAX_CPUS + "); using the cpuN directories");
        } else if (possible.isPresent() && !possible.get().isEmpty()) {
            return possible.get();
        }
        List<Integer> listed = HostDirectories.numberedEntries(cpuDir, "cpu");
        if (listed.isEmpty()) {
            problems.report(cpuDir, ReadProblems.Kind.MISSING,
                    "no CPUs found (neither a possible file nor cpuN directories)");
        }
        return CpuSet.of(listed.size() > MAX_CPUS ? listed.subList(0, MAX_CPUS) : listed);
    }

    /** The node of a CPU from its {@code cpuN/nodeM} link, -1 when there is none. */
    private static int nodeFromLink(Path cpu) {
        List<Integer> links = HostDirectories.numberedEntries(cpu, "node");
        return links.isEmpty() ? -1 : links.get(0);
    }

    private List<StaticNode> readNodes(Path nodeDir, String nodeOnline, CpuSet possible,
                                       Map<Integer, Integer> nodeOfCpu, ReadProblems problems) {
        List<Integer> ids = HostDirectories.numberedEntries(nodeDir, "node");
        Path onlineFile = nodeDir.resolve("online");
        Optional<NodeSet> online = (nodeOnline == null ? HostFiles.readIfPresent(onlineFile, problems)
                : Optional.of(nodeOnline)).flatMap(t -> HostFiles.parseNodeSet(onlineFile, t, problems));
        if (online.isPresent()) {
            ids.removeIf(id -> !online.get().contains(id));
        }
        Map<Integer, Integer> tiers = memoryTiers(problems);
        List<StaticNode> nodes = new ArrayList<>();
        for (int id : ids) {
            Path node = nodeDir.resolve("node" + id);
            CpuSet cpus = HostFiles.readCpuSet(node.resolve("cpulist"), problems).orElse(CpuSet.EMPTY);
            for (int c : cpus.toArray()) {
                nodeOfCpu.putIfAbsent(c, id);
            }
            List<Integer> distances = distances(node.resolve("distance"), ids.size(), problems);
            nodes.add(new StaticNode(id, cpus, Optional.of(node.resolve("meminfo")), distances,
                    tiers.getOrDefault(id, -1)));
        }
        if (nodes.isEmpty()) {
            problems.report(nodeDir, ReadProblems.Kind.MISSING, "no online nodeN directories; assuming one node 0");
            nodes.add(singleNode(possible));
            possible.stream().forEach(c -> nodeOfCpu.put(c, 0));
        }
        return nodes;
    }

    /**
     * Parses a node's {@code meminfo}: lines {@code Node 0 MemTotal:       16384000 kB}; values with
     * a {@code kB} unit become bytes.
     */
    private static Map<String, Long> nodeMeminfo(Path file, int id, ReadProblems problems) {
        Optional<Map<String, Long>> values = HostFiles.readMeminfo(file, "Node " + id, problems);
        if (values.isPresent() && !values.get().containsKey("MemTotal")) {
            problems.report(file, "no MemTotal line; node memory taken as 0");
        }
        return values.orElse(Map.of());
    }

    private static List<Integer> distances(Path file, int nodeCount, ReadProblems problems) {
        Optional<String> text = HostFiles.read(file, problems);
        if (text.isEmpty()) {
            return List.of();
        }
        List<Integer> d = new ArrayList<>();
        String body = text.get().strip();
        if (!body.isEmpty()) {
            for (String s : HostFiles.fields(body)) {
                try {
                    d.add(Integer.parseInt(s));
                } catch (NumberFormatException e) {
                    problems.report(file, "not a distance: \"" + HostFiles.abbreviate(s) + "\"");
                    return List.of();
                }
            }
        }
        if (d.size() != nodeCount) {
            problems.report(file, "has " + d.size() + " distances for " + nodeCount + " online nodes");
            return List.of();
        }
        return d;
    }

    /** Node id to memory tier id from {@code devices/virtual/memory_tiering/memory_tierN/nodelist}. */
    private Map<Integer, Integer> memoryTiers(ReadProblems problems) {
        Path dir = paths.sys("devices/virtual/memory_tiering");
        Map<Integer, Integer> tiers = new HashMap<>();
        for (int tier : HostDirectories.numberedEntries(dir, "memory_tier")) {
            Path file = dir.resolve("memory_tier" + tier).resolve("nodelist");
            HostFiles.readNodeSet(file, problems).ifPresent(ns -> ns.stream().forEach(n -> tiers.put(n, tier)));
        }
        return tiers;
    }

    /** The one node of a kernel without NUMA support: all CPUs, memory from {@code /proc/meminfo}. */
    private static StaticNode singleNode(CpuSet cpus) {
        return new StaticNode(0, cpus, Optional.empty(), List.of(10), -1);
    }
}
