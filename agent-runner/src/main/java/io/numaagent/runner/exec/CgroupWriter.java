package io.numaagent.runner.exec;

/**
 * Writes one control file of one cgroup ({@code cpuset.cpus}, {@code cpuset.mems},
 * {@code cpuset.memory_migrate}, {@code cpu.weight}, {@code cpu.shares}). {@link FileCgroupWriter} writes the real files; tests use a
 * recording fake. Ordering across a task's sub-cgroups is the {@link CpusetApplier}'s job.
 */
public interface CgroupWriter {

    /** {@code cpuset.cpus}. */
    String CPUSET_CPUS = "cpuset.cpus";
    /** {@code cpuset.mems}. */
    String CPUSET_MEMS = "cpuset.mems";
    /** {@code cpuset.memory_migrate} (v1 only). */
    String CPUSET_MEMORY_MIGRATE = "cpuset.memory_migrate";
    /** {@code cpu.weight} (v2). */
    String CPU_WEIGHT = "cpu.weight";
    /** {@code cpu.shares} (v1). */
    String CPU_SHARES = "cpu.shares";

    /**
     * Writes {@code value} to {@code file} of {@code cgroupPath} (relative to the cgroup root).
     *
     * @throws HostWriteException naming the file and errno when the kernel refuses
     */
    void write(String cgroupPath, String file, String value) throws HostWriteException;
}
