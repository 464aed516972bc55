package io.numaagent.runner.exec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a task cgroup's control file lives, on cgroup v1 or v2.
 *
 * <p>INTERIM: a minimal, executor-internal mapping until the host readers' {@code CgroupLayout}
 * is merged; the lead will replace this class with it. It knows only what the executor writes:
 * v1 keeps {@code cpuset.*} files in the {@code cpuset} hierarchy ({@code <root>/cpuset/<path>}),
 * v2 keeps every controller in one tree ({@code <root>/<path>}) and is recognised by
 * {@code cgroup.controllers} at the root.
 */
final class CgroupFiles {

    private final Path root;
    private final boolean unified;

    private CgroupFiles(Path root, boolean unified) {
        this.root = root;
        this.unified = unified;
    }

    /** Detects the layout under {@code root} (normally {@code /sys/fs/cgroup}). */
    static CgroupFiles detect(Path root) {
        return new CgroupFiles(root, Files.exists(root.resolve("cgroup.controllers")));
    }

    /** Whether this is the v2 unified hierarchy. */
    boolean unified() {
        return unified;
    }

    /** The directory of {@code cgroupPath} in the hierarchy holding {@code file}. */
    Path directory(String cgroupPath, String file) {
        String rel = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        Path base = root;
        if (!unified) {
            int dot = file.indexOf('.');
            base = root.resolve(dot > 0 ? file.substring(0, dot) : file);
        }
        return rel.isEmpty() ? base : base.resolve(rel);
    }

    /** The control file {@code file} of {@code cgroupPath}. */
    Path file(String cgroupPath, String file) {
        return directory(cgroupPath, file).resolve(file);
    }

    /** The directory the executor must be able to write in: the cpuset hierarchy (v1) or the root (v2). */
    Path cpusetRoot() {
        return unified ? root : root.resolve("cpuset");
    }
}
