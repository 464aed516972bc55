package io.numaagent.runner.tracking;

import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.ProcMaps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The address ranges a tracker scans, as memtierd's {@code procMaps} chooses them: the mappings of
 * {@code /proc/PID/maps} whose {@code /proc/PID/numa_maps} line says {@code heap} or {@code anon=}
 * (anonymous memory with resident pages; file mappings are left out), without single-page mappings,
 * split into regions of at most {@code pagesInRegion} pages.
 */
final class AnonRegions {

    private AnonRegions() {
    }

    /**
     * (start, pages) of the anonymous mappings of {@code pid}.
     *
     * @throws java.nio.file.NoSuchFileException when the process is gone
     */
    static List<long[]> mappings(HostPaths paths, int pid, long pageSize) throws IOException {
        Set<Long> anon = anonStarts(paths.proc(pid + "/numa_maps"));
        List<long[]> out = new ArrayList<>();
        for (ProcMaps.Mapping m : ProcMaps.read(paths.procfs(), pid)) {
            long pages = (m.end() - m.start()) / pageSize;
            if (pages > 1 && anon.contains(m.start())) {
                out.add(new long[] {m.start(), pages});
            }
        }
        return out;
    }

    /** The mappings split into regions of at most {@code pagesInRegion} pages. */
    static List<long[]> split(List<long[]> mappings, int pagesInRegion, long pageSize) {
        List<long[]> out = new ArrayList<>();
        for (long[] m : mappings) {
            for (long off = 0; off < m[1]; off += pagesInRegion) {
                out.add(new long[] {m[0] + off * pageSize, Math.min(pagesInRegion, m[1] - off)});
            }
        }
        return out;
    }

    private static Set<Long> anonStarts(Path numaMaps) throws IOException {
        Set<Long> starts = new HashSet<>();
        for (String line : Files.readAllLines(numaMaps)) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            for (int i = 2; i < f.length; i++) {
                if (f[i].equals("heap") || f[i].startsWith("anon=")) {
                    try {
                        starts.add(Long.parseUnsignedLong(f[0], 16));
                    } catch (NumberFormatException e) {
                        throw new IOException(numaMaps + ": cannot parse \"" + line + "\"", e);
                    }
                    break;
                }
            }
        }
        return starts;
    }
}
