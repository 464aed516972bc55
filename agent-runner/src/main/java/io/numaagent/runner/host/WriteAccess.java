package io.numaagent.runner.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process may change the machine: the cpuset hierarchy must be writable (root or a
 * delegated subtree, not a read-only mount) and the process must hold {@code CAP_SYS_NICE}, which
 * {@code migrate_pages}/{@code move_pages} of other users' processes require. When not, the lead
 * prints {@link #reason()} once and runs dry.
 *
 * @param writable whether decisions can be applied
 * @param reason   one line: what was found
 */
public record WriteAccess(boolean writable, String reason) {

    /** Bit of {@code CAP_SYS_NICE} in {@code CapEff}. */
    static final int CAP_SYS_NICE = 23;

    /** Checks the cgroup root of {@code layout} and this process's capabilities ({@code <procfs>/self/status}). */
    public static WriteAccess check(HostPaths paths, CgroupLayout layout) {
        Path cpusetRoot = layout.hierarchyFor("cpuset.cpus");
        if (!Files.isDirectory(cpusetRoot)) {
            return new WriteAccess(false, "observe-only: no cpuset hierarchy at " + cpusetRoot);
        }
        Path procs = cpusetRoot.resolve("cgroup.procs");
        if (!Files.isWritable(procs)) {
            return new WriteAccess(false, "observe-only: " + procs + " is not writable (not root, or cgroupfs mounted read-only)");
        }
        Path status = paths.proc("self/status");
        long capEff;
        try {
            capEff = ProcStatus.parse(Files.readAllLines(status)).capEff();
        } catch (IOException | IllegalArgumentException e) {
            return new WriteAccess(false, "observe-only: cannot read CapEff from " + status + ": " + e.getMessage());
        }
        if ((capEff & (1L << CAP_SYS_NICE)) == 0) {
            return new WriteAccess(false, "observe-only: no CAP_SYS_NICE in " + status
                    + " (needed to move other processes' memory)");
        }
        return new WriteAccess(true, "writable: " + (layout.isV2() ? "cgroup v2" : "cgroup v1") + " at "
                + layout.root() + ", CAP_SYS_NICE held");
    }
}
