package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.plugins.topologyaware.pools.Pool;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * How well a pool fits a topology hint, by the reference's per-kind rules (its node.go and hint.go):
 * a CPU hint scores the share of the hint's CPUs in the pool; a NUMA hint 1 when one of the pool's
 * nodes is named (0.9 of that for a die, socket or L3 pool, 0.81 at the root); a socket hint 1 for the
 * named socket, divided by its NUMA node count for a NUMA node pool (by the die's for a die), 0.9 of
 * the parent's for an L3 pool and 0.9 at the root. A list that does not parse scores 0, as there.
 * Unlike the reference, a die pool's CPU score counts the die's CPUs, not its whole package's (with
 * the package's, both dies of a socket tie on any CPU hint and the lower id wins).
 */
final class HintScores {

    /** The reference's penalty for a pool coarser or finer than the hint. */
    static final double OVERFIT_PENALTY = 0.9;

    private final Map<Integer, Integer> nodeOf = new HashMap<>();
    private final Map<Integer, Integer> socketOf = new HashMap<>();
    private final Map<Integer, CpuSet> socketCpus = new HashMap<>();

    HintScores(Platform platform) {
        Map<Integer, java.util.List<Integer>> bySocket = new HashMap<>();
        for (Cpu c : platform.cpus()) {
            if (c.online()) {
                nodeOf.put(c.id(), c.node());
                socketOf.put(c.id(), c.socket());
                bySocket.computeIfAbsent(c.socket(), s -> new java.util.ArrayList<>()).add(c.id());
            }
        }
        bySocket.forEach((s, cpus) -> socketCpus.put(s, CpuSet.of(cpus)));
    }

    /** The pool's score for one hint. */
    double score(Pool pool, TopologyHint hint) {
        CpuSet cpus = pool.cpus();
        if (!hint.cpus().isEmpty()) {
            return cpuScore(hint, cpus);
        }
        if (!hint.numas().isEmpty()) {
            return switch (pool.kind()) {
                case VIRTUAL_ROOT -> OVERFIT_PENALTY * OVERFIT_PENALTY;
                case NUMA_NODE -> anyListed(hint.numas(), nodes(cpus)) ? 1.0 : 0.0;
                case DIE, SOCKET, L3_CACHE -> anyListed(hint.numas(), nodes(cpus)) ? OVERFIT_PENALTY : 0.0;
            };
        }
        if (!hint.sockets().isEmpty()) {
            int socket = cpus.isEmpty() ? -1 : socketOf.getOrDefault(cpus.first(), -1);
            double s = anyListed(hint.sockets(), java.util.Set.of(socket)) ? 1.0 : 0.0;
            return switch (pool.kind()) {
                case VIRTUAL_ROOT -> OVERFIT_PENALTY;
                case SOCKET -> s;
                case NUMA_NODE -> s / Math.max(1, nodes(socketCpus.getOrDefault(socket, CpuSet.EMPTY)).size());
                case DIE -> s / Math.max(1, nodes(cpus).size());
                case L3_CACHE -> OVERFIT_PENALTY * (pool.parent() == null ? 0.0 : score(pool.parent(), hint));
            };
        }
        return 0.0;
    }

    /** {combined, filtered}: the product of all scores, and of the non-zero ones (0 when none). */
    static double[] combine(Collection<Double> scores) {
        if (scores.isEmpty()) {
            return new double[] {0.0, 0.0};
        }
        double combined = 1.0;
        double filtered = 0.0;
        for (double s : scores) {
            combined *= s;
            if (s != 0.0) {
                filtered = filtered == 0.0 ? s : filtered * s;
            }
        }
        return new double[] {combined, filtered};
    }

    private static double cpuScore(TopologyHint hint, CpuSet cpus) {
        try {
            CpuSet h = CpuSet.parse(hint.cpus());
            return h.isEmpty() ? 0.0 : (double) h.intersection(cpus).size() / h.size();
        } catch (IllegalArgumentException e) {
            return 0.0;
        }
    }

    private java.util.Set<Integer> nodes(CpuSet cpus) {
        TreeSet<Integer> out = new TreeSet<>();
        for (int c : cpus.toArray()) {
            out.add(nodeOf.getOrDefault(c, -1));
        }
        return out;
    }

    /** Whether a comma list of ids names one of {@code ids}; false when an item is not a number. */
    private static boolean anyListed(String list, java.util.Set<Integer> ids) {
        for (String item : list.split(",", -1)) {
            int id;
            try {
                id = Integer.decode(item.strip());
            } catch (NumberFormatException e) {
                return false;
            }
            if (ids.contains(id)) {
                return true;
            }
        }
        return false;
    }
}
