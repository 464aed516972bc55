package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.CpuSet;
import io.numaagent.plugins.topologyaware.alloc.CpuTopology.Cluster;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One allocation of {@code count} CPUs out of a set, in the reference CPU allocator's steps: whole idle
 * packages, whole idle clusters (hybrid machines only), cache groups ({@link CacheGroupTake}), whole
 * idle cores, then single threads. Each step takes what it can and leaves the rest to the next; the
 * allocation fails (empty result) when the threads step too leaves CPUs untaken.
 */
final class CpuTake {

    final CpuTopology topology;
    final CpuPriorities priorities;
    final CpuPriority prefer;
    /** The CPUs still free to take, and those taken. */
    final BitSet from;
    final BitSet result = new BitSet();
    int count;

    CpuTake(CpuTopology topology, CpuPriorities priorities, CpuSet from, int count, CpuPriority prefer) {
        this.topology = topology;
        this.priorities = priorities;
        this.from = from.bits();
        this.count = count;
        this.prefer = prefer;
    }

    /** Runs every step: the allocator's default flags (idle packages, clusters, cache groups, idle cores). */
    CpuSet all() {
        idlePackages();
        if (count > 0 && topology.hybrid) {
            idleClusters();
        }
        if (count > 0) {
            new CacheGroupTake(this).run();
        }
        return coresAndThreads();
    }

    /** Runs only the idle cores and threads steps (how cache groups split one group). */
    CpuSet coresAndThreads() {
        if (count > 0) {
            idleCores();
        }
        if (count > 0) {
            idleThreads();
        }
        return count == 0 ? CpuSet.fromBits(result) : CpuSet.EMPTY;
    }

    void takeAll(CpuSet cpus) {
        cpus.stream().forEach(c -> {
            result.set(c);
            from.clear(c);
        });
        count -= cpus.size();
    }

    boolean allFree(CpuSet cpus) {
        BitSet missing = cpus.bits();
        missing.andNot(from);
        return missing.isEmpty();
    }

    private boolean allFree(int[] cpus) {
        for (int c : cpus) {
            if (!from.get(c)) {
                return false;
            }
        }
        return true;
    }

    CpuSet free(CpuSet cpus) {
        BitSet b = cpus.bits();
        b.and(from);
        return CpuSet.fromBits(b);
    }

    /** Packages whose CPUs of the preferred priority are all free, most preferred first, whole. */
    void idlePackages() {
        List<Integer> idle = new ArrayList<>();
        Map<Integer, CpuSet> usable = new HashMap<>();
        topology.packages.forEach((id, cpus) -> {
            CpuSet set = prefer == CpuPriority.NONE ? cpus : cpus.intersection(priorities.cpus(prefer));
            if (allFree(set)) {
                idle.add(id);
                usable.put(id, set);
            }
        });
        idle.sort((a, b) -> {
            int r = priorities.compare(topology.packages.get(a), topology.packages.get(b), prefer, -1);
            return r != 0 ? -Integer.signum(r) : Integer.compare(a, b);
        });
        for (int id : idle) {
            CpuSet set = usable.get(id);
            if (count >= set.size()) {
                takeAll(set);
                if (count == 0) {
                    return;
                }
            }
        }
    }

    /**
     * Whole free clusters of the requested kind (E-clusters for low priority, P-clusters otherwise),
     * tightest fit first: a cluster that alone holds the request, else one whose die does, else one
     * whose package does (the smaller count first, then lower package, die, cluster ids). Nothing when
     * the best cluster is larger than the request or its package cannot hold it.
     */
    void idleClusters() {
        if (topology.clusters.size() <= 1) {
            return;
        }
        boolean wantEfficient = prefer == CpuPriority.LOW;
        List<Cluster> picked = new ArrayList<>();
        Map<Integer, Integer> perPackage = new HashMap<>();
        Map<Long, Integer> perDie = new HashMap<>();
        for (Cluster c : topology.clusters) {
            if (c.efficient() != wantEfficient || !allFree(c.cpus())) {
                continue;
            }
            picked.add(c);
            perPackage.merge(c.pkg(), c.cpus().size(), Integer::sum);
            perDie.merge(dieKey(c.pkg(), c.die()), c.cpus().size(), Integer::sum);
        }
        if (picked.isEmpty()) {
            return;
        }
        Comparator<Cluster> ids = Comparator.comparingInt(Cluster::pkg).thenComparingInt(Cluster::die)
                .thenComparingInt(Cluster::id);
        picked.sort((a, b) -> {
            int[][] levels = {{a.cpus().size(), b.cpus().size()},
                {perDie.get(dieKey(a.pkg(), a.die())), perDie.get(dieKey(b.pkg(), b.die()))},
                {perPackage.get(a.pkg()), perPackage.get(b.pkg())}};
            for (int[] l : levels) {
                int r = tightestFit(l[0], l[1], count);
                if (r != Integer.MIN_VALUE) {
                    return r != 0 ? r : ids.compare(a, b);
                }
            }
            return 0; // neither fits anywhere: kept in cluster order
        });
        Cluster best = picked.get(0);
        if (best.cpus().size() == count) {
            takeAll(best.cpus());
            return;
        }
        if (best.cpus().size() > count || perPackage.get(best.pkg()) < count) {
            return;
        }
        for (Cluster c : picked) {
            if (count < c.cpus().size()) {
                return;
            }
            takeAll(c.cpus());
            if (count == 0) {
                return;
            }
        }
    }

