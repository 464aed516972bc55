package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the machine's topology from sysfs: CPUs ({@code devices/system/cpu}), NUMA nodes with their
 * CPUs, memory and SLIT distances ({@code devices/system/node}) and memory tiers
 * ({@code devices/virtual/memory_tiering}).
 *
 * <p>A kernel without {@code devices/system/node} (built without NUMA) is one node 0 holding every
 * CPU and the memory of {@code /proc/meminfo}. Missing or garbled files are reported to
 * {@link ReadProblems} and the rest is still returned. Topology files of offline CPUs are not
 * expected (the kernel removes them) and their absence is not reported; nor is a missing
 * {@code die_id} (kernels before 5.2 have no dies), which reads as die 0. The page size and cgroup
 * version are the {@link Host}'s, known before the first read.
 */
public final class PlatformReader {

    /** Linux's largest NR_CPUS (x86 MAXSMP, powerpc, arm64 and loongarch top out at 8192 or below), doubled. */
    static final int MAX_CPUS = 16384;

    private final Host host;
    private final HostPaths paths;

    public PlatformReader(Host host) {
        this.host = host;
        this.paths = host.paths();
    }

    /** Reads the platform; never throws for bad content. */
    public Platform read(ReadProblems problems) {
        Path cpuDir = paths.sys("devices/system/cpu");
        CpuSet possible = possibleCpus(cpuDir, problems);
        CpuSet online = HostFiles.readCpuSet(cpuDir.resolve("online"), problems).orElse(possible);
        CpuSet isolated = HostFiles.readIfPresent(cpuDir.resolve("isolated"), problems)
                .flatMap(t -> HostFiles.parseCpuSet(cpuDir.resolve("isolated"), t, problems))
                .orElse(CpuSet.EMPTY);

        Path nodeDir = paths.sys("devices/system/node");
        List<NumaNode> nodes;
        Map<Integer, Integer> nodeOfCpu = new HashMap<>();
        if (Files.isDirectory(nodeDir)) {
            nodes = readNodes(nodeDir, possible, nodeOfCpu, problems);
        } else {
            nodes = List.of(singleNode(possible, problems));
            possible.stream().forEach(c -> nodeOfCpu.put(c, 0));
        }

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
                Path dieFile = topo.resolve("die_id");
                die = Files.exists(dieFile) ? (int) HostFiles.readLong(dieFile, problems).orElse(0) : 0;
                core = (int) HostFiles.readLong(topo.resolve("core_id"), problems).orElse(-1);
                siblings = HostFiles.readCpuSet(topo.resolve("thread_siblings_list"), problems).orElse(siblings);
            }
            // the cpuN/nodeM link is listed only for CPUs no node's cpulist names
            int node = nodeOfCpu.containsKey(id) ? nodeOfCpu.get(id) : nodeFromLink(cpu);
            cpus.add(new Cpu(id, socket, die, core, node, siblings, isOnline, isolated.contains(id)));
            if (socket >= 0) {
                sockets.add(socket);
                dies.add(List.of(socket, die));
                if (core >= 0) {
                    cores.add(List.of(socket, die, core));
                }
            }
        }
        return new Platform(sockets.size(), dies.size(), cores.size(), cpus, online, isolated, nodes, host.pageSizeBytes(),
                host.cgroupVersion());
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
        List<Integer> listed = HostFiles.numberedEntries(cpuDir, "cpu");
        if (listed.isEmpty()) {
            problems.report(cpuDir, "no CPUs found (neither a possible file nor cpuN directories)");
        }
        return CpuSet.of(listed.size() > MAX_CPUS ? listed.subList(0, MAX_CPUS) : listed);
    }

    /** The node of a CPU from its {@code cpuN/nodeM} link, -1 when there is none. */
    private static int nodeFromLink(Path cpu) {
        List<Integer> links = HostFiles.numberedEntries(cpu, "node");
        return links.isEmpty() ? -1 : links.get(0);
    }

    private List<NumaNode> readNodes(Path nodeDir, CpuSet possible, Map<Integer, Integer> nodeOfCpu,
                                     ReadProblems problems) {
        List<Integer> ids = HostFiles.numberedEntries(nodeDir, "node");
        Path onlineFile = nodeDir.resolve("online");
        Optional<NodeSet> online = HostFiles.readIfPresent(onlineFile, problems)
                .flatMap(t -> HostFiles.parseNodeSet(onlineFile, t, problems));
        if (online.isPresent()) {
            ids.removeIf(id -> !online.get().contains(id));
        }
        Map<Integer, Integer> tiers = memoryTiers(problems);
        List<NumaNode> nodes = new ArrayList<>();
        for (int id : ids) {
            Path node = nodeDir.resolve("node" + id);
            CpuSet cpus = HostFiles.readCpuSet(node.resolve("cpulist"), problems).orElse(CpuSet.EMPTY);
            for (int c : cpus.toArray()) {
                nodeOfCpu.putIfAbsent(c, id);
            }
            Map<String, Long> mem = nodeMeminfo(node.resolve("meminfo"), id, problems);
            long total = mem.getOrDefault("MemTotal", 0L);
            long free = mem.getOrDefault("MemFree", 0L);
            long used = mem.getOrDefault("MemUsed", total - free);
            List<Integer> distances = distances(node.resolve("distance"), ids.size(), problems);
            nodes.add(new NumaNode(id, cpus, total, free, used, distances, tiers.getOrDefault(id, -1)));
        }
        if (nodes.isEmpty()) {
            problems.report(nodeDir, "no online nodeN directories; assuming one node 0");
            nodes.add(singleNode(possible, problems));
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
            for (String s : body.split("\\s+")) {
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
        for (int tier : HostFiles.numberedEntries(dir, "memory_tier")) {
            Path file = dir.resolve("memory_tier" + tier).resolve("nodelist");
            HostFiles.readNodeSet(file, problems).ifPresent(ns -> ns.stream().forEach(n -> tiers.put(n, tier)));
        }
        return tiers;
    }

    /** The one node of a kernel without NUMA support: all CPUs, memory from {@code /proc/meminfo}. */
    private NumaNode singleNode(CpuSet cpus, ReadProblems problems) {
        Map<String, Long> meminfo = KernelStateReader.readMeminfo(paths.proc("meminfo"), problems);
        long total = meminfo.getOrDefault("MemTotal", 0L);
        long free = meminfo.getOrDefault("MemFree", 0L);
        return new NumaNode(0, cpus, total, free, total - free, List.of(10), -1);
    }
}
