package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.CpuSet;
import io.numaagent.plugins.topologyaware.alloc.CpuTopology.CacheGroup;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cache-group step of a {@link CpuTake} (the reference's {@code takeCacheGroups}), for requests of
 * two CPUs or more on a machine with cache groups.
 *
 * <p>The groups of the requested kind (on a hybrid machine, E-core groups for low priority and P-core
 * groups otherwise) with free CPUs are split into idle ones (all CPUs free) and used ones. The request
 * is split into {@code full}, a multiple of the (first) group size, and the rest {@code part}. Idle
 * groups are ordered for the die, then the package, that alone holds {@code full} idle and {@code part}
 * used CPUs, tighter first; used groups for the idle groups' package and die when whole groups are
 * wanted, else for the die that holds the request, tighter first, larger group first. When the first
 * group's package cannot hold the request the step takes nothing. Otherwise it takes whole idle groups
 * in order, splitting the next idle one by idle cores and threads when fewer CPUs are left than it has;
 * then, within that package only, a used group with exactly the CPUs still wanted, else the fewest used
 * groups of one size that make them up exactly, else used groups in order with the last split.
 * Nothing is taken unless the step gets every CPU it wants.
 */
final class CacheGroupTake {

    private final CpuTake take;
    private final int full;
    private final int part;
    private final List<CacheGroup> idle = new ArrayList<>();
    private final List<CacheGroup> used = new ArrayList<>();
    private final Map<CacheGroup, CpuSet> freeCpus = new HashMap<>();
    private final Map<Integer, Integer> idlePerPackage = new HashMap<>();
    private final Map<Long, Integer> idlePerDie = new HashMap<>();
    private final Map<Integer, Integer> usedPerPackage = new HashMap<>();
    private final Map<Long, Integer> usedPerDie = new HashMap<>();

    CacheGroupTake(CpuTake take) {
        this.take = take;
        List<CacheGroup> groups = take.topology.cacheGroups;
        int size = groups.isEmpty() ? 1 : groups.get(0).cpus().size();
        this.part = take.count % size;
        this.full = take.count - part;
    }

    void run() {
        List<CacheGroup> groups = take.topology.cacheGroups;
        if (groups.size() <= 1 || take.count < 2) {
            return;
        }
        boolean wantEfficient = take.prefer == CpuPriority.LOW;
        for (CacheGroup g : groups) {
            if (take.topology.hybrid && g.efficient() != wantEfficient) {
                continue;
            }
            CpuSet free = take.free(g.cpus());
            if (free.isEmpty()) {
                continue;
            }
            freeCpus.put(g, free);
            long die = CpuTake.dieKey(g.pkg(), g.die());
            if (free.equals(g.cpus())) {
                idle.add(g);
                idlePerPackage.merge(g.pkg(), free.size(), Integer::sum);
                idlePerDie.merge(die, free.size(), Integer::sum);
            } else {
                used.add(g);
                usedPerPackage.merge(g.pkg(), free.size(), Integer::sum);
                usedPerDie.merge(die, free.size(), Integer::sum);
            }
        }
        insertionSort(idle, this::compareIdle);
        insertionSort(used, this::compareUsed);
        if (idle.isEmpty() && used.isEmpty()) {
            return;
        }
        int pkg = idle.isEmpty() ? used.get(0).pkg() : idle.get(0).pkg();
        int available = (idle.isEmpty() ? 0 : idlePerPackage.getOrDefault(pkg, 0)) + usedPerPackage.getOrDefault(pkg, 0);
        if (available < take.count) {
            return; // no package holds the request
        }
        BitSet result = (BitSet) take.result.clone();
        BitSet from = (BitSet) take.from.clone();
        int count = take.count;
        for (CacheGroup g : idle) {
            if (count <= 0) {
                break;
            }
            CpuSet use = count >= freeCpus.get(g).size() ? freeCpus.get(g) : split(g, count);
            count -= add(use, result, from);
        }
        if (count > 0) {
            count = takeUsed(pkg, count, result, from);
        }
        if (count == 0) {
            take.result.clear();
            take.result.or(result);
            take.from.clear();
            take.from.or(from);
            take.count = 0;
        }
    }

    /** Takes {@code count} CPUs of used groups of package {@code pkg}; what is left to take (0: done). */
    private int takeUsed(int pkg, int count, BitSet result, BitSet from) {
        List<CacheGroup> inPackage = new ArrayList<>();
        Map<Integer, List<CacheGroup>> bySize = new LinkedHashMap<>();
        for (CacheGroup g : used) {
            if (g.pkg() != pkg) {
                break; // never across packages: the groups after the first of another package are left
            }
            inPackage.add(g);
            bySize.computeIfAbsent(freeCpus.get(g).size(), s -> new ArrayList<>()).add(g);
        }
        List<CacheGroup> exact = bySize.get(count);
        if (exact != null) {
            return count - add(freeCpus.get(exact.get(0)), result, from);
        }
        // the fewest groups of one size (more than one CPU each) that make up the count exactly
        int size = 0;
        int groups = Integer.MAX_VALUE;
        for (Map.Entry<Integer, List<CacheGroup>> e : bySize.entrySet()) {
            int s = e.getKey();
            if (s > 1 && s < count && count % s == 0 && count / s <= e.getValue().size() && count / s < groups) {
                size = s;
                groups = count / s;
            }
        }
        if (size > 0) {
            for (CacheGroup g : bySize.get(size).subList(0, groups)) {
                count -= add(freeCpus.get(g), result, from);
            }
            return count;
        }
        int total = inPackage.stream().mapToInt(g -> freeCpus.get(g).size()).sum();
        if (total < count) {
            return count;
        }
        for (CacheGroup g : inPackage) {
            CpuSet free = freeCpus.get(g);
            CpuSet use = count >= free.size() ? free : split(g, count);
            count -= add(use, result, from);
            if (count == 0 || use.size() < free.size()) {
                break;
            }
        }
        return count;
    }

    /** {@code count} of a group's free CPUs, by the idle cores and threads steps alone. */
    private CpuSet split(CacheGroup g, int count) {
        return new CpuTake(take.topology, take.priorities, freeCpus.get(g), count, take.prefer).coresAndThreads();
    }

    private static int add(CpuSet cpus, BitSet result, BitSet from) {
        cpus.stream().forEach(c -> {
            result.set(c);
            from.clear(c);
        });
        return cpus.size();
    }

    /** Idle groups: the die, then the package, that alone holds the request, tighter first; then by id. */
    private int compareIdle(CacheGroup a, CacheGroup b) {
        long dieA = CpuTake.dieKey(a.pkg(), a.die());
        long dieB = CpuTake.dieKey(b.pkg(), b.die());
        int r = holds(idlePerDie.getOrDefault(dieA, 0), idlePerDie.getOrDefault(dieB, 0),
                usedPerDie.getOrDefault(dieA, 0), usedPerDie.getOrDefault(dieB, 0), a, b);
        if (r != Integer.MIN_VALUE) {
            return r;
        }
        r = holds(idlePerPackage.getOrDefault(a.pkg(), 0), idlePerPackage.getOrDefault(b.pkg(), 0),
                usedPerPackage.getOrDefault(a.pkg(), 0), usedPerPackage.getOrDefault(b.pkg(), 0), a, b);
        return r != Integer.MIN_VALUE ? r : Integer.compare(a.id(), b.id());
    }

    /**
     * One level (die or package) of the idle-group order: {@code fullX} idle and {@code partX} used
     * CPUs in A's and B's; {@link Integer#MIN_VALUE} when it does not decide.
     */
    private int holds(int fullA, int fullB, int partA, int partB, CacheGroup a, CacheGroup b) {
        if (fullA >= full && fullB < full && partA >= part) {
            return -1;
        }
        if (fullA < full && fullB >= full && partB >= part) {
            return 1;
        }
        if (fullA >= full && fullB >= full) {
            if (partA >= part && partB < part) {
                return -1;
            }
            if (partA < part && partB >= part) {
                return 1;
            }
            if (partA >= part) {
                int r = fullA != fullB ? Integer.compare(fullA, fullB) : Integer.compare(partA, partB);
                return r != 0 ? r : byIds(a, b);
            }
        }
        return Integer.MIN_VALUE;
    }

    private static int byIds(CacheGroup a, CacheGroup b) {
        if (a.pkg() != b.pkg()) {
            return Integer.compare(a.pkg(), b.pkg());
        }
        return a.die() != b.die() ? Integer.compare(a.die(), b.die()) : Integer.compare(a.id(), b.id());
    }

    /** Used groups: see the class comment. */
    private int compareUsed(CacheGroup a, CacheGroup b) {
        int sizeA = freeCpus.get(a).size();
        int sizeB = freeCpus.get(b).size();
        if (full > 0 && !idle.isEmpty()) {
            CacheGroup first = idle.get(0);
            boolean pkgA = a.pkg() == first.pkg();
            boolean pkgB = b.pkg() == first.pkg();
            if (pkgA != pkgB) {
                return pkgA ? -1 : 1;
            }
            if (pkgA) {
                boolean dieA = a.die() == first.die();
                boolean dieB = b.die() == first.die();
                if (dieA != dieB) {
                    return dieA ? -1 : 1;
                }
                if (dieA) {
                    return sizeA != sizeB ? Integer.compare(sizeB, sizeA) : Integer.compare(a.id(), b.id());
                }
            }
            return 0;
        }
        int total = full + part;
        int dieA = usedPerDie.getOrDefault(CpuTake.dieKey(a.pkg(), a.die()), 0);
        int dieB = usedPerDie.getOrDefault(CpuTake.dieKey(b.pkg(), b.die()), 0);
        int r = CpuTake.tightestFit(dieA, dieB, total);
        if (r == Integer.MIN_VALUE) {
            return 0;
        }
        if (r != 0) {
            return r;
        }
        return sizeA != sizeB ? Integer.compare(sizeB, sizeA) : byIds(a, b);
    }

    /**
     * Sorts as Go's sort does lists of up to 12 (insertion, stable): the orders above are not strict
     * orders in every case, where a library merge sort may reject them.
     */
    private static <T> void insertionSort(List<T> list, java.util.Comparator<T> order) {
        for (int i = 1; i < list.size(); i++) {
            for (int j = i; j > 0 && order.compare(list.get(j), list.get(j - 1)) < 0; j--) {
                T t = list.get(j);
                list.set(j, list.get(j - 1));
                list.set(j - 1, t);
            }
        }
    }
}