    static long dieKey(int pkg, int die) {
        return ((long) pkg << 32) | (die & 0xffffffffL);
    }

    /**
     * One level of a tightest-fit comparison of two capacities for {@code count}: the one that holds it
     * first, the smaller of two that do (0 when equal); {@link Integer#MIN_VALUE} when neither does.
     */
    static int tightestFit(int a, int b, int count) {
        if (a >= count && b >= count) {
            return Integer.compare(a, b);
        }
        if (a >= count || b >= count) {
            return a >= count ? -1 : 1;
        }
        return Integer.MIN_VALUE;
    }

    /** Whole free cores while the request is at least a core, most preferred priority first, then by id. */
    void idleCores() {
        List<Integer> idle = new ArrayList<>();
        for (int id = from.nextSetBit(0); id >= 0; id = from.nextSetBit(id + 1)) {
            int[] core = topology.coreMembers(id);
            if (core[0] == id && allFree(core)) {
                idle.add(id); // ascending ids
            }
        }
        if (prefer != CpuPriority.NONE) {
            idle.sort((a, b) -> {
                int r = priorities.compare(topology.core(a), topology.core(b), prefer, -1);
                return r != 0 ? -Integer.signum(r) : Integer.compare(a, b);
            });
        }
        for (int id : idle) {
            int[] core = topology.coreMembers(id);
            if (count >= core.length) {
                for (int c : core) {
                    result.set(c);
                    from.clear(c);
                }
                count -= core.length;
                if (count == 0) {
                    return;
                }
            }
        }
    }

    /**
     * Single free CPUs: from the package most taken from already, then the package the priority
     * comparison prefers, the lower package id, the preferred CPU priority, the package with fewer free
     * CPUs, the core with fewer free CPUs, the lower CPU id.
     */
    void idleThreads() {
        Map<Integer, CpuSet> freeInPackage = new HashMap<>();
        Map<Integer, Integer> takenInPackage = new HashMap<>();
        CpuSet taken = CpuSet.fromBits(result);
        topology.packages.forEach((id, cpus) -> {
            freeInPackage.put(id, free(cpus));
            takenInPackage.put(id, cpus.intersection(taken).size());
        });
        int want = count;
        List<Integer> sorted = new ArrayList<>();
        // the sort keys do not change while sorting: the free CPUs of each CPU's core, once
        Map<Integer, Integer> coreFree = new HashMap<>();
        for (int c = from.nextSetBit(0); c >= 0; c = from.nextSetBit(c + 1)) {
            int n = 0;
            for (int m : topology.coreMembers(c)) {
                n += from.get(m) ? 1 : 0;
            }
            coreFree.put(c, n);
            sorted.add(c);
        }
        int[] pkg = topology.packageOf;
        Comparator<Integer> order = Comparator
                .comparingInt((Integer c) -> -takenInPackage.get(pkg[c]))
                .thenComparing((a, b) -> -Integer.signum(priorities.compare(freeInPackage.get(pkg[a]),
                        freeInPackage.get(pkg[b]), prefer, want)))
                .thenComparingInt(c -> pkg[c])
                .thenComparing((a, b) -> -priorities.compareCpus(a, b, prefer))
                .thenComparingInt(c -> freeInPackage.get(pkg[c]).size())
                .thenComparingInt(coreFree::get)
                .thenComparingInt(c -> c);
        sorted.sort(order);
        for (int c : sorted) {
            result.set(c);
            from.clear(c);
            if (--count == 0) {
                return;
            }
        }
    }
}
