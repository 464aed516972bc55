package io.numaagent.runner.host;

import static io.numaagent.runner.host.DeviceTree.CHILD_OF_BUS;
import static io.numaagent.runner.host.DeviceTree.GPU;
import static io.numaagent.runner.host.DeviceTree.NVME;
import static io.numaagent.runner.host.DeviceTree.NVME_PART;
import static io.numaagent.runner.host.DeviceTree.PID;
import static io.numaagent.runner.host.DeviceTree.SOCKET_ONLY;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.TaskDevice;
import io.numaagent.api.snapshot.TaskDevice.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's devices and their hints over a fixture tree ({@link DeviceTree}): mounts from its
 * first process's mountinfo, device nodes of its /dev, each resolved through /sys/dev and up
 * /sys/devices as the reference resolves them.
 */
class ContainerDevicesTest {

    @TempDir
    Path root;

    private static final String POD = "/kubepods/pod1/ctr1";

    private static final List<ContainerDevices.DeviceNode> NODES = List.of(
            new ContainerDevices.DeviceNode("char", 1, 3, "/dev/null"),
            new ContainerDevices.DeviceNode("char", 226, 1, "/dev/dri/card1"),
            new ContainerDevices.DeviceNode("char", 243, 42, "/dev/vfio/42"),
            new ContainerDevices.DeviceNode("char", 189, 0, "/dev/bus/usb/001/001"),
            new ContainerDevices.DeviceNode("char", 10, 200, "/dev/net/tun"));

    private ContainerDevices.Found read(DeviceTree tree, String... mountinfo) {
        tree.file("/proc/" + PID + "/mountinfo", String.join("\n", mountinfo) + "\n");
        return new ContainerDevices(tree.paths(), dev -> NODES).read(POD, PID);
    }

    private static TaskDevice mount(String at, String host, boolean ro, String device, String provider, String cpus,
                                    String numas, List<Integer> sockets) {
        return new TaskDevice(Kind.MOUNT, POD, at, host, ro, device, provider, CpuSet.parse(cpus), NodeSet.parse(numas),
                sockets);
    }

    private static TaskDevice device(String at, String device, String provider, String cpus, String numas) {
        return new TaskDevice(Kind.DEVICE, POD, at, at, false, device, provider, CpuSet.parse(cpus),
                NodeSet.parse(numas), List.of());
    }

    @Test
    void twoSocketFourNodeContainerWithNvmeGpuVfioAndUsb() {
        DeviceTree tree = new DeviceTree(root).standard();
        ContainerDevices.Found f = read(tree,
                "1046 1045 0:52 / / rw,relatime master:290 - overlay overlay rw,lowerdir=/l",
                "1047 1046 0:54 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw",
                "1050 1046 259:1 /data /data rw,relatime - ext4 /dev/nvme0n1p1 rw",
                "1051 1046 259:1 /kubelet/pods/uid/etc-hosts /etc/hosts rw,relatime - ext4 /dev/nvme0n1p1 rw",
                "1052 1046 0:22 /devices/pci0000:00/0000:00:02.0 /sys/gpu rw,nosuid - sysfs sysfs rw",
                "1053 1046 259:1 /ro\\040dir /ro ro,relatime - ext4 /dev/nvme0n1p1 rw",
                "1054 1046 9:0 / /raid rw - ext4 /dev/md0 rw",
                "1055 1046 8:16 / /sock rw - xfs /dev/sdb rw",
                "1056 1046 8:1 /x /x rw - ext4 /dev/sda1 rw",
                "garbage");
        assertThat(f.devices()).containsExactly(
                mount("/data", "/mnt/fast/data", false, NVME_PART, NVME, "8-15", "1", List.of()),
                mount("/etc/hosts", "/var/lib/kubelet/pods/uid/etc-hosts", false, NVME_PART, NVME, "8-15", "1",
                        List.of()),
                mount("/sys/gpu", GPU, false, GPU, GPU, "0-7", "", List.of()),
                mount("/ro", "/mnt/fast/ro dir", true, NVME_PART, NVME, "8-15", "1", List.of()),
                // md0 has no hint of its own; its member's counts (the reference's slaves/)
                mount("/raid", "/", false, "/sys/devices/virtual/block/md0", NVME, "8-15", "1", List.of()),
                // numa_node 1 with no CPU list here or above: the reference reads it as socket 1
                mount("/sock", "/", false, SOCKET_ONLY + "/host0/sdb", SOCKET_ONLY, "", "", List.of(1)),
                // /dev/null is a virtual device: no hint, no entry
                device("/dev/dri/card1", GPU + "/drm/card1", GPU, "0-7", ""),
                // a VFIO group: the hints of its IOMMU group's devices
                device("/dev/vfio/42", "/sys/devices/virtual/vfio/42", GPU, "0-7", ""),
                // numa_node 3 without a CPU list: the bus above gives CPUs 16-23 and node 2
                device("/dev/bus/usb/001/001", CHILD_OF_BUS + "/usb1", CHILD_OF_BUS, "16-23", "2"));
        assertThat(f.skipped()).isEqualTo(3);
        assertThat(f.reasons()).containsExactly(
                tree.paths().proc(PID + "/mountinfo") + " line 10: expected 'id parent major:minor root mount-point "
                        + "options ... - type source options', got 'garbage'",
                "/x: no /sys/dev/block/8:1",
                "/dev/net/tun: no /sys/dev/char/10:200");
    }

