package io.numaagent.runner.host;

import io.numaagent.api.snapshot.TaskDevice;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The devices one container uses, read through its first process, each with the topology hints sysfs
 * gives for it ({@link SysfsDeviceHints}):
 * <ul>
 *   <li>mounts, from {@code /proc/PID/mountinfo}: a filesystem on a block device (its
 *       {@code major:minor}, as the reference takes a mount's host path to the device it resides on),
 *       and sysfs bind mounts of a device directory (root under {@code /devices/});</li>
 *   <li>device nodes, the character and block devices under {@code /proc/PID/root/dev} (symbolic
 *       links there are not followed: they would resolve in the agent's own namespace).</li>
 * </ul>
 * A mount's host path comes from the host's mount table ({@code /proc/1/mountinfo}): the mount point
 * there of the same filesystem whose root holds the container's mount root.
 *
 * <p>What cannot be read (the process gone, a device without {@code /sys/dev} link, an unreadable
 * sysfs file) is skipped and counted, never fatal: a device without a hint only loses its hint.
 */
public final class ContainerDevices {

    /** How deep the walk under the container's {@code /dev} goes ({@code /dev/dri/by-path/x} is 3). */
    static final int DEV_DEPTH = 4;
    /** At most this many device nodes per container: a hostile /dev costs its tail, not the cycle. */
    static final int MAX_DEVICE_NODES = 4096;

    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    /** A device node: its type ({@code char} or {@code block}), numbers and path in the container. */
    public record DeviceNode(String type, int major, int minor, String containerPath) {
    }

    /** Lists the device nodes under a directory: the real one stats files; tests give fixed numbers. */
    @FunctionalInterface
    public interface DeviceNodeLister {
        List<DeviceNode> list(Path containerDev) throws IOException;
    }

    /** The devices found, and how many could not be resolved (with why, for the log). */
    public record Found(List<TaskDevice> devices, int skipped, List<String> reasons) {
        public Found {
            devices = List.copyOf(devices);
            reasons = List.copyOf(reasons);
        }
    }

    private final HostPaths paths;
    private final SysfsDeviceHints sysfs;
    private final DeviceNodeLister nodes;

    public ContainerDevices(HostPaths paths) {
        this(paths, ContainerDevices::deviceNodes);
    }

    public ContainerDevices(HostPaths paths, DeviceNodeLister nodes) {
        this.paths = paths;
        this.sysfs = new SysfsDeviceHints(paths);
        this.nodes = nodes;
    }

    /** The devices of the container in {@code cgroupPath} whose first process is {@code pid}. */
    public Found read(String cgroupPath, int pid) {
        List<TaskDevice> out = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Map<String, Map<String, SysfsDeviceHints.Hint>> byDevice = new HashMap<>();
        Path mountinfo = paths.proc(pid + "/mountinfo");
        List<String> bad = new ArrayList<>();
        List<MountInfo.Mount> mounts = List.of();
        try {
            mounts = MountInfo.parse(HostFiles.lines(HostFiles.readText(mountinfo)), bad);
        } catch (IOException e) {
            reasons.add(mountinfo + ": " + e.getMessage());
        }
        bad.forEach(b -> reasons.add(mountinfo + " " + b));
        List<MountInfo.Mount> hostMounts = null;
        for (MountInfo.Mount m : mounts) {
            String devicePath;
            String hostPath;
            try {
                if (m.fsType().equals("sysfs") && m.root().startsWith("/devices/")) {
                    devicePath = "/sys" + m.root();
                    hostPath = devicePath;
                } else if (m.major() != 0) {
                    Optional<String> dev = sysfs.deviceOf("block", m.major(), m.minor());
                    if (dev.isEmpty()) {
                        reasons.add(m.mountPoint() + ": no /sys/dev/block/" + m.major() + ":" + m.minor());
                        continue;
                    }
                    devicePath = dev.get();
                    if (hostMounts == null) {
                        hostMounts = hostMounts(reasons);
                    }
                    hostPath = hostPathOf(m, hostMounts);
                } else {
                    continue; // a virtual filesystem: overlay, tmpfs, proc, ... (no device, as in the reference)
                }
                add(out, byDevice, TaskDevice.Kind.MOUNT, cgroupPath, m.mountPoint(), hostPath, m.readOnly(),
                        devicePath);
            } catch (IOException | RuntimeException e) {
                reasons.add(m.mountPoint() + ": " + e.getMessage());
            }
        }
        Path dev = paths.proc(pid + "/root/dev");
        List<DeviceNode> found = List.of();
        try {
            found = nodes.list(dev);
        } catch (IOException e) {
            reasons.add(dev + ": " + e.getMessage());
        }
        for (DeviceNode n : found) {
            try {
                Optional<String> d = sysfs.deviceOf(n.type(), n.major(), n.minor());
                if (d.isEmpty()) {
                    reasons.add(n.containerPath() + ": no /sys/dev/" + n.type() + "/" + n.major() + ":" + n.minor());
                    continue;
                }
                add(out, byDevice, TaskDevice.Kind.DEVICE, cgroupPath, n.containerPath(), n.containerPath(), false,
                        d.get());
            } catch (IOException | RuntimeException e) {
                reasons.add(n.containerPath() + ": " + e.getMessage());
            }
        }
        return new Found(out, reasons.size(), reasons);
    }

    private void add(List<TaskDevice> out, Map<String, Map<String, SysfsDeviceHints.Hint>> byDevice,
                     TaskDevice.Kind kind, String cgroupPath, String containerPath, String hostPath, boolean readOnly,
                     String devicePath) throws IOException {
        Map<String, SysfsDeviceHints.Hint> hints = byDevice.get(devicePath);
        if (hints == null) {
            hints = sysfs.hintsOf(devicePath);
            byDevice.put(devicePath, hints);
        }
        for (SysfsDeviceHints.Hint h : hints.values()) {
            out.add(new TaskDevice(kind, cgroupPath, containerPath, hostPath, readOnly, devicePath, h.provider(),
                    h.cpus(), h.numaNodes(), h.sockets()));
        }
    }

    private List<MountInfo.Mount> hostMounts(List<String> reasons) {
        Path file = paths.proc("1/mountinfo");
        try {
            List<String> bad = new ArrayList<>();
            List<MountInfo.Mount> out = MountInfo.parse(HostFiles.lines(HostFiles.readText(file)), bad);
            bad.forEach(b -> reasons.add(file + " " + b));
            return out;
        } catch (IOException e) {
            reasons.add(file + ": " + e.getMessage());
            return List.of();
        }
    }

    /**
     * The host path of a container's mount: the host mount of the same device whose root is the
     * longest prefix of the container mount's root, joined with the rest; the mount's root within its
     * filesystem when the host has no such mount.
     */
    static String hostPathOf(MountInfo.Mount m, List<MountInfo.Mount> host) {
        MountInfo.Mount best = null;
        for (MountInfo.Mount h : host) {
            if (h.major() == m.major() && h.minor() == m.minor() && under(m.root(), h.root())
                    && (best == null || h.root().length() > best.root().length())) {
                best = h;
            }
        }
        if (best == null) {
            return m.root();
        }
        String rest = best.root().equals("/") ? m.root() : m.root().substring(best.root().length());
        String base = best.mountPoint().equals("/") ? "" : best.mountPoint();
        return rest.equals("/") ? (base.isEmpty() ? "/" : base) : base + rest;
    }

    private static boolean under(String path, String dir) {
        return dir.equals("/") || path.equals(dir) || path.startsWith(dir + "/");
    }

    /** The character and block device nodes under a container's /dev, by their file mode and rdev. */
    static List<DeviceNode> deviceNodes(Path containerDev) throws IOException {
        List<DeviceNode> out = new ArrayList<>();
        walk(containerDev, "/dev", 1, out);
        return out;
    }

    private static void walk(Path dir, String inContainer, int depth, List<DeviceNode> out) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(entries::add);
        }
        entries.sort(null);
        for (Path p : entries) {
            if (out.size() >= MAX_DEVICE_NODES) {
                return;
            }
            String name = inContainer + "/" + p.getFileName();
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                if (depth < DEV_DEPTH) {
                    try {
                        walk(p, name, depth + 1, out);
                    } catch (IOException e) {
                        // an unreadable subdirectory (pts of another namespace, ...) has no devices for us
                    }
                }
                continue;
            }
            int mode;
            long rdev;
            try {
                mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | UnsupportedOperationException e) {
                continue;
            }
            int type = mode & S_IFMT;
            if (type == S_IFCHR || type == S_IFBLK) {
                out.add(new DeviceNode(type == S_IFCHR ? "char" : "block", major(rdev), minor(rdev), name));
            }
        }
    }

    /** glibc's {@code major()} of a dev_t. */
    static int major(long dev) {
        return (int) (((dev & 0xfff00L) >>> 8) | ((dev & 0xfffff00000000000L) >>> 32));
    }

    /** glibc's {@code minor()} of a dev_t. */
    static int minor(long dev) {
        return (int) ((dev & 0xffL) | ((dev & 0xffffff00000L) >>> 12));
    }
}
