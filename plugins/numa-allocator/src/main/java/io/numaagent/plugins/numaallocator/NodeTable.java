package io.numaagent.plugins.numaallocator;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Step 1 of {@code decide()}: the platform's nodes as arrays by position, ascending node id. Every later
 * step keeps its per-node figures in arrays indexed the same way, so the lowest position is the lowest
 * node id, which is how WCA breaks every tie.
 */
final class NodeTable {

    final int[] ids;
    final long[] freeBytes;
    /** Nodes with CPUs: the only possible pin targets (CPU-less CXL or PMEM nodes are not). */
    final boolean[] candidate;
    final CpuSet[] cpus;
    /** Free plus used bytes of every node: the bound on a measured task size. */
    final long totalMemory;
    /** Size of the pages counted in "pages to move" and in migration reasons. */
    final long pageBytes;
    /** Position of the node with CPUs that holds each CPU id, -1 for none. */
    private final int[] positionByCpu;

    private NodeTable(List<NumaNode> platformNodes, long pageBytes) {
        List<NumaNode> nodes = new ArrayList<>(platformNodes);
        nodes.sort(Comparator.comparingInt(NumaNode::id));
        int n = nodes.size();
        ids = new int[n];
        freeBytes = new long[n];
        candidate = new boolean[n];
        cpus = new CpuSet[n];
        long total = 0;
        int maxCpu = -1;
        for (NumaNode node : nodes) {
            maxCpu = Math.max(maxCpu, node.cpus().isEmpty() ? -1 : node.cpus().stream().max().getAsInt());
        }
        positionByCpu = new int[maxCpu + 1];
        Arrays.fill(positionByCpu, -1);
        for (int i = 0; i < n; i++) {
            NumaNode node = nodes.get(i);
            ids[i] = node.id();
            freeBytes[i] = node.memFreeBytes();
            candidate[i] = node.hasCpus();
            cpus[i] = node.cpus();
            total += node.memFreeBytes() + node.memUsedBytes();
            for (int c : node.cpus().toArray()) {
                if (positionByCpu[c] < 0) {
                    positionByCpu[c] = i;
                }
            }
        }
        totalMemory = total;
        this.pageBytes = pageBytes;
    }

    static NodeTable of(Platform platform) {
        return new NodeTable(platform.nodes(), pageBytes(platform));
    }

    /** The kernel's base page size (WCA assumes 4 KiB throughout; we count in the machine's pages). */
    static long pageBytes(Platform platform) {
        return platform.pageSizeBytes();
    }

    int size() {
        return ids.length;
    }

    /** The position of the node whose CPUs are exactly {@code cpus}, else -1 (a subset of a node, or several nodes). */
    int positionWithCpus(CpuSet cpus) {
        if (cpus.isEmpty()) {
            return -1;
        }
        int first = cpus.first();
        if (first >= positionByCpu.length) {
            return -1;
        }
        int p = positionByCpu[first];
        return p >= 0 && this.cpus[p].equals(cpus) ? p : -1;
    }

    /** The position of node {@code nodeId}, else -1 (the node is gone). */
    int positionOf(int nodeId) {
        int p = Arrays.binarySearch(ids, nodeId);
        return p >= 0 ? p : -1;
    }
}
