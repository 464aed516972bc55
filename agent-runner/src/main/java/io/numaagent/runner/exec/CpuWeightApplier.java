package io.numaagent.runner.exec;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.host.CgroupLayout;

/**
 * Applies {@link SetCpuShares}: one write of {@code cpu.weight} (cgroup v2, the shares converted as
 * runc does) or {@code cpu.shares} (v1) to the task's cgroup or its one sub-cgroup. A weight is relative
 * to the cgroup's siblings, so no other cgroup is written.
 */
final class CpuWeightApplier {

    private final CgroupWriter cgroups;
    private final CgroupLayout layout;

    CpuWeightApplier(CgroupWriter cgroups, CgroupLayout layout) {
        this.cgroups = cgroups;
        this.layout = layout;
    }

    /** The file a decision writes on this machine. */
    String file() {
        return layout.isV2() ? CgroupWriter.CPU_WEIGHT : CgroupWriter.CPU_SHARES;
    }

    Outcome apply(Cycle c, Task task, SetCpuShares d) {
        String cgroup = d.subCgroup() != null ? d.subCgroup() : task.cgroupPath();
        String value = Long.toString(d.fileValue(layout.isV2() ? Platform.CGROUP_V2 : Platform.CGROUP_V1));
        try {
            cgroups.write(cgroup, file(), value);
        } catch (HostWriteException e) {
            return c.writeFailed(d, e, "");
        }
        return c.outcome(d, Outcome.Status.APPLIED, "wrote " + file() + "=" + value + " to " + cgroup);
    }
}
