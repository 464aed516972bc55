package io.numaagent.runner.host;

import io.numaagent.api.snapshot.TaskMeasurements;
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

    /**
     * A directory as one {@code stat} shows it: its identity (device and inode: a cgroup removed and
     * created again is another directory) and its link count. A directory's link count is 2 plus
     * its sub-directories on cgroupfs (kernfs), ext4 and tmpfs, so 2 means "no sub-cgroups" and the
     * directory need not be listed; file systems that do not count (btrfs, overlayfs report 1) are
     * listed.
     *
     * @param identity the file key, or null when the file system has none
     * @param links    the link count, or -1 when unknown
     */
    public record Dir(Path path, Object identity, long links) {

        /** Whether the link count says there is nothing below (only ever true when it is exactly 2). */
        public boolean hasNoSubdirectories() {
            return links == 2;
        }
    }

    /** How the reads reach the file system: {@link #HOST} for real, a counting one in tests. */
    public interface FileAccess {

        /** The real file system, through {@link HostFiles}. */
        FileAccess HOST = new FileAccess() {
            @Override
            public Optional<Dir> directory(Path dir) {
                return HostFiles.directory(dir);
            }

            @Override
            public List<Dir> subdirectories(Path dir, ReadProblems problems) {
                return HostFiles.subdirectoriesWithAttributes(dir, problems);
            }

            @Override
            public Optional<List<String>> readLines(Path file, ReadProblems problems) {
                return HostFiles.readLines(file, problems);
            }
        };

        /** The directory (one {@code stat}), or empty when there is none. */
        Optional<Dir> directory(Path dir);

        /** As {@link HostFiles#subdirectoriesWithAttributes}. */
        List<Dir> subdirectories(Path dir, ReadProblems problems);

        /** As {@link HostFiles#readLines}. */
        Optional<List<String>> readLines(Path file, ReadProblems problems);
    }

    private final CgroupLayout layout;
    private final TaskMeasurementReader measurer;
    private final ReadProblems problems;
    private final FileAccess files;
    private final CgroupFileCache kept;
    /** What a stat or a listing showed of each cgroup's directory; null values: none. */
    private final Map<String, Dir> dirs = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, List<Integer>> ownPids = new HashMap<>();
    private final Map<String, TaskMeasurements> measurements = new HashMap<>();

    /** Reads of {@code host}'s cgroups for one cycle, reporting to that cycle's {@code problems}. */
    public CgroupReads(Host host, ReadProblems problems) {
        this(host, problems, FileAccess.HOST, new CgroupFileCache());
    }

    /**
     * As {@link #CgroupReads(Host, ReadProblems)}, reaching files through {@code files} and measuring
     * through what {@code kept} (kept across cycles by the caller) holds of each cgroup's files.
     */
    public CgroupReads(Host host, ReadProblems problems, FileAccess files, CgroupFileCache kept) {
        this.layout = host.cgroups();
        this.measurer = new TaskMeasurementReader(host.cgroups(), host.pageSizeBytes());
        this.problems = problems;
        this.files = files;
        this.kept = kept;
    }

    public CgroupLayout layout() {
        return layout;
    }

    /** Whether the cgroup exists (in the process-membership hierarchy). */
    public boolean exists(String cgroupPath) {
        return dir(cgroupPath) != null;
    }

    /** The cgroup's directory, from the listing of its parent if that was listed, else a stat; null if none. */
    private Dir dir(String cgroupPath) {
        if (!dirs.containsKey(cgroupPath)) {
            dirs.put(cgroupPath, files.directory(layout.processDir(cgroupPath)).orElse(null));
        }
        return dirs.get(cgroupPath);
    }

    /** Cgroup paths of the direct children of {@code cgroupPath}, in name order. */
    public List<String> children(String cgroupPath) {
        List<String> known = children.get(cgroupPath);
        if (known != null) {
            return known;
        }
        Dir self = dirs.get(cgroupPath);
        if (self != null && self.hasNoSubdirectories()) {
            children.put(cgroupPath, List.of());
            return List.of();
        }
        List<String> out = new ArrayList<>();
        String prefix = cgroupPath.endsWith("/") ? cgroupPath : cgroupPath + "/";
        for (Dir d : files.subdirectories(layout.processDir(cgroupPath), problems)) {
            // the parent's path and the name, as layout.cgroupPathOf(d.path()) but without relativizing
            String child = prefix + d.path().getFileName();
            dirs.put(child, d);
            out.add(child);
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
        List<String> below = descendants(cgroupPath);
        List<Integer> own = ownPids(cgroupPath);
        if (below.isEmpty() && own.size() <= 1) {
            return own; // a leaf with one process, the common case: nothing to merge or sort
        }
        TreeSet<Integer> pids = new TreeSet<>(own);
        for (String sub : below) {
            pids.addAll(ownPids(sub));
        }
        return new ArrayList<>(pids);
    }

    /**
     * The cgroup's own cpuset only (a task's container): from its measurements when this cycle read
     * them, else just the two cpuset files.
     */
    public TaskMeasurementReader.Cpuset cpuset(String cgroupPath) {
        TaskMeasurements known = measurements.get(cgroupPath);
        if (known != null) {
            return new TaskMeasurementReader.Cpuset(known.cpus(), known.mems());
        }
        Dir d = dirs.get(cgroupPath);
        return measurer.cpuset(cgroupPath, kept.entry(cgroupPath, d == null ? null : d.identity()), problems);
    }

    /** The cgroup's measurements (see {@link TaskMeasurementReader}). */
    public TaskMeasurements measurements(String cgroupPath) {
        TaskMeasurements known = measurements.get(cgroupPath);
        if (known == null) {
            Dir d = dirs.get(cgroupPath);
            known = measurer.read(cgroupPath, kept.entry(cgroupPath, d == null ? null : d.identity()), problems);
            measurements.put(cgroupPath, known);
        }
        return known;
    }
}
