package io.numaagent.runner.host;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The roots every host path is built from, injected so that tests run over fixture trees
 * ({@code --path.sysfs}, {@code --path.procfs}, {@code --path.cgroupfs}; YAML {@code paths:}).
 *
 * @param sysfs    normally {@code /sys}
 * @param procfs   normally {@code /proc}
 * @param cgroupfs normally {@code /sys/fs/cgroup}
 */
public record HostPaths(Path sysfs, Path procfs, Path cgroupfs) {

    /** The real machine's roots. */
    public static final HostPaths DEFAULT = new HostPaths(Path.of("/sys"), Path.of("/proc"), Path.of("/sys/fs/cgroup"));

    public HostPaths {
        Objects.requireNonNull(sysfs, "sysfs");
        Objects.requireNonNull(procfs, "procfs");
        Objects.requireNonNull(cgroupfs, "cgroupfs");
    }

    /** A path under the sysfs root, e.g. {@code sys("devices/system/node")}. */
    public Path sys(String relative) {
        return sysfs.resolve(relative);
    }

    /** A path under the procfs root, e.g. {@code proc("vmstat")}. */
    public Path proc(String relative) {
        return procfs.resolve(relative);
    }

    /**
     * The file of a dotted sysctl name: {@code kernel.numa_balancing} is
     * {@code <procfs>/sys/kernel/numa_balancing}. The reader and the executor's writer both ask here,
     * so that what is read and what is written agree.
     */
    public Path sysctl(String name) {
        return procfs.resolve("sys").resolve(name.replace('.', '/'));
    }

    /** A path under the cgroupfs root; {@code cgroupPath} may start with '/'. */
    public Path cgroup(String cgroupPath) {
        String rel = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        return rel.isEmpty() ? cgroupfs : cgroupfs.resolve(rel);
    }
}
