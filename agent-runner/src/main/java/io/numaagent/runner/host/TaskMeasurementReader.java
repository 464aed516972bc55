package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
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

    /**
     * Control files that hold configuration, not measurements: they change only when someone writes
     * them (or a parent's cpuset, for the effective sets), so {@link CgroupFileCache} keeps their text
     * for a few seconds instead of opening them in every snapshot.
     */
    public static final Set<String> CONFIGURATION_FILES = Set.of("memory.max", "memory.limit_in_bytes",
            "cpuset.cpus", "cpuset.mems", "cpuset.cpus.effective", "cpuset.mems.effective",
            "cpuset.effective_cpus", "cpuset.effective_mems", "cpuset.memory_migrate");

    /** The lines of {@code memory.numa_stat} a measurement uses, on v2 and v1. */
    private static final String[] V2_NUMA_STAT_KEYS = {"anon", "file"};
    private static final String[] V1_NUMA_STAT_KEYS = {"total", "hierarchical_total"};

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
        return read(cgroupPath, new CgroupFileCache().entry(cgroupPath, null), problems);
    }

    /**
     * As {@link #read(String, ReadProblems)}, through what {@code kept} holds of this cgroup: its files'
     * paths, the files known to be missing (still reported as missing, without a lookup) and the
     * text of its configuration files; what this read finds is added to it.
     */
    public TaskMeasurements read(String cgroupPath, CgroupFileCache.Entry kept, ReadProblems problems) {
        return read(cgroupPath, new CgroupFiles(cgroupPath, kept, problems));
    }

    /** A cgroup's own {@code cpuset.cpus} and {@code cpuset.mems} (empty when not set). */
    public record Cpuset(CpuSet cpus, NodeSet mems) {
    }

    /**
     * Only the cgroup's {@code cpuset.cpus} and {@code cpuset.mems}, through {@code kept}: what a
     * container of a task shows, without the memory and CPU-time files {@link #read} parses too.
     */
    public Cpuset cpuset(String cgroupPath, CgroupFileCache.Entry kept, ReadProblems problems) {
        CgroupFiles f = new CgroupFiles(cgroupPath, kept, problems);
        return new Cpuset(f.cpuSet("cpuset.cpus", false).orElse(CpuSet.EMPTY),
                f.nodeSet("cpuset.mems", false).orElse(NodeSet.EMPTY));
    }

    private TaskMeasurements read(String cgroupPath, CgroupFiles f) {
        Map<Integer, Long> perNode = memoryPerNode(f.path("memory.numa_stat"), f.read("memory.numa_stat"), f.problems);
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
            usage = f.longValue("memory.current");
            limit = f.limit("memory.max");
            peak = f.longValue("memory.peak");
            cpuNanos = cpuStatUsage(f.path("cpu.stat"), f.read("cpu.stat"), f.problems);
            cpus = f.cpuSet("cpuset.cpus", false).orElse(CpuSet.EMPTY);
            mems = f.nodeSet("cpuset.mems", false).orElse(NodeSet.EMPTY);
            effCpus = f.cpuSet("cpuset.cpus.effective", false).orElse(CpuSet.EMPTY);
            effMems = f.nodeSet("cpuset.mems.effective", false).orElse(NodeSet.EMPTY);
        } else {
            usage = f.longValue("memory.usage_in_bytes");
            limit = f.limit("memory.limit_in_bytes");
            peak = f.longValue("memory.max_usage_in_bytes");
            cpuNanos = f.longValue("cpuacct.usage");
            cpus = f.cpuSet("cpuset.cpus", false).orElse(CpuSet.EMPTY);
            mems = f.nodeSet("cpuset.mems", false).orElse(NodeSet.EMPTY);
            // Kernels before 4.17 have no effective_* files on v1; the written values are then in force.
            effCpus = f.cpuSet("cpuset.effective_cpus", true).orElse(cpus);
            effMems = f.nodeSet("cpuset.effective_mems", true).orElse(mems);
            migrate = f.longValue("cpuset.memory_migrate") == 1;
        }
        return new TaskMeasurements(perNode, usage, limit, peak, cpuNanos, cpus, mems, effCpus, effMems, migrate);
    }

    /**
     * One measurement's reads of a cgroup's files: each file is read once, a file known to be
     * missing is reported without a lookup, a file found missing is remembered in {@code kept}, and
     * so is the text of a configuration file read.
     */
    private final class CgroupFiles {
        final String cgroupPath;
        final CgroupFileCache.Entry kept;
        final ReadProblems problems;

        CgroupFiles(String cgroupPath, CgroupFileCache.Entry kept, ReadProblems problems) {
            this.cgroupPath = cgroupPath;
            this.kept = kept;
            this.problems = problems;
        }

        Path path(String name) {
            return kept.file(layout, cgroupPath, name).path();
        }

        /** The text of a file the cgroup should have; missing or unreadable is reported. */
        Optional<String> read(String name) {
            return read(name, false);
        }

        /** As {@link #read(String)}; an {@code optional} file that is missing is not reported. */
        Optional<String> read(String name, boolean optional) {
            CgroupFileCache.ControlFile control = kept.file(layout, cgroupPath, name);
            Path file = control.path();
            if (!kept.isMissing(name)) {
                String text = kept.configuration(name);
                if (text != null) {
                    return Optional.of(text);
                }
                try {
                    text = HostFiles.readText(file, control.file());
                    if (CONFIGURATION_FILES.contains(name)) {
                        kept.keepConfiguration(name, text);
                    }
                    return Optional.of(text);
                } catch (NoSuchFileException e) {
                    kept.markMissing(name);
                } catch (IOException | RuntimeException e) {
                    HostFiles.reportUnreadable(file, e, problems);
                    return Optional.empty();
                }
            }
            if (!optional) {
                problems.report(file, ReadProblems.Kind.MISSING, "missing");
            }
            return Optional.empty();
        }

        long longValue(String name) {
            Optional<String> text = read(name);
            if (text.isEmpty()) {
                return -1;
            }
            return HostFiles.parseLong(path(name), text.get(), problems).orElse(-1);
        }

        long limit(String name) {
            return limitValue(path(name), read(name), problems);
        }

        Optional<CpuSet> cpuSet(String name, boolean optional) {
            if (kept.parsedConfiguration(name) instanceof CpuSet known) {
                return Optional.of(known);
            }
            Optional<CpuSet> set = read(name, optional).flatMap(t -> HostFiles.parseCpuSet(path(name), t, problems));
            set.ifPresent(s -> kept.keepParsedConfiguration(name, s));
            return set;
        }

        Optional<NodeSet> nodeSet(String name, boolean optional) {
            if (kept.parsedConfiguration(name) instanceof NodeSet known) {
                return Optional.of(known);
            }
            Optional<NodeSet> set = read(name, optional).flatMap(t -> HostFiles.parseNodeSet(path(name), t, problems));
            set.ifPresent(s -> kept.keepParsedConfiguration(name, s));
            return set;
        }
    }

    /** Bytes per node from {@code memory.numa_stat}; empty (reported) when unavailable. */
    public Map<Integer, Long> memoryPerNode(String cgroupPath, ReadProblems problems) {
        Path file = layout.fileFor(cgroupPath, "memory.numa_stat");
        return memoryPerNode(file, HostFiles.read(file, problems), problems);
    }

    private Map<Integer, Long> memoryPerNode(Path file, Optional<String> text, ReadProblems problems) {
        Map<Integer, Long> result = new TreeMap<>();
        if (text.isEmpty()) {
            return result;
        }
        // only these lines are parsed; the others are skipped
        String[] used = layout.isV2() ? V2_NUMA_STAT_KEYS : V1_NUMA_STAT_KEYS;
        Map<String, Map<Integer, Long>> byKey = new HashMap<>();
        String all = text.get();
        int next = 0;
        while (next < all.length()) {
            int start = next;
            int end = lineEnd(all, start);
            next = end + 1;
            // v2: "anon N0=1 N1=2"; v1: "total=3 N0=1 N1=2" (the key carries the sum). The key is found
            // in place: 25 of v2's 27 lines are skipped without a String made of them (this runs for
            // every task every cycle)
            int keyStart = start;
            while (keyStart < end && Character.isWhitespace(all.charAt(keyStart))) {
                keyStart++;
            }
            int keyEnd = keyStart;
            while (keyEnd < end && !Character.isWhitespace(all.charAt(keyEnd))) {
                keyEnd++;
            }
            if (keyStart == keyEnd) {
                continue; // a blank line
            }
            if (!layout.isV2()) {
                int eq = all.indexOf('=', keyStart);
                if (eq <= keyStart || eq >= keyEnd) {
                    problems.report(file, "unexpected line \"" + HostFiles.abbreviate(all.substring(start, end)) + "\"");
                    continue;
                }
                keyEnd = eq;
            }
            int tokenEnd = keyEnd;
            if (!layout.isV2()) {
                while (tokenEnd < end && !Character.isWhitespace(all.charAt(tokenEnd))) {
                    tokenEnd++;
                }
            }
            String key = null;
            for (int u = 0; u < used.length; u++) { // an index, not an iterator: C1 allocates every iterator
                if (used[u].length() == keyEnd - keyStart && all.regionMatches(keyStart, used[u], 0, used[u].length())) {
                    key = used[u];
                }
            }
            if (key == null) {
                continue;
            }
            // the items after the first field, "N<node>=<value>" each, parsed where they are
            Map<Integer, Long> nodes = new TreeMap<>();
            boolean ok = true;
            int lineEnd = end;
            while (lineEnd > tokenEnd && all.charAt(lineEnd - 1) <= ' ') {
                lineEnd--;
            }
            int i = tokenEnd;
            while (i < lineEnd) {
                while (i < lineEnd && HostFiles.isSpace(all.charAt(i))) {
                    i++;
                }
                int itemStart = i;
                while (i < lineEnd && !HostFiles.isSpace(all.charAt(i))) {
                    i++;
                }
                if (i > itemStart && !HostFiles.parseNodeItem(all, itemStart, i, nodes)) {
                    String item = all.substring(itemStart, i);
                    problems.report(file, "unexpected item \"" + HostFiles.abbreviate(item) + "\" in line \""
                            + HostFiles.abbreviate(all.substring(start, end)) + "\"");
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

    /** {@code memory.max} ("max") or {@code memory.limit_in_bytes} (PAGE_COUNTER_MAX): unlimited is -1. */
    private static long limitValue(Path file, Optional<String> text, ReadProblems problems) {
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

    /** Where the line starting at {@code start} ends: its newline, or the end of the text. */
    private static int lineEnd(String text, int start) {
        int end = text.indexOf('\n', start);
        return end < 0 ? text.length() : end;
    }

    /** {@code usage_usec} of {@code cpu.stat}, in nanoseconds. */
    private static long cpuStatUsage(Path file, Optional<String> text, ReadProblems problems) {
        if (text.isEmpty()) {
            return -1;
        }
        String all = text.get();
        int next = 0;
        while (next < all.length()) {
            int start = next;
            int end = lineEnd(all, start);
            next = end + 1;
            int found = all.indexOf("usage_usec", start);
            if (found < 0 || found >= end) {
                continue; // only a line holding the key can be the one: the others are not split
            }
            String[] f = HostFiles.fields(all.substring(start, end));
            if (f.length == 2 && f[0].equals("usage_usec")) {
                OptionalLong v = HostFiles.parseLong(file, f[1], problems);
                return v.isPresent() ? v.getAsLong() * 1000 : -1;
            }
        }
        problems.report(file, "no usage_usec line");
        return -1;
    }
}
