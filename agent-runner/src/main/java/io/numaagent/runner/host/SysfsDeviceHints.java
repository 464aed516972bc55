package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A device's topology hints from sysfs, by the reference's rules (nri-plugins {@code pkg/topology}):
 * a device number is {@code /sys/dev/{char,block}/M:m}, whose link leads to the device; from there up
 * through {@code /sys/devices/} the first directory with a {@code local_cpulist} or a
 * {@code numa_node} other than -1 gives the hint (its provider is that directory). A {@code numa_node}
 * without a CPU list takes the parents' hints, and without those becomes a socket hint (firmware
 * that reports the socket there). A RAID device adds the hints of its {@code slaves/}, a VFIO group
 * those of its IOMMU group's devices; the first hint of a provider counts.
 *
 * <p>Paths are given and returned as on the host ({@code /sys/...}); files are read under the
 * injected sysfs root.
 */
public final class SysfsDeviceHints {

    /** A hint: the directory that gave it, and its CPU, NUMA node and socket lists. */
    public record Hint(String provider, CpuSet cpus, NodeSet numaNodes, List<Integer> sockets) {
    }

    /** How deep RAID members, VFIO groups and parents are followed: a link cycle in sysfs ends here. */
    static final int MAX_DEPTH = 16;

    private final Path root;

    public SysfsDeviceHints(HostPaths paths) {
        Path r = paths.sysfs();
        try {
            r = r.toRealPath();
        } catch (IOException e) {
            r = r.toAbsolutePath().normalize();
        }
        this.root = r;
    }

    /**
     * The sysfs path of a device node's device ({@code block} or {@code char}): where
     * {@code /sys/dev/<type>/<major>:<minor>} leads; empty when the link is missing.
     */
    public Optional<String> deviceOf(String type, int major, int minor) throws IOException {
        return realHostPath("/sys/dev/" + type + "/" + major + ":" + minor);
    }

    /** The hints of a device given by its sysfs path; empty when it has none. Unreadable files throw. */
    public Map<String, Hint> hintsOf(String devicePath) throws IOException {
        return hintsOf(devicePath, 0);
    }

    private Map<String, Hint> hintsOf(String devicePath, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException(devicePath + ": devices related more than " + MAX_DEPTH + " deep (a link cycle?)");
        }
        Map<String, Hint> hints = new LinkedHashMap<>();
        Optional<String> real = realHostPath(devicePath);
        if (real.isEmpty()) {
            throw new NoSuchFileException(devicePath);
        }
        String dev = real.get();
        for (String p = dev; p.startsWith("/sys/devices/"); p = parent(p)) {
            Optional<Hint> h = hintAt(p, depth);
            if (h.isPresent()) {
                hints.put(h.get().provider(), h.get());
                break;
            }
        }
        List<String> related = new ArrayList<>(list(dev + "/slaves"));
        if (dev.startsWith("/sys/devices/virtual/vfio/") && dev.indexOf('/', "/sys/devices/virtual/vfio/".length()) < 0) {
            String group = dev.substring("/sys/devices/virtual/vfio/".length());
            for (String member : list("/sys/kernel/iommu_groups/" + group + "/devices")) {
                realHostPath(member).ifPresent(related::add);
            }
        }
        for (String r : related) {
            hintsOf(r, depth + 1).forEach(hints::putIfAbsent);
        }
        return hints;
    }

    /** The hint of one directory (no walk up), if it has one. */
    private Optional<Hint> hintAt(String dir, int depth) throws IOException {
        String cpus = read(dir + "/local_cpulist");
        String numas = read(dir + "/numa_node");
        if (numas.equals("-1")) { // a device or a system without NUMA
            numas = "";
        }
        String sockets = "";
        if (!numas.isEmpty() && cpus.isEmpty()) {
            Set<String> parentCpus = new LinkedHashSet<>();
            Set<String> parentNumas = new LinkedHashSet<>();
            try {
                for (Hint h : hintsOf(parent(dir), depth + 1).values()) {
                    if (!h.cpus().isEmpty()) {
                        parentCpus.add(h.cpus().toString());
                    }
                    if (!h.numaNodes().isEmpty()) {
                        parentNumas.add(h.numaNodes().toString());
                    }
                }
            } catch (IOException e) {
                // as in the reference: without the parents' hints the node id stands as a socket id
            }
            if (!parentCpus.isEmpty()) {
                cpus = String.join(",", parentCpus);
            }
            if (!parentNumas.isEmpty()) {
                numas = String.join(",", parentNumas);
            }
            if (cpus.isEmpty()) {
                sockets = numas;
                numas = "";
            }
        }
        if (cpus.isEmpty() && numas.isEmpty() && sockets.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<Integer> socketIds = new ArrayList<>();
            NodeSet.parse(sockets).stream().forEach(socketIds::add);
            return Optional.of(new Hint(dir, CpuSet.parse(cpus), NodeSet.parse(numas), socketIds));
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": local_cpulist '" + cpus + "' or numa_node '" + numas
                    + "' is not a list: " + e.getMessage(), e);
        }
    }

    /** A file's text, stripped; "" when it does not exist. */
    private String read(String hostPath) throws IOException {
        try {
            return HostFiles.readBounded(onDisk(hostPath), 4096).strip();
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private List<String> list(String hostDir) throws IOException {
        Path dir = onDisk(hostDir);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(hostDir + "/" + p.getFileName());
            }
        }
        out.sort(null);
        return out;
    }

    /** Where a link under sysfs leads, as a host path; empty when it does not exist. */
    private Optional<String> realHostPath(String hostPath) throws IOException {
        Path real;
        try {
            real = onDisk(hostPath).toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!real.startsWith(root)) {
            throw new IOException(hostPath + " leads out of sysfs, to " + real);
        }
        String rel = root.relativize(real).toString();
        return Optional.of(rel.isEmpty() ? "/sys" : "/sys/" + rel);
    }

    private Path onDisk(String hostPath) {
        if (!hostPath.startsWith("/sys/") && !hostPath.equals("/sys")) {
            throw new IllegalArgumentException("not a sysfs path: " + hostPath);
        }
        String rel = hostPath.substring("/sys".length());
        return rel.isEmpty() || rel.equals("/") ? root : root.resolve(rel.substring(1));
    }

    private static String parent(String p) {
        int at = p.lastIndexOf('/');
        return at <= 0 ? "/" : p.substring(0, at);
    }
}
