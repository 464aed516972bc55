package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.plugins.topologyaware.pools.Pool;
import io.numaagent.plugins.topologyaware.pools.PoolTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores every pool for a request and sorts them, best first, by the reference's comparison order:
 * (1) insufficient isolated, shared or reserved capacity loses; (2) higher affinity; (3) topology hints:
 * the higher product of the hint scores ({@link HintScores}), when both are 0 the higher product of the
 * non-zero ones, on a tie that is not all zero the deeper pool, then the lower id; (4) memory offer: an offer beats none, a zone of exactly the requested kinds
 * wins, with memory burstability the zone that holds the limit (or the larger one) wins; (5)
 * Burstable CPU: with a limit the pool whose shared capacity holds it, without one
 * the pool at the {@code unlimitedBurstable} level (then more capacity), else the one below it;
 * (6) the tighter memory zone; (7) memory kinds present; (8) CPU classes (not supported); (9) CPU
 * priority capacity (low, high); (10) the deeper pool; then for
 * reserved requests more reserved capacity per colocated container, for normal ones more isolated
 * capacity (isolating requests), normal-priority capacity, more sliceable capacity (exclusive
 * requests), fewer colocated containers, more shared capacity; finally the lower id.
 */
final class PoolRanking {

    private static final double AFFINITY_DECAY = 0.75;

    private final PoolTree tree;
    private final Allocator allocator;
    private final int[] existingLevels;
    private final HintScores hintScores;

    PoolRanking(PoolTree tree, Allocator allocator) {
        this.tree = tree;
        this.allocator = allocator;
        this.hintScores = new HintScores(tree.platform());
        this.existingLevels = tree.pools().stream().mapToInt(p -> p.kind().levelValue()).distinct().sorted().toArray();
    }

    /** Every pool, best first. */
    List<PoolScore> rank(Request req) {
        double[] affinity = affinities(req);
        List<PoolScore> scores = new ArrayList<>();
        for (Pool p : tree.pools()) {
            scores.add(score(p, req, affinity));
        }
        hints = req.hints().isEmpty() ? null : hintScores(req);
        int target = existingLevel(req.burstableLevel());
        // insertion sort: the reference's comparison is not guaranteed transitive, which List.sort may reject
        for (int i = 1; i < scores.size(); i++) {
            PoolScore s = scores.get(i);
            int j = i;
            while (j > 0 && compare(req, s, scores.get(j - 1), target) < 0) {
                scores.set(j, scores.get(j - 1));
                j--;
            }
            scores.set(j, s);
        }
        return scores;
    }

    PoolScore score(Pool pool, Request req, double[] affinity) {
        int full = req.full();
        int part = req.fraction();
        if (full == 0 && part == 0) {
            part = 1;
        }
        int reserved = pool.allocatableReservedCpu();
        int shared = pool.allocatableSharedCpu();
        int isolated = 0;
        int[] prio = new int[3];
        if (req.cpuType() == CpuType.RESERVED) {
            reserved -= part;
        } else {
            if (req.isolate()) {
                isolated = pool.freeIsolated().size() - full;
            }
            if (!req.isolate() || isolated < 0) {
                shared -= 1000 * full;
            }
            shared -= part;
            if (req.priority() != CpuPriority.NONE) { // only compared for a preferred priority
                for (CpuPriority p : List.of(CpuPriority.HIGH, CpuPriority.NORMAL, CpuPriority.LOW)) {
                    prio[p.ordinal()] = 1000 * allocator.picker().scoredPriorityCpus(p).intersection(pool.freeSharable())
                            .size() - (1000 * full + part);
                }
            }
        }
        Pool memPool = req.memoryPreserve() ? tree.root() : pool;
        NodeSet offer = null;
        if (req.hints().pickResources() && !req.memoryPreserve()) { // pick-resources-by-hints: from the hints' nodes
            NodeSet zone = allocator.hintPick().memoryZone(req.hints().fromPodResources(),
                    memPool.memset(req.memTypes()), req.memTypes());
            offer = zone == null ? null : allocator.zones().offer(zone, req.memTypes(), req.memAmount());
        }
        if (offer == null) {
            offer = allocator.zones().offer(memPool.memset(req.memTypes()), req.memTypes(), req.memAmount());
        }
        return new PoolScore(pool, isolated, reserved, shared, prio, allocator.colocated(pool, req.cpuType()), offer,
                affinity == null ? 0 : affinityScore(pool, affinity));
    }

