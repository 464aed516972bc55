package io.numaagent.runner.exec;

import java.nio.file.Path;

/** Writes sysctls under {@code <procfs>/sys}, e.g. {@code kernel.numa_balancing}. */
public final class SysctlWriter {

    /** The NUMA balancing sysctl. */
    public static final String NUMA_BALANCING = "kernel.numa_balancing";

    private final Path procfs;

    public SysctlWriter(Path procfs) {
        this.procfs = procfs;
    }

    /** The file of a dotted sysctl name: {@code kernel.numa_balancing} is {@code sys/kernel/numa_balancing}. */
    public Path file(String name) {
        return procfs.resolve("sys").resolve(name.replace('.', '/'));
    }

    /** Writes {@code value} to the sysctl {@code name}. */
    public void write(String name, String value) throws HostWriteException {
        FileCgroupWriter.writeExisting(file(name), value);
    }
}
