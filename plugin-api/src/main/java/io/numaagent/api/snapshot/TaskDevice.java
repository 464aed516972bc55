package io.numaagent.api.snapshot;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.util.List;
import java.util.Objects;

/**
 * A device a task's container uses, with the topology hint sysfs gives for it: what the
 * topology-aware reference derives from a container's mounts and device nodes (host path, then the
 * sysfs device, then {@code local_cpulist} / {@code numa_node} of the device or the nearest parent
 * that has them). The runner reads these once per container, and only when a running plugin asks
 * for them ({@link io.numaagent.api.plugin.Plugin#readsTaskDevices()}).
 *
 * @param kind          a mount of the container, or a device node in its {@code /dev}
 * @param cgroupPath    the (sub-)cgroup whose first process uses it: the task's, or one of its containers'
 * @param containerPath where the container sees it (mount point, or {@code /dev/...})
 * @param hostPath      the host path: for a mount its source on the host (as far as the host's mount
 *                      table tells), for a sysfs bind mount the sysfs directory; for a device node
 *                      {@code /dev/...} as in the container
 * @param readOnly      mounted read-only (the reference generates no hint for those); false for devices
 * @param devicePath    the sysfs path of the device, e.g. {@code /sys/devices/pci0000:00/0000:00:02.0/drm/card1}
 * @param provider      the sysfs directory that gave the hint (the device, a parent of it, a RAID
 *                      member or a VFIO group member): the reference's hint provider
 * @param cpus          CPUs of the hint ({@code local_cpulist}); empty if none
 * @param numaNodes     NUMA nodes of the hint ({@code numa_node}; -1 gives none); empty if none
 * @param sockets       socket ids of the hint (when {@code numa_node} is set but no CPU list is found,
 *                      the reference takes the node id as a socket id: broken firmware reports sockets there)
 */
public record TaskDevice(Kind kind, String cgroupPath, String containerPath, String hostPath, boolean readOnly,
                         String devicePath, String provider, CpuSet cpus, NodeSet numaNodes, List<Integer> sockets) {

    /** Where a container's use of a device comes from. */
    public enum Kind { MOUNT, DEVICE }

    public TaskDevice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cgroupPath, "cgroupPath");
        Objects.requireNonNull(containerPath, "containerPath");
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(devicePath, "devicePath");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(cpus, "cpus");
        Objects.requireNonNull(numaNodes, "numaNodes");
        sockets = List.copyOf(sockets);
    }
}