    /**
     * As the e2e guest (fourNodeTwoSocket, e2e/tests/agent-topology-aware-hints.sh) shows it: a virtio-blk
     * disk behind QEMU's PCI expander bridge on node 3 (the bridge's own PCI-PCI bridge and the disk both
     * say numa_node 3, local_cpulist 6-7; the virtio device below has neither), ext4 on it mounted only
     * in the container's mount namespace (the host's mount table, the initramfs's, does not mount it),
     * and its node in the container's /dev. A device on the main root bus has numa_node -1.
     */
    @Test
    void fourNodeTwoSocketE2eGuestDiskBehindPciExpanderBridge() {
        DeviceTree tree = new DeviceTree(root);
        String bridge = "/sys/devices/pci0000:40/0000:40:00.0";
        String disk = bridge + "/0000:41:01.0";
        for (String d : List.of(bridge, disk)) {
            tree.file(d + "/numa_node", "3\n");
            tree.file(d + "/local_cpulist", "6-7\n");
        }
        tree.dir(disk + "/virtio2/block/vda");
        tree.file("/sys/devices/pci0000:00/0000:00:03.0/numa_node", "-1\n");
        tree.file("/sys/devices/pci0000:00/0000:00:03.0/local_cpulist", "0-7\n");
        tree.link("/sys/dev/block/254:0", "../../devices/pci0000:40/0000:40:00.0/0000:41:01.0/virtio2/block/vda");
        tree.dir("/sys/devices/virtual/mem/null");
        tree.link("/sys/dev/char/1:3", "../../devices/virtual/mem/null");
        tree.file("/proc/1/mountinfo", String.join("\n",
                "1 1 0:2 / / rw - rootfs rootfs rw,size=2004888k,nr_inodes=501222,inode64",
                "32 1 0:27 / /newroot rw,relatime - overlay overlay rw,lowerdir=/lower,upperdir=/upper/upper",
                "35 32 0:6 / /newroot/dev rw,relatime - devtmpfs devtmpfs rw,size=2004888k,mode=755,inode64", ""));
        tree.file("/proc/" + PID + "/mountinfo", String.join("\n",
                "47 40 0:27 / / rw,relatime - overlay overlay rw,lowerdir=/lower,upperdir=/upper/upper,uuid=on",
                "48 47 0:30 / /proc rw,relatime - proc proc rw",
                "49 47 0:23 / /sys rw,relatime - sysfs sysfs rw",
                "54 47 0:24 / /e2e-results rw,relatime - 9p results rw,access=client,msize=512000,trans=virtio",
                "55 47 254:0 / /data rw,relatime - ext4 /dev/vda rw",
                "56 50 0:34 / /dev rw,relatime - tmpfs dev rw,mode=755,inode64", ""));
        List<ContainerDevices.DeviceNode> dev = List.of(new ContainerDevices.DeviceNode("char", 1, 3, "/dev/null"),
                new ContainerDevices.DeviceNode("block", 254, 0, "/dev/vda"));

        ContainerDevices.Found f = new ContainerDevices(tree.paths(), d -> dev).read(POD, PID);

        String vda = disk + "/virtio2/block/vda";
        assertThat(f.devices()).containsExactly(
                mount("/data", "/", false, vda, disk, "6-7", "3", List.of()),
                device("/dev/vda", vda, disk, "6-7", "3"));
        assertThat(f.reasons()).isEmpty();
    }

    @Test
    void laptopOneNodeWithoutNumaFilesHasNoHints() {
        DeviceTree tree = new DeviceTree(root);
        tree.dir("/sys/devices/pci0000:00/0000:00:1d.0/nvme/nvme0/nvme0n1");
        tree.link("/sys/dev/block/259:0", "../../devices/pci0000:00/0000:00:1d.0/nvme/nvme0/nvme0n1");
        tree.file("/proc/1/mountinfo", "22 1 259:0 / / rw - ext4 /dev/nvme0n1 rw\n");
        tree.file("/proc/" + PID + "/mountinfo", "30 1 259:0 /srv /data rw - ext4 /dev/nvme0n1 rw\n");
        ContainerDevices.Found f = new ContainerDevices(tree.paths(), dev -> List.of()).read(POD, PID);
        assertThat(f.devices()).isEmpty();
        assertThat(f.skipped()).isZero();
    }

