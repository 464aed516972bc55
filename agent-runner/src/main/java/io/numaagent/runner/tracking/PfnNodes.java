package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.runner.host.HostDirectories;
import io.numaagent.runner.host.HostPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which NUMA node a page frame belongs to, from the PFNs pagemap shows: the node's memory blocks
 * ({@code /sys/devices/system/node/nodeN/memoryM} with {@code /sys/devices/system/memory/block_size_bytes})
 * where memory hotplug is built, else the zone spans of {@code /proc/zoneinfo} ({@code start_pfn},
 * {@code spanned}). Looked up for every present page, so kept as sorted intervals with the last hit cached.
 * Why not {@code move_pages} status queries: a scan already has each page's PFN, the lookup costs no system
 * call, and it works on fixture trees.
 */
final class PfnNodes {

    /** Sorted, non-overlapping [start, end) PFN intervals and their nodes. */
    private final long[] starts;
    private final long[] ends;
    private final int[] nodes;
    private int last;

    private PfnNodes(List<long[]> intervals) {
        intervals.sort((a, b) -> Long.compare(a[0], b[0]));
        starts = new long[intervals.size()];
        ends = new long[intervals.size()];
        nodes = new int[intervals.size()];
        for (int i = 0; i < intervals.size(); i++) {
            starts[i] = intervals.get(i)[0];
            ends[i] = intervals.get(i)[1];
            nodes[i] = (int) intervals.get(i)[2];
        }
    }

    /** Empty when neither source exists (then every node is unknown). */
    static PfnNodes read(HostPaths paths, long pageSize) {
        List<long[]> blocks = memoryBlocks(paths, pageSize);
        return new PfnNodes(blocks.isEmpty() ? zoneSpans(paths.proc("zoneinfo")) : blocks);
    }

    /** The node of {@code pfn}, or {@link RangeCounter#NODE_UNKNOWN}. */
    int node(long pfn) {
        int i = interval(pfn);
        return i < 0 ? RangeCounter.NODE_UNKNOWN : nodes[i];
    }

    /** The index of the interval holding {@code pfn}, or -1 (PFN 0 is never placed: pagemap's PFN without CAP_SYS_ADMIN). */
    int interval(long pfn) {
        if (starts.length == 0 || pfn == 0) {
            return -1;
        }
        if (pfn >= starts[last] && pfn < ends[last]) {
            return last;
        }
        int i = Arrays.binarySearch(starts, pfn);
        i = i >= 0 ? i : -i - 2;
        if (i < 0 || pfn >= ends[i]) {
            return -1;
        }
        last = i;
        return i;
    }

    long start(int interval) {
        return starts[interval];
    }

    long end(int interval) {
        return ends[interval];
    }

    int nodeAt(int interval) {
        return nodes[interval];
    }

    boolean isEmpty() {
        return starts.length == 0;
    }

    private static List<long[]> memoryBlocks(HostPaths paths, long pageSize) {
        List<long[]> out = new ArrayList<>();
        Path size = paths.sys("devices/system/memory/block_size_bytes");
        long pfnsPerBlock;
        try {
            pfnsPerBlock = Long.parseUnsignedLong(Files.readString(size).strip().toLowerCase(Locale.ROOT)
                    .replaceFirst("^0x", ""), 16) / pageSize;
        } catch (IOException | NumberFormatException e) {
            return out;
        }
        Path nodeDir = paths.sys("devices/system/node");
        for (int node : HostDirectories.numberedEntries(nodeDir, "node")) {
            for (int block : HostDirectories.numberedEntries(nodeDir.resolve("node" + node), "memory")) {
                out.add(new long[] {block * pfnsPerBlock, (block + 1L) * pfnsPerBlock, node});
            }
        }
        return out;
    }

    /** Zone spans; a zone with no pages (spanned 0) is left out. */
    static List<long[]> zoneSpans(Path zoneinfo) {
        List<long[]> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(zoneinfo);
        } catch (IOException e) {
            return out;
        }
        int node = -1;
        long spanned = 0;
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("Node ")) {
                node = Integer.parseInt(t.substring(5, t.indexOf(',')));
                spanned = 0;
            } else if (t.startsWith("spanned")) {
                spanned = Long.parseLong(t.substring("spanned".length()).strip());
            } else if (t.startsWith("start_pfn:") && node >= 0 && spanned > 0) {
                long start = Long.parseLong(t.substring("start_pfn:".length()).strip());
                out.add(new long[] {start, start + spanned, node});
            }
        }
        return out;
    }
}
