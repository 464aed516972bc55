package io.numaagent.runner.host;

import io.numaagent.api.snapshot.TaskMeasurements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One cycle's reads of the cgroup hierarchy, shared by every task source of the cycle: which cgroups
 * exist below a path, the pids each holds and each cgroup's measurements. Each directory is listed,
 * each {@code cgroup.procs} read and each cgroup measured at most once per instance, so a source
 * that walks a subtree and then gathers its pids, or two sources over the same subtree, read it once
 * (and report a bad file once). Make a new one for each cycle: what it remembers is the machine as
 * it was when first asked. Not thread-safe; a cycle is read on one thread.
 */
public final class CgroupReads {

    /** How the reads reach the file system: {@link #HOST} for real, a counting one in tests. */
    public interface FileAccess {

        /** The real file system, through {@link HostFiles}. */
        FileAccess HOST = new FileAccess() {
            @Override
            public boolean isDirectory(Path dir) {
                return Files.isDirectory(dir);
            }

            @Override
            public List<Path> subdirectories(Path dir, ReadProblems problems) {
                return HostFiles.subdirectories(dir, problems);
            }

            @Override
            public Optional<List<String>> readLines(Path file, ReadProblems problems) {
                return HostFiles.readLines(file, problems);
            }
        };

        boolean isDirectory(Path dir);

        /** As {@link HostFiles#subdirectories}. */
        List<Path> subdirectories(Path dir, ReadProblems problems);

        /** As {@link HostFiles#readLines}. */
        Optional<List<String>> readLines(Path file, ReadProblems problems);
    }

    private final CgroupLayout layout;
    private final TaskMeasurementReader measurer;
    private final ReadProblems problems;
    private final FileAccess files;
    private final Map<String, Boolean> exists = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, List<Integer>> ownPids = new HashMap<>();
    private final Map<String, TaskMeasurements> measurements = new HashMap<>();

    /** Reads of {@code host}'s cgroups for one cycle, reporting to that cycle's {@code problems}. */
    public CgroupReads(Host host, ReadProblems problems) {
        this(host, problems, FileAccess.HOST);
    }

    /** As {@link #CgroupReads(Host, ReadProblems)}, reaching files through {@code files}. */
    public CgroupReads(Host host, ReadProblems problems, FileAccess files) {
        this.layout = host.cgroups();
        this.measurer = new TaskMeasurementReader(host.cgroups(), host.pageSizeBytes());
        this.problems = problems;
        this.files = files;
    }

    public CgroupLayout layout() {
        return layout;
    }

    /** Whether the cgroup exists (in the process-membership hierarchy). */
    public boolean exists(String cgroupPath) {
        return exists.computeIfAbsent(cgroupPath, p -> files.isDirectory(layout.processDir(p)));
    }

    /** Cgroup paths of the direct children of {@code cgroupPath}, in name order. */
    public List<String> children(String cgroupPath) {
        List<String> known = children.get(cgroupPath);
        if (known != null) {
            return known;
        }
        List<String> out = new ArrayList<>();
        for (Path d : files.subdirectories(layout.processDir(cgroupPath), problems)) {
            out.add(layout.cgroupPathOf(d));
        }
        known = List.copyOf(out);
        children.put(cgroupPath, known);
        return known;
    }

    /** Cgroup paths of every cgroup below {@code cgroupPath}, depth first in name order. */
    public List<String> descendants(String cgroupPath) {
        List<String> out = new ArrayList<>();
        collect(cgroupPath, out);
        return out;
    }

    private void collect(String cgroupPath, List<String> out) {
        for (String child : children(cgroupPath)) {
            out.add(child);
            collect(child, out);
        }
    }

    /** Pids listed in the cgroup's own {@code cgroup.procs}. */
    public List<Integer> ownPids(String cgroupPath) {
        List<Integer> known = ownPids.get(cgroupPath);
        if (known != null) {
            return known;
        }
        Path file = layout.fileFor(cgroupPath, "cgroup.procs");
        List<Integer> pids = new ArrayList<>();
        for (String l : files.readLines(file, problems).orElse(List.of())) {
            try {
                pids.add(Integer.parseInt(l.strip()));
            } catch (NumberFormatException e) {
                problems.report(file, "not a pid: \"" + HostFiles.abbreviate(l) + "\"");
            }
        }
        known = List.copyOf(pids);
        ownPids.put(cgroupPath, known);
        return known;
    }

    /** Pids in {@code cgroup.procs} of the cgroup and every cgroup below it, ascending. */
    public List<Integer> pids(String cgroupPath) {
        TreeSet<Integer> pids = new TreeSet<>(ownPids(cgroupPath));
        for (String sub : descendants(cgroupPath)) {
            pids.addAll(ownPids(sub));
        }
        return new ArrayList<>(pids);
    }

    /** The cgroup's measurements (see {@link TaskMeasurementReader}). */
    public TaskMeasurements measurements(String cgroupPath) {
        return measurements.computeIfAbsent(cgroupPath, p -> measurer.read(p, problems));
    }
}
