package io.numaagent.runner.host;

import io.numaagent.api.snapshot.Platform;
import java.util.Objects;

/**
 * What every reader of this machine is given: the roots its files are under, its cgroup layout and
 * its base page size. The layout is detected once per agent ({@link #detect}) rather than by each
 * reader and writer; the page size comes from {@code getpagesize(2)}, passed in by the wiring (tests
 * pass 4096), so nothing here assumes one.
 *
 * @param paths         sysfs, procfs and cgroupfs roots
 * @param cgroups       where cgroup control files live (v1 or v2)
 * @param pageSizeBytes the kernel's base page size
 */
public record Host(HostPaths paths, CgroupLayout cgroups, long pageSizeBytes) {

    public Host {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(cgroups, "cgroups");
        if (pageSizeBytes <= 0) {
            throw new IllegalArgumentException("page size must be positive, got " + pageSizeBytes);
        }
    }

    /** The host under {@code paths}, its cgroup layout detected now. */
    public static Host detect(HostPaths paths, long pageSizeBytes) {
        return new Host(paths, CgroupLayout.detect(paths), pageSizeBytes);
    }

    /** {@link Platform#CGROUP_V1} or {@link Platform#CGROUP_V2}, as the snapshot's platform carries it. */
    public int cgroupVersion() {
        return cgroups.isV2() ? Platform.CGROUP_V2 : Platform.CGROUP_V1;
    }
}
