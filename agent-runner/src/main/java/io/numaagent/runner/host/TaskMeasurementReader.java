package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads a cgroup task's measurements, on cgroup v1 or v2 (see {@link CgroupLayout}).
 *
 * <p>Per-node memory comes from {@code memory.numa_stat}:
 * <ul>
 *   <li>v2: lines {@code anon N0=123 N1=456}, values in <em>bytes</em>; a node's memory is
 *       {@code anon + file}. {@code file} includes tmpfs/shmem, and both count mapped and unevictable
 *       (mlocked) pages, so this is the task's user memory; kernel memory (slab, stacks) is left out
 *       because it cannot be migrated.</li>
 *   <li>v1: lines {@code total=6144 N0=6144 N1=0}, values in <em>pages</em> (multiplied by the page
 *       size); {@code hierarchical_total} (which includes sub-cgroups) is used when present, else
 *       {@code total}. v1's total is file + anon + unevictable, the same pages as v2's anon + file.</li>
 * </ul>
 * Both are hierarchical, so a task with sub-cgroups (a pod) is measured at its own cgroup. Which
 * cgroups exist and which pids they hold is {@link CgroupReads}'s part.
 */
public final class TaskMeasurementReader {

    /** v1 reports "no limit" as PAGE_COUNTER_MAX pages; anything at or above this is unlimited. */
    static final long V1_UNLIMITED = 9223372036854771712L;

    private final CgroupLayout layout;
    private final long pageSize;

