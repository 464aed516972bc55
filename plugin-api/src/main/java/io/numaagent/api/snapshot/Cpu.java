package io.numaagent.api.snapshot;

import io.numaagent.api.CpuSet;

/**
 * One logical CPU as sysfs describes it.
 *
 * @param id        logical CPU id
 * @param socket    {@code topology/physical_package_id}
 * @param die       {@code topology/die_id} (0 where the kernel has no dies)
 * @param core      {@code topology/core_id} (unique only within a socket)
 * @param node      NUMA node the CPU belongs to, -1 if none is known
 * @param siblings  SMT siblings including this CPU ({@code topology/thread_siblings_list})
 * @param online    whether the CPU is online
 * @param isolated  whether the CPU is in {@code /sys/devices/system/cpu/isolated}
 * @param details   cluster, caches, frequencies, EPP and core kind ({@link CpuDetails#UNKNOWN} when
 *                  none are known)
 */
public record Cpu(int id, int socket, int die, int core, int node, CpuSet siblings, boolean online, boolean isolated,
                  CpuDetails details) {

    /** A missing {@code details} (a recording made before they were recorded) reads as unknown. */
    public Cpu {
        details = details == null ? CpuDetails.UNKNOWN : details;
    }

    /** A CPU of which nothing but its place in the topology is known. */
    public Cpu(int id, int socket, int die, int core, int node, CpuSet siblings, boolean online, boolean isolated) {
        this(id, socket, die, core, node, siblings, online, isolated, CpuDetails.UNKNOWN);
    }
}
