package io.numaagent.api.decision;

import io.numaagent.api.snapshot.Platform;

/**
 * Set a task's CPU weight, in cgroup v1 {@code cpu.shares} units (2..262144; 1024 is one CPU's worth,
 * as the kubelet and the container runtimes count): on its cgroup, or, with {@code subCgroup}, on that
 * one sub-cgroup of the task only (one container of a pod). The weight is relative to the cgroup's
 * siblings, so it is written to that one cgroup and nothing below or above it. On cgroup v1 the
 * executor writes {@code cpu.shares}; on v2 it writes {@code cpu.weight} = {@link #weightOf}{@code (shares)},
 * the conversion runc and crun make. Action {@code set-cpu-shares}.
 *
 * @param subCgroup one of the task's {@code subCgroups}, or {@code null} for the whole task (empty means null)
 * @param shares    2..262144
 */
public record SetCpuShares(String plugin, String task, String subCgroup, long shares, String reason)
        implements Decision {

    /** The smallest {@code cpu.shares} the kernel takes. */
    public static final long MIN_SHARES = 2;
    /** The largest {@code cpu.shares} the kernel takes. */
    public static final long MAX_SHARES = 262_144;

    public SetCpuShares {
        subCgroup = subCgroup == null || subCgroup.isEmpty() ? null : subCgroup;
        Decision.requireText(plugin, "plugin");
        Decision.requireText(task, "task");
        if (shares < MIN_SHARES || shares > MAX_SHARES) {
            throw new IllegalArgumentException("shares must be " + MIN_SHARES + ".." + MAX_SHARES + ", got " + shares);
        }
    }

    /**
     * The cgroup v2 {@code cpu.weight} (1..10000) for {@code shares}: {@code 1 + ((shares - 2) * 9999) / 262142},
     * as runc and crun convert, so 2 gives 1, 1024 gives 39 and 262144 gives 10000.
     */
    public static long weightOf(long shares) {
        return 1 + ((shares - MIN_SHARES) * 9999) / (MAX_SHARES - MIN_SHARES);
    }

    /**
     * What the cgroup's file holds once this is applied: {@code cpu.weight} on v2, {@code cpu.shares}
     * on v1 (and when the version is not known, as in recordings made before the platform carried it).
     */
    public long fileValue(int cgroupVersion) {
        return fileValue(shares, cgroupVersion);
    }

    /** What a cgroup's file holds for {@code shares} on {@code cgroupVersion} (see {@link #fileValue(int)}). */
    public static long fileValue(long shares, int cgroupVersion) {
        return cgroupVersion == Platform.CGROUP_V2 ? weightOf(shares) : shares;
    }

    @Override
    public String action() {
        return "set-cpu-shares";
    }

    @Override
    public Resource resource() {
        return Resource.CPU_SHARES;
    }
}
