package io.numaagent.runner.host;

import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.io.File;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
                return HostDirectories.directory(dir);
            }

            @Override
            public List<Dir> subdirectories(Path dir, ReadProblems problems) {
                return HostDirectories.subdirectoriesWithAttributes(dir, problems);
            }

            @Override
            public Optional<String> readText(Path file, File asFile, ReadProblems problems) {
                try {
                    return Optional.of(HostFiles.readControlFile(file, asFile));
                } catch (NoSuchFileException e) {
                    problems.report(file, ReadProblems.Kind.MISSING, "missing");
                } catch (IOException | RuntimeException e) {
                    HostFiles.reportUnreadable(file, e, problems);
                }
                return Optional.empty();
            }
        };

        /** The directory (one {@code stat}), or empty when there is none. */
        Optional<Dir> directory(Path dir);

        /** As {@link HostFiles#subdirectoriesWithAttributes}. */
        List<Dir> subdirectories(Path dir, ReadProblems problems);

        /** As {@link HostFiles#read} through {@link HostFiles#readControlFile}, {@code asFile} being {@code file} as a {@link File}. */
        Optional<String> readText(Path file, File asFile, ReadProblems problems);
    }

    private final CgroupLayout layout;
    private final TaskMeasurementReader measurer;
    private final ReadProblems problems;
    private final FileAccess files;
    private final CgroupFileCache kept;
    /** The kinds a task's measurements hold (the rest are not read). */
    private final Set<Measurement> kinds;
    /** What a stat or a listing showed of each cgroup's directory; null values: none. */
    private final Map<String, Dir> dirs = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, List<Integer>> ownPids = new HashMap<>();
    private final Map<String, Measured> measurements = new HashMap<>();

    /** A cgroup's measurements and the kinds read for them. */
    private record Measured(TaskMeasurements values, Set<Measurement> kinds) {
    }

    /** Reads of {@code host}'s cgroups for one cycle, reporting to that cycle's {@code problems}. */
    public CgroupReads(Host host, ReadProblems problems) {
        this(host, problems, FileAccess.HOST, new CgroupFileCache(), Measurement.all());
    }

    /**
     * As {@link #CgroupReads(Host, ReadProblems)}, reaching files through {@code files}, measuring
     * through what {@code kept} (kept across cycles by the caller) holds of each cgroup's files, and
     * reading for a task only the measurement {@code kinds} given (the others are absent).
     */
    public CgroupReads(Host host, ReadProblems problems, FileAccess files, CgroupFileCache kept,
                       Set<Measurement> kinds) {
        this.layout = host.cgroups();
        this.measurer = new TaskMeasurementReader(host.cgroups(), host.pageSizeBytes());
        this.problems = problems;
        this.files = files;
        this.kept = kept;
        this.kinds = kinds.isEmpty() ? EnumSet.noneOf(Measurement.class) : EnumSet.copyOf(kinds);
    }

    /** As the constructor above, reading every measurement kind. */
    public CgroupReads(Host host, ReadProblems problems, FileAccess files, CgroupFileCache kept) {
        this(host, problems, files, kept, Measurement.all());
    }

    /** The measurement kinds a task's measurements hold this cycle (the others are not read). */
    public Set<Measurement> kinds() {
        return kinds;
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
        CgroupFileCache.ControlFile procs = entry(cgroupPath).file(layout, cgroupPath, "cgroup.procs");
        known = parsePids(procs.path(), files.readText(procs.path(), procs.file(), problems).orElse(""));
        ownPids.put(cgroupPath, known);
        return known;
    }

    /** The pids of a {@code cgroup.procs}, one a line; a line that is not a pid is reported and skipped. */
    private List<Integer> parsePids(Path file, String text) {
        List<Integer> pids = null;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int a = start;
            int b = end;
            while (a < b && text.charAt(a) <= ' ') {
                a++;
            }
            while (b > a && text.charAt(b - 1) <= ' ') {
                b--;
            }
            if (a < b) {
                try {
                    int pid = Integer.parseInt(text, a, b, 10);
                    if (pids == null && end >= text.length() - 1) {
                        return List.of(pid); // one process, the common leaf
                    }
                    if (pids == null) {
                        pids = new ArrayList<>();
                    }
                    pids.add(pid);
                } catch (NumberFormatException e) {
                    problems.report(file, "not a pid: \"" + HostFiles.abbreviate(text.substring(start, end)) + "\"");
                }
            }
            start = end + 1;
        }
        return pids == null ? List.of() : List.copyOf(pids);
    }

    /** What {@code kept} holds of the cgroup's files (nothing kept when its directory is not known). */
    private CgroupFileCache.Entry entry(String cgroupPath) {
        Dir d = dirs.get(cgroupPath);
        return kept.entry(cgroupPath, d == null ? null : d.identity());
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

    /** The cgroup's measurements as a task's: the kinds this cycle reads (see {@link TaskMeasurementReader}). */
    public TaskMeasurements measurements(String cgroupPath) {
        return measurements(cgroupPath, kinds);
    }

    /**
     * A container sub-cgroup's measurements: its cpusets, and its CPU weight when this cycle reads
     * weights (its memory is counted in its task's).
     */
    public TaskMeasurements containerMeasurements(String subCgroup) {
        return measurements(subCgroup, kinds.contains(Measurement.CPU_WEIGHT) ? CONTAINER_WITH_WEIGHT : CONTAINER);
    }

    private static final Set<Measurement> CONTAINER = Collections.unmodifiableSet(EnumSet.of(Measurement.CPUSETS));
    private static final Set<Measurement> CONTAINER_WITH_WEIGHT =
            Collections.unmodifiableSet(EnumSet.of(Measurement.CPUSETS, Measurement.CPU_WEIGHT));

    /**
     * The cgroup's measurements of at least the kinds {@code wanted} (a container's cpusets need no
     * memory figures); a cgroup measured twice in a cycle is read once for what both asked.
     */
    public TaskMeasurements measurements(String cgroupPath, Set<Measurement> wanted) {
        Measured known = measurements.get(cgroupPath);
        if (known != null && known.kinds().containsAll(wanted)) {
            return known.values();
        }
        Set<Measurement> read = wanted;
        if (known != null) {
            EnumSet<Measurement> both = EnumSet.noneOf(Measurement.class);
            both.addAll(known.kinds());
            both.addAll(wanted);
            read = both;
        }
        TaskMeasurements values = measurer.read(cgroupPath, entry(cgroupPath), problems, read);
        measurements.put(cgroupPath, new Measured(values, read));
        return values;
    }
}
