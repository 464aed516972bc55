package io.numaagent.api.snapshot;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.util.List;
import java.util.Objects;

/**
 * What the kubelet says it assigned to one container, as its pod-resources API ({@code List} of
 * {@code k8s.io/kubelet/pkg/apis/podresources/v1}) answers: the devices of device plugins with their
 * NUMA nodes, the exclusive CPUs of the kubelet's CPU manager, the memory and hugepages of its memory
 * manager. The runner asks once per container, and only when a running plugin reads them
 * ({@link io.numaagent.api.plugin.Plugin#readsPodResources()}); {@link #NONE} when not asked, not
 * answered, or nothing was assigned.
 *
 * @param devices the container's devices, one entry per device as the kubelet lists them
 * @param cpus    the CPUs the kubelet's static CPU manager gave the container exclusively; empty if none
 * @param memory  the memory (and hugepages) the kubelet's memory manager pinned for it; empty if none
 */
public record PodResources(List<Device> devices, CpuSet cpus, List<Memory> memory) {

    /** Nothing known. */
    public static final PodResources NONE = new PodResources(List.of(), CpuSet.EMPTY, List.of());

    public PodResources {
        devices = List.copyOf(devices);
        Objects.requireNonNull(cpus, "cpus");
        memory = List.copyOf(memory);
    }

    /** Whether nothing is known. */
    public boolean isEmpty() {
        return devices.isEmpty() && cpus.isEmpty() && memory.isEmpty();
    }

    /**
     * A device a device plugin gave the container ({@code ContainerDevices}).
     *
     * @param resourceName the extended resource, e.g. {@code nvidia.com/gpu}
     * @param deviceIds    the device plugin's ids of the devices
     * @param numaNodes    the NUMA nodes the device plugin reports the devices close to; empty if it reports none
     */
    public record Device(String resourceName, List<String> deviceIds, NodeSet numaNodes) {
        public Device {
            Objects.requireNonNull(resourceName, "resourceName");
            deviceIds = List.copyOf(deviceIds);
            Objects.requireNonNull(numaNodes, "numaNodes");
        }
    }

    /**
     * Memory the kubelet's memory manager pinned for the container ({@code ContainerMemory}).
     *
     * @param memoryType {@code memory}, or a hugepage size such as {@code hugepages-1Gi}
     * @param sizeBytes  how much
     * @param numaNodes  the NUMA nodes it is pinned to
     */
    public record Memory(String memoryType, long sizeBytes, NodeSet numaNodes) {
        public Memory {
            Objects.requireNonNull(memoryType, "memoryType");
            Objects.requireNonNull(numaNodes, "numaNodes");
        }
    }
}
