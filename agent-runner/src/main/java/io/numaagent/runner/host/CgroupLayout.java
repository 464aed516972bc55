package io.numaagent.runner.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a cgroup's control files live: cgroup v2 (one unified hierarchy, recognised by
 * {@code cgroup.controllers} at the cgroupfs root) or cgroup v1 (one hierarchy per controller:
 * {@code cpuset/}, {@code memory/}, {@code cpu,cpuacct/} or {@code cpuacct/} under the root).
 *
 * <p>Readers and the executor both use {@link #fileFor} so that what is read and what is written
 * agree. On v1, files are routed by their prefix: {@code cpuset.*} to the cpuset hierarchy,
 * {@code memory.*} to memory, {@code cpuacct.*} to cpuacct, {@code cpu.*} to cpu; files of no
 * controller ({@code cgroup.procs}, {@code tasks}) to the cpuset hierarchy, the one whose process
 * membership the agent acts on.
 */
public final class CgroupLayout {

    /** cgroup version of a layout. */
    public enum Version { V1, V2 }

    private final Path root;
    private final Version version;
    private final Path cpusetRoot;
    private final Path memoryRoot;
    private final Path cpuacctRoot;
    private final Path cpuRoot;

    private CgroupLayout(Path root, Version version, Path cpusetRoot, Path memoryRoot, Path cpuacctRoot, Path cpuRoot) {
        this.root = root;
        this.version = version;
        this.cpusetRoot = cpusetRoot;
        this.memoryRoot = memoryRoot;
        this.cpuacctRoot = cpuacctRoot;
        this.cpuRoot = cpuRoot;
    }

    /** Detects the layout under {@code paths.cgroupfs()}; v2 when {@code cgroup.controllers} is at the root. */
    public static CgroupLayout detect(HostPaths paths) {
        return detect(paths.cgroupfs());
    }

    /** Detects the layout under a cgroup root; v2 when {@code cgroup.controllers} is at the root. */
    public static CgroupLayout detect(Path root) {
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            return v2(root);
        }
        return v1(root);
    }

    /** The unified (v2) layout rooted at {@code root}. */
    public static CgroupLayout v2(Path root) {
        return new CgroupLayout(root, Version.V2, root, root, root, root);
    }

    /**
     * The v1 layout rooted at {@code root}. The cpu and cpuacct hierarchy is the first existing of
     * {@code cpu,cpuacct}, {@code cpuacct,cpu}, {@code cpuacct} (resp. {@code cpu}).
     */
    public static CgroupLayout v1(Path root) {
        Path cpuacct = firstExisting(root, List.of("cpu,cpuacct", "cpuacct,cpu", "cpuacct"));
        Path cpu = firstExisting(root, List.of("cpu,cpuacct", "cpuacct,cpu", "cpu"));
        return new CgroupLayout(root, Version.V1, root.resolve("cpuset"), root.resolve("memory"), cpuacct, cpu);
    }

    private static Path firstExisting(Path root, List<String> names) {
        for (String n : names) {
            if (Files.isDirectory(root.resolve(n))) {
                return root.resolve(n);
            }
        }
        return root.resolve(names.get(names.size() - 1));
    }

    public Version version() {
        return version;
    }

    public boolean isV2() {
        return version == Version.V2;
    }

    /** The cgroupfs root. */
    public Path root() {
        return root;
    }

    /** Root of the hierarchy holding {@code fileName} ({@code cpuset.cpus}, {@code memory.numa_stat}, ...). */
    public Path hierarchyFor(String fileName) {
        if (fileName.startsWith("memory.")) {
            return memoryRoot;
        }
        if (fileName.startsWith("cpuacct.")) {
            return cpuacctRoot;
        }
        if (fileName.startsWith("cpu.")) {
            return cpuRoot;
        }
        return cpusetRoot;
    }

    /** The directory of {@code cgroupPath} (e.g. {@code /batch/a}) in the hierarchy holding {@code fileName}. */
    public Path dirFor(String cgroupPath, String fileName) {
        return resolve(hierarchyFor(fileName), cgroupPath);
    }

    /**
     * The control file {@code fileName} of {@code cgroupPath}: on v2 {@code <root>/batch/a/cpuset.cpus},
     * on v1 {@code <root>/cpuset/batch/a/cpuset.cpus}.
     *
     * @throws IllegalArgumentException when the path contains {@code ..} (it must stay under the root)
     */
    public Path fileFor(String cgroupPath, String fileName) {
        return dirFor(cgroupPath, fileName).resolve(fileName);
    }

    /** The cgroup's directory in the hierarchy that holds process membership ({@code cgroup.procs}). */
    public Path processDir(String cgroupPath) {
        return dirFor(cgroupPath, "cgroup.procs");
    }

    /** Whether the cgroup exists (in the process-membership hierarchy). */
    public boolean exists(String cgroupPath) {
        return Files.isDirectory(processDir(cgroupPath));
    }

    /** The cgroup path (starting with '/') of a directory in the process-membership hierarchy. */
    public String cgroupPathOf(Path dir) {
        Path rel = cpusetRoot.relativize(dir);
        String s = rel.toString().replace('\\', '/');
        return s.isEmpty() ? "/" : "/" + s;
    }

    private static Path resolve(Path hierarchy, String cgroupPath) {
        String rel = cgroupPath;
        while (rel.startsWith("/")) {
            rel = rel.substring(1);
        }
        if (rel.contains("..")) { // the split only when it may matter: this runs for every file of every task
            for (String part : rel.split("/")) {
                if (part.equals("..")) {
                    throw new IllegalArgumentException("cgroup path must not contain '..': " + cgroupPath);
                }
            }
        }
        return rel.isEmpty() ? hierarchy : hierarchy.resolve(rel);
    }

    @Override
    public String toString() {
        return "cgroup " + (isV2() ? "v2" : "v1") + " at " + root;
    }
}
