package io.numaagent.plugins.topologyaware;

import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.plugins.topologyaware.alloc.CpuType;
import io.numaagent.plugins.topologyaware.alloc.Grant;

/**
 * The CPU weight of a grant, as the reference sets it: the kubelet's {@code MilliCPUToShares} of the grant's
 * milli-CPU portion of shared (or reserved) CPUs, or, without one, of its exclusive CPUs at 1000 each. So a
 * mixed grant (exclusive CPUs and a shared part) is weighted by its shared part only: its exclusive CPUs
 * compete with nobody, the weight is for the share of the shared CPUs.
 */
final class CpuShares {

    /** {@code cpu.shares} worth one CPU. */
    static final long SHARES_PER_CPU = 1024;

    private CpuShares() {
    }

    /** The shares of {@code g}; -1 for {@code cpu.preserve} (the container's CPU settings are left alone). */
    static long of(Grant g) {
        if (g.cpuType() == CpuType.PRESERVE) {
            return -1;
        }
        long milli = g.portion() > 0 ? g.portion() : 1000L * g.exclusive().size();
        return fromMilliCpu(milli);
    }

    /** Why a grant has its shares, for the decision's reason. */
    static String reason(Grant g) {
        if (g.portion() > 0) {
            return g.portion() + "m of the " + (g.cpuType() == CpuType.RESERVED ? "reserved" : "shared") + " CPUs of "
                    + g.pool().name();
        }
        return g.exclusive().isEmpty() ? "no CPU request, in the shared CPUs of " + g.pool().name()
                : g.exclusive().size() + " exclusive CPUs of " + g.pool().name();
    }

    /** The kubelet's conversion: 2 for 0, else {@code milli * 1024 / 1000} within 2..262144. */
    static long fromMilliCpu(long milli) {
        if (milli == 0) {
            return SetCpuShares.MIN_SHARES;
        }
        return Math.max(SetCpuShares.MIN_SHARES, Math.min(SetCpuShares.MAX_SHARES, milli * SHARES_PER_CPU / 1000));
    }
}
