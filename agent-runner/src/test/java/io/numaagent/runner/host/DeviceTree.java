package io.numaagent.runner.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A host tree with PCI devices, written as the kernel shows them: device directories with
 * {@code numa_node} / {@code local_cpulist}, {@code /sys/dev/{char,block}/M:m} links into
 * {@code /sys/devices}, a VFIO group with its IOMMU group, a RAID device with {@code slaves/}, and the
 * procfs files of a container's first process (pid {@link #PID}) and of the host's init.
 */
public final class DeviceTree {

    public static final int PID = 4242;
    /** The reference's test device ({@code pkg/topology/test-data}): local_cpulist 0-7, numa_node -1. */
    static final String GPU = "/sys/devices/pci0000:00/0000:00:02.0";
    /** An NVMe controller on node 1 of a twoSocketFourNode-like machine. */
    static final String NVME = "/sys/devices/pci0000:80/0000:80:01.0";
    static final String NVME_PART = NVME + "/nvme/nvme0/nvme0n1/nvme0n1p1";
    /** A controller whose firmware reports the socket as numa_node 1 and no CPU list anywhere above it. */
    static final String SOCKET_ONLY = "/sys/devices/pci0000:40/0000:40:00.0";
    /** A device with numa_node 3 but no CPU list, below a bus with CPUs 16-23 on node 2. */
    static final String CHILD_OF_BUS = "/sys/devices/pci0000:c0/0000:c0:00.0";

    private final Path root;

    public DeviceTree(Path root) {
        this.root = root;
    }

    public HostPaths paths() {
        return new HostPaths(root.resolve("sys"), root.resolve("proc"), root.resolve("sys/fs/cgroup"));
    }

    /** The whole tree of the tests. */
    public DeviceTree standard() {
        file(GPU + "/local_cpulist", "0-7\n");
        file(GPU + "/numa_node", "-1\n");
        dir(GPU + "/drm/card1");
        file(NVME + "/local_cpulist", "8-15\n");
        file(NVME + "/numa_node", "1\n");
        dir(NVME_PART);
        file(SOCKET_ONLY + "/numa_node", "1\n");
        dir(SOCKET_ONLY + "/host0/sdb");
        file("/sys/devices/pci0000:c0/local_cpulist", "16-23\n");
        file("/sys/devices/pci0000:c0/numa_node", "2\n");
        file(CHILD_OF_BUS + "/numa_node", "3\n");
        dir(CHILD_OF_BUS + "/usb1");
        dir("/sys/devices/virtual/mem/null");
        dir("/sys/devices/virtual/vfio/42");
        link("/sys/kernel/iommu_groups/42/devices/0000:00:02.0", "../../../../devices/pci0000:00/0000:00:02.0");
        link("/sys/devices/virtual/block/md0/slaves/nvme0n1p1",
                "../../../../pci0000:80/0000:80:01.0/nvme/nvme0/nvme0n1/nvme0n1p1");
        link("/sys/dev/char/1:3", "../../devices/virtual/mem/null");
        link("/sys/dev/char/226:1", "../../devices/pci0000:00/0000:00:02.0/drm/card1");
        link("/sys/dev/char/243:42", "../../devices/virtual/vfio/42");
        link("/sys/dev/char/189:0", "../../devices/pci0000:c0/0000:c0:00.0/usb1");
        link("/sys/dev/block/259:1", "../../devices/pci0000:80/0000:80:01.0/nvme/nvme0/nvme0n1/nvme0n1p1");
        link("/sys/dev/block/9:0", "../../devices/virtual/block/md0");
        link("/sys/dev/block/8:16", "../../devices/pci0000:40/0000:40:00.0/host0/sdb");
        file("/proc/1/mountinfo", String.join("\n",
                "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw",
                "25 22 259:1 / /mnt/fast rw,relatime shared:2 - ext4 /dev/nvme0n1p1 rw",
                "26 22 259:1 /kubelet /var/lib/kubelet rw,relatime shared:3 - ext4 /dev/nvme0n1p1 rw", ""));
        file("/proc/" + PID + "/stat", PID + " (sleep) S 1 " + PID + " " + PID
                + " 0 -1 4194560 105 0 0 0 0 0 0 0 20 0 1 0 123456 2551808 130 18446744073709551615\n");
        return this;
    }

    public void file(String hostPath, String text) {
        try {
            Path p = at(hostPath);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void dir(String hostPath) {
        try {
            Files.createDirectories(at(hostPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void link(String hostPath, String target) {
        try {
            Path p = at(hostPath);
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path at(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }
}