    /**
     * @param layout   where cgroup files live
     * @param pageSize the kernel's base page size in bytes (v1 {@code numa_stat} counts pages)
     */
    public TaskMeasurementReader(CgroupLayout layout, long pageSize) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.layout = layout;
        this.pageSize = pageSize;
    }

    /** Measures the cgroup {@code cgroupPath}; unavailable values are -1 / empty and reported. */
    public TaskMeasurements read(String cgroupPath, ReadProblems problems) {
        Map<Integer, Long> perNode = memoryPerNode(cgroupPath, problems);
        long usage;
        long limit;
        long peak;
        long cpuNanos;
        CpuSet cpus;
        NodeSet mems;
        CpuSet effCpus;
        NodeSet effMems;
        boolean migrate = false;
        if (layout.isV2()) {
            usage = longFile(cgroupPath, "memory.current", problems);
            limit = limitFile(cgroupPath, "memory.max", problems);
            peak = longFile(cgroupPath, "memory.peak", problems);
            cpuNanos = cpuStatUsage(layout.fileFor(cgroupPath, "cpu.stat"), problems);
            cpus = cpuSet(cgroupPath, "cpuset.cpus", problems).orElse(CpuSet.EMPTY);
            mems = nodeSet(cgroupPath, "cpuset.mems", problems).orElse(NodeSet.EMPTY);
            effCpus = cpuSet(cgroupPath, "cpuset.cpus.effective", problems).orElse(CpuSet.EMPTY);
            effMems = nodeSet(cgroupPath, "cpuset.mems.effective", problems).orElse(NodeSet.EMPTY);
        } else {
            usage = longFile(cgroupPath, "memory.usage_in_bytes", problems);
            limit = limitFile(cgroupPath, "memory.limit_in_bytes", problems);
            peak = longFile(cgroupPath, "memory.max_usage_in_bytes", problems);
            cpuNanos = longFile(cgroupPath, "cpuacct.usage", problems);
            cpus = cpuSet(cgroupPath, "cpuset.cpus", problems).orElse(CpuSet.EMPTY);
            mems = nodeSet(cgroupPath, "cpuset.mems", problems).orElse(NodeSet.EMPTY);
            Path effCpuFile = layout.fileFor(cgroupPath, "cpuset.effective_cpus");
            Path effMemFile = layout.fileFor(cgroupPath, "cpuset.effective_mems");
            // Kernels before 4.17 have no effective_* files on v1; the written values are then in force.
            effCpus = Files.exists(effCpuFile) ? HostFiles.readCpuSet(effCpuFile, problems).orElse(cpus) : cpus;
            effMems = Files.exists(effMemFile) ? HostFiles.readNodeSet(effMemFile, problems).orElse(mems) : mems;
            migrate = longFile(cgroupPath, "cpuset.memory_migrate", problems) == 1;
        }
        return new TaskMeasurements(perNode, usage, limit, peak, cpuNanos, cpus, mems, effCpus, effMems, migrate);
    }

    /** Bytes per node from {@code memory.numa_stat}; empty (reported) when unavailable. */
    public Map<Integer, Long> memoryPerNode(String cgroupPath, ReadProblems problems) {
        Path file = layout.fileFor(cgroupPath, "memory.numa_stat");
        Optional<List<String>> lines = HostFiles.readLines(file, problems);
        Map<Integer, Long> result = new TreeMap<>();
        if (lines.isEmpty()) {
            return result;
        }
        Map<String, Map<Integer, Long>> byKey = new TreeMap<>();
        for (String line : lines.get()) {
            String[] f = line.trim().split("\\s+");
            // v2: "anon N0=1 N1=2"; v1: "total=3 N0=1 N1=2" (the key carries the sum)
            String key = f[0];
            if (!layout.isV2()) {
                int eq = key.indexOf('=');
                if (eq <= 0) {
                    problems.report(file, "unexpected line \"" + HostFiles.abbreviate(line) + "\"");
                    continue;
                }
                key = key.substring(0, eq);
            }
            Map<Integer, Long> nodes = new TreeMap<>();
            boolean ok = true;
            for (int i = 1; i < f.length; i++) {
                String item = f[i];
                if (!HostFiles.parseNodeItem(item, nodes)) {
                    problems.report(file, "unexpected item \"" + HostFiles.abbreviate(item) + "\" in line \""
                            + HostFiles.abbreviate(line) + "\"");
                    ok = false;
                    break;
                }
            }
            if (ok) {
                byKey.put(key, nodes);
            }
        }
        if (layout.isV2()) {
            Map<Integer, Long> anon = byKey.get("anon");
            Map<Integer, Long> fileBytes = byKey.get("file");
            if (anon == null || fileBytes == null) {
                problems.report(file, "no anon and file lines");
                return result;
            }
            anon.forEach((n, v) -> result.merge(n, v, Long::sum));
            fileBytes.forEach((n, v) -> result.merge(n, v, Long::sum));
        } else {
            Map<Integer, Long> total = byKey.containsKey("hierarchical_total") ? byKey.get("hierarchical_total")
                    : byKey.get("total");
            if (total == null) {
                problems.report(file, "no total line");
                return result;
            }
            total.forEach((n, pages) -> result.put(n, pages * pageSize));
        }
        return result;
    }

    private long longFile(String cgroupPath, String name, ReadProblems problems) {
        return HostFiles.readLong(layout.fileFor(cgroupPath, name), problems).orElse(-1);
    }

    /** {@code memory.max} ("max") or {@code memory.limit_in_bytes} (PAGE_COUNTER_MAX): unlimited is -1. */
    private long limitFile(String cgroupPath, String name, ReadProblems problems) {
        Path file = layout.fileFor(cgroupPath, name);
        Optional<String> text = HostFiles.read(file, problems);
        if (text.isEmpty()) {
            return -1;
        }
        String v = text.get().strip();
        if (v.equals("max")) {
            return -1;
        }
        OptionalLong n = HostFiles.parseLong(file, v, problems);
        if (n.isEmpty() || n.getAsLong() >= V1_UNLIMITED) {
            return -1;
        }
        return n.getAsLong();
    }

    /** {@code usage_usec} of {@code cpu.stat}, in nanoseconds. */
    private static long cpuStatUsage(Path file, ReadProblems problems) {
        Optional<List<String>> lines = HostFiles.readLines(file, problems);
        if (lines.isEmpty()) {
            return -1;
        }
        for (String l : lines.get()) {
            String[] f = l.trim().split("\\s+");
            if (f.length == 2 && f[0].equals("usage_usec")) {
                OptionalLong v = HostFiles.parseLong(file, f[1], problems);
                return v.isPresent() ? v.getAsLong() * 1000 : -1;
            }
        }
        problems.report(file, "no usage_usec line");
        return -1;
    }

    private Optional<CpuSet> cpuSet(String cgroupPath, String name, ReadProblems problems) {
        return HostFiles.readCpuSet(layout.fileFor(cgroupPath, name), problems);
    }

    private Optional<NodeSet> nodeSet(String cgroupPath, String name, ReadProblems problems) {
        return HostFiles.readNodeSet(layout.fileFor(cgroupPath, name), problems);
    }
}