    /** {combined, filtered} hint score per pool id of this ranking; null when the request has no hints. */
    private double[][] hints;

    private double[][] hintScores(Request req) {
        Map<String, TopologyHint> byProvider = new java.util.LinkedHashMap<>();
        req.hints().hints().forEach(h -> byProvider.put(h.provider(), h));
        double[][] out = new double[tree.pools().size()][];
        for (Pool p : tree.pools()) {
            out[p.id()] = HintScores.combine(byProvider.values().stream().map(h -> hintScores.score(p, h)).toList());
        }
        return out;
    }

    /** Criterion 3: the better hint score wins; a tie that is not all zero goes to the deeper pool, then the lower id. */
    private int compareHints(Pool n1, Pool n2) {
        double[] h1 = hints[n1.id()];
        double[] h2 = hints[n2.id()];
        int c = Double.compare(h2[0], h1[0]);
        if (c != 0) {
            return c;
        }
        if (h1[0] == 0) {
            c = Double.compare(h2[1], h1[1]);
            if (c != 0) {
                return c;
            }
        }
        if (h1[0] != 0 || h1[1] != 0) {
            return n1.depth() != n2.depth() ? Integer.compare(n2.depth(), n1.depth()) : byId(n1, n2);
        }
        return 0;
    }

    /** Affinity weight per pool id: the weights towards containers granted there; null when there are none. */
    private double[] affinities(Request req) {
        if (req.affinity().isEmpty()) {
            return null;
        }
        double[] a = new double[tree.pools().size()];
        boolean any = false;
        for (Map.Entry<String, Integer> e : req.affinity().entrySet()) {
            Grant g = allocator.grant(e.getKey());
            if (g != null && !e.getKey().equals(req.id())) {
                a[g.pool().id()] += e.getValue();
                any = true;
            }
        }
        return any ? a : null;
    }

    /** Sum over ancestors and the subtree of A(x) × 0.75^(links to x). */
    static double affinityScore(Pool pool, double[] a) {
        double score = 0;
        double q = AFFINITY_DECAY;
        for (Pool p = pool.parent(); p != null; p = p.parent(), q *= AFFINITY_DECAY) {
            score += q * a[p.id()];
        }
        for (Pool x : pool.subtree()) {
            score += Math.pow(AFFINITY_DECAY, x.depth() - pool.depth()) * a[x.id()];
        }
        return score;
    }

    /** The existing topology level nearest to the wanted one, looking towards the root first. */
    private int existingLevel(int wanted) {
        int best = -1;
        for (int l : existingLevels) {
            if (l <= wanted) {
                best = l;
            }
        }
        return best >= 0 ? best : existingLevels[0];
    }