    @Test
    void unreadableSysfsFileSkipsThatDeviceOnly() {
        DeviceTree tree = new DeviceTree(root).standard();
        tree.dir(GPU + "/drm/card1/numa_node"); // a directory where a file should be: cannot be read
        ContainerDevices.Found f = read(tree, "1050 1046 259:1 /data /data rw,relatime - ext4 /dev/nvme0n1p1 rw");
        assertThat(f.devices()).extracting(TaskDevice::containerPath)
                .containsExactly("/data", "/dev/vfio/42", "/dev/bus/usb/001/001");
        assertThat(f.reasons()).anySatisfy(r -> assertThat(r).startsWith("/dev/dri/card1: "));
    }

    @Test
    void raidMembersInACycleEndAtTheDepthLimit() {
        DeviceTree tree = new DeviceTree(root).standard();
        // md1 and md2 list each other as members: a hostile or broken tree, not a kernel's
        tree.link("/sys/devices/virtual/block/md1/slaves/md2", "../../md2");
        tree.link("/sys/devices/virtual/block/md2/slaves/md1", "../../md1");
        tree.link("/sys/dev/block/9:1", "../../devices/virtual/block/md1");
        ContainerDevices.Found f = read(tree, "1054 1046 9:1 / /raid rw - ext4 /dev/md1 rw",
                "1050 1046 259:1 /data /data rw,relatime - ext4 /dev/nvme0n1p1 rw");
        assertThat(f.devices()).extracting(TaskDevice::containerPath).first().isEqualTo("/data");
        assertThat(f.reasons()).anySatisfy(r -> assertThat(r).startsWith("/raid: ").contains("a link cycle?"));
    }

    @Test
    void processGoneIsCountedNotThrown() {
        DeviceTree tree = new DeviceTree(root).standard();
        ContainerDevices.Found f = new ContainerDevices(tree.paths(), dev -> {
            throw new java.nio.file.NoSuchFileException(dev.toString());
        }).read(POD, 999);
        assertThat(f.devices()).isEmpty();
        assertThat(f.skipped()).isEqualTo(2);
    }

    @Test
    void deviceNodesOfARealDevDirectory() throws IOException {
        // the agent's own /dev: /dev/null is character device 1:3 on every Linux
        assertThat(ContainerDevices.deviceNodes(Path.of("/dev")))
                .contains(new ContainerDevices.DeviceNode("char", 1, 3, "/dev/null"));
    }

    @Test
    void devTNumbersDecodedAsGlibcDoes() {
        assertThat(ContainerDevices.major(0x0103L)).isEqualTo(1);
        assertThat(ContainerDevices.minor(0x0103L)).isEqualTo(3);
        // major 259, minor 1048577: both beyond the old 8-bit fields
        long dev = (259L & 0xfff) << 8 | (259L & ~0xfffL) << 32 | (1048577L & 0xff) | (1048577L & ~0xffL) << 12;
        assertThat(ContainerDevices.major(dev)).isEqualTo(259);
        assertThat(ContainerDevices.minor(dev)).isEqualTo(1048577);
    }

    @Test
    void hostPathFromTheHostMountTable() {
        List<MountInfo.Mount> host = List.of(new MountInfo.Mount(259, 1, "/", "/mnt/fast", false, "ext4"),
                new MountInfo.Mount(259, 1, "/kubelet", "/var/lib/kubelet", false, "ext4"),
                new MountInfo.Mount(8, 1, "/", "/", false, "ext4"));
        assertThat(ContainerDevices.hostPathOf(new MountInfo.Mount(259, 1, "/kubelet/x", "/x", false, "ext4"), host))
                .isEqualTo("/var/lib/kubelet/x");
        assertThat(ContainerDevices.hostPathOf(new MountInfo.Mount(259, 1, "/kubeletx", "/x", false, "ext4"), host))
                .isEqualTo("/mnt/fast/kubeletx");
        assertThat(ContainerDevices.hostPathOf(new MountInfo.Mount(8, 1, "/srv", "/x", false, "ext4"), host))
                .isEqualTo("/srv");
        assertThat(ContainerDevices.hostPathOf(new MountInfo.Mount(259, 1, "/kubelet", "/x", false, "ext4"), host))
                .isEqualTo("/var/lib/kubelet");
        assertThat(ContainerDevices.hostPathOf(new MountInfo.Mount(7, 7, "/a", "/x", false, "ext4"), host))
                .isEqualTo("/a");
    }
}
