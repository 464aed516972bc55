package io.numaagent.runner.exec;

import io.numaagent.runner.host.HostPaths;
import java.nio.file.Path;

/** Writes sysctls such as {@code kernel.numa_balancing}, to the file {@link HostPaths#sysctl} names. */
public final class SysctlWriter {

    /** The NUMA balancing sysctl. */
    public static final String NUMA_BALANCING = "kernel.numa_balancing";

    private final HostPaths paths;

    public SysctlWriter(HostPaths paths) {
        this.paths = paths;
    }

    /** The file of a dotted sysctl name (see {@link HostPaths#sysctl}). */
    public Path file(String name) {
        return paths.sysctl(name);
    }

    /** Writes {@code value} to the sysctl {@code name}. */
    public void write(String name, String value) throws HostWriteException {
        FileCgroupWriter.writeExisting(file(name), value);
    }
}