    private int compare(Request req, PoolScore s1, PoolScore s2, int target) {
        Pool n1 = s1.pool();
        Pool n2 = s2.pool();
        CpuType type = req.cpuType();
        // 1. insufficient capacity loses
        if (type == CpuType.NORMAL) {
            if ((s2.isolated() < 0 && s1.isolated() >= 0) || (s2.shared() < 0 && s1.shared() >= 0)) {
                return -1;
            }
            if ((s1.isolated() < 0 && s2.isolated() >= 0) || (s1.shared() < 0 && s2.shared() >= 0)) {
                return 1;
            }
        } else if (type == CpuType.RESERVED) {
            if (s2.reserved() < 0 && s1.reserved() >= 0) {
                return -1;
            }
            if (s1.reserved() < 0 && s2.reserved() >= 0) {
                return 1;
            }
        }
        // 2. affinity
        int c = Double.compare(s2.affinity(), s1.affinity());
        if (c != 0) {
            return c;
        }
        // 3. topology hints
        if (hints != null) {
            c = compareHints(n1, n2);
            if (c != 0) {
                return c;
            }
        }
        // 4. memory offer
        c = compareOffers(req, s1, s2);
        if (c != 0) {
            return c;
        }
        // 5. burstable CPU
        if (req.qos() == QosClass.BURSTABLE) {
            c = compareBurstable(req, n1, n2, target);
            if (c != 0) {
                return c;
            }
        }
        // 6. the tighter memory offer
        if (s1.offer() != null && s2.offer() != null && s1.offer().size() != s2.offer().size()) {
            return Integer.compare(s1.offer().size(), s2.offer().size());
        }
        // 7. memory kinds
        if (!req.memoryPreserve() && req.memTypes() != 0) {
            boolean h1 = n1.hasMemoryTypes(req.memTypes());
            boolean h2 = n2.hasMemoryTypes(req.memTypes());
            if (h1 != h2) {
                return h1 ? -1 : 1;
            }
        }
        // 9. low/high CPU priority capacity (8, CPU classes, is not supported)
        if (req.priority() == CpuPriority.LOW || req.priority() == CpuPriority.HIGH) {
            c = comparePriority(s1.priority(req.priority()), s2.priority(req.priority()));
            if (c != 0) {
                return c;
            }
        }
        // 10. the deeper pool
        if (n1.depth() != n2.depth()) {
            return n1.depth() > n2.depth() ? -1 : 1;
        }
        if (type == CpuType.RESERVED) {
            int r1 = s1.reserved() / (s1.colocated() + 1);
            int r2 = s2.reserved() / (s2.colocated() + 1);
            if (r1 != r2) {
                return r1 > r2 ? -1 : 1;
            }
        } else if (type == CpuType.NORMAL) {
            if (req.isolate() && (s1.isolated() > 0 || s2.isolated() > 0)) {
                return s1.isolated() != s2.isolated() ? Integer.compare(s2.isolated(), s1.isolated()) : byId(n1, n2);
            }
            if (req.priority() == CpuPriority.NORMAL) {
                c = comparePriority(s1.priority(CpuPriority.NORMAL), s2.priority(CpuPriority.NORMAL));
                if (c != 0) {
                    return c;
                }
            }
            if (req.full() > 0 && (s1.shared() > 0 || s2.shared() > 0)) {
                return s1.shared() != s2.shared() ? Integer.compare(s2.shared(), s1.shared()) : byId(n1, n2);
            }
            if (s1.colocated() != s2.colocated()) {
                return Integer.compare(s1.colocated(), s2.colocated());
            }
            if (s1.shared() != s2.shared()) {
                return Integer.compare(s2.shared(), s1.shared());
            }
        }
        return byId(n1, n2);
    }

    private static int byId(Pool a, Pool b) {
        return Integer.compare(a.id(), b.id());
    }

    /** Only one has enough capacity of the priority: it wins. */
    private static int comparePriority(int p1, int p2) {
        if (p1 == p2) {
            return 0;
        }
        if (p1 >= 0 && p2 < 0) {
            return -1;
        }
        return p1 < 0 && p2 >= 0 ? 1 : 0;
    }

    private int compareOffers(Request req, PoolScore s1, PoolScore s2) {
        NodeSet o1 = s1.offer();
        NodeSet o2 = s2.offer();
        if (o1 == null || o2 == null) {
            return o1 == o2 ? 0 : o1 != null ? -1 : 1;
        }
        int types = req.memTypes();
        int t1 = tree.memory().typesOf(o1);
        int t2 = tree.memory().typesOf(o2);
        if ((t1 == types) != (t2 == types)) {
            return t1 == types ? -1 : 1;
        }
        long lim = req.memLimit();
        if (req.memAmount() != lim) {
            long cap1 = allocator.zones().capacity(s1.pool().memset(types));
            long cap2 = allocator.zones().capacity(s2.pool().memset(types));
            if ((lim != 0 && cap1 >= lim && cap2 < lim) || (lim == 0 && cap1 > cap2)) {
                return -1;
            }
            if ((lim != 0 && cap1 < lim && cap2 >= lim) || (lim == 0 && cap2 > cap1)) {
                return 1;
            }
        }
        return 0;
    }

    private static int compareBurstable(Request req, Pool n1, Pool n2, int target) {
        if (req.limit() != Integer.MAX_VALUE) {
            boolean f1 = n1.allocatableSharedCpu() - req.limit() >= 0;
            boolean f2 = n2.allocatableSharedCpu() - req.limit() >= 0;
            return f1 == f2 ? 0 : f1 ? -1 : 1;
        }
        int l1 = n1.kind().levelValue();
        int l2 = n2.kind().levelValue();
        if (l1 == target && l2 == target) {
            int c1 = n1.allocatableSharedCpu();
            int c2 = n2.allocatableSharedCpu();
            return c1 != c2 ? Integer.compare(c2, c1) : byId(n1, n2);
        }
        if (l1 == target || l2 == target) {
            return l1 == target ? -1 : 1;
        }
        if (l1 > target && l2 < target) {
            return -1;
        }
        if (l2 > target && l1 < target) {
            return 1;
        }
        return byId(n1, n2);
    }
}
