package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.CpuDetails;
import io.numaagent.api.snapshot.Platform;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which CPUs of a set to take, in the reference CPU allocator's order: whole idle packages first, then
 * whole idle cores, then single threads (from the package already used most, then by priority, package
 * id, CPU priority, fewest free CPUs in the package, fewest free in the core, CPU id). Hybrid clusters
 * and cache groups are not used (see the README).
 *
 * <p>CPU priorities, per package as the reference's cpufreq discovery gives them: with more than one
 * base frequency ({@code cpufreq/base_frequency}) in the package, CPUs above the lowest are high and
 * those at the lowest (or unknown) low; E-cores are always low; otherwise, with more than one known
 * energy-performance preference in the package, CPUs below the least performant preference are high and
 * the rest low; else normal. E-cores are then left out of the high and normal sets when the machine has
 * other cores. Speed Select (SST) priorities are not read (the snapshot has no SST state).
 */
public final class CpuPicker {

    private final Map<Integer, CpuSet> packages = new TreeMap<>();
    private final Map<Integer, Integer> packageOf = new HashMap<>();
    private final Map<Integer, CpuSet> coreOf = new HashMap<>();
    private final int[] cpuIds;
    private final CpuSet[] priorities = new CpuSet[3];
    private final CpuSet efficientCores;
    private final CpuSet performanceCores;
    /** The SMT siblings of each CPU id (itself included), as arrays: the hot loops walk them. */
    private final Map<Integer, int[]> coreMembers = new HashMap<>();

    public CpuPicker(Platform platform) {
        Map<Integer, List<Integer>> byPackage = new TreeMap<>();
        List<Integer> ids = new ArrayList<>();
        for (Cpu c : platform.cpus()) {
            if (!c.online()) {
                continue;
            }
            ids.add(c.id());
            byPackage.computeIfAbsent(c.socket(), s -> new ArrayList<>()).add(c.id());
            packageOf.put(c.id(), c.socket());
            coreOf.put(c.id(), c.siblings().intersection(platform.onlineCpus()).union(CpuSet.of(c.id())));
        }
        byPackage.forEach((p, cpus) -> packages.put(p, CpuSet.of(cpus)));
        coreOf.forEach((id, core) -> coreMembers.put(id, core.toArray()));
        cpuIds = ids.stream().mapToInt(Integer::intValue).toArray();
        CpuSet online = CpuSet.of(ids);
        List<List<Integer>> byPriority = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<Integer> eCores = new ArrayList<>();
        List<Integer> pCores = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> pkg : byPackage.entrySet()) {
            List<Cpu> cpus = pkg.getValue().stream().map(id -> platform.cpu(id).orElseThrow()).toList();
            TreeSet<Long> freqs = new TreeSet<>();
            TreeSet<Integer> epps = new TreeSet<>();
            for (Cpu c : cpus) {
                if (c.details().baseFrequencyKhz() > 0) {
                    freqs.add(c.details().baseFrequencyKhz());
                }
                int epp = eppRank(c.details().energyPerformancePreference());
                if (epp != EPP_UNKNOWN) {
                    epps.add(epp);
                }
            }
            for (Cpu c : cpus) {
                CpuPriority p = CpuPriority.NORMAL;
                if (freqs.size() > 1) {
                    p = c.details().baseFrequencyKhz() > freqs.first() ? CpuPriority.HIGH : CpuPriority.LOW;
                }
                if (c.details().coreKind() == CpuDetails.CoreKind.EFFICIENT) {
                    p = CpuPriority.LOW;
                } else if (epps.size() > 1) {
                    p = eppRank(c.details().energyPerformancePreference()) < epps.last() ? CpuPriority.HIGH
                            : CpuPriority.LOW;
                }
                byPriority.get(p.ordinal()).add(c.id());
                if (c.details().coreKind() == CpuDetails.CoreKind.EFFICIENT) {
                    eCores.add(c.id());
                } else if (c.details().coreKind() == CpuDetails.CoreKind.PERFORMANCE) {
                    pCores.add(c.id());
                }
            }
        }
        efficientCores = CpuSet.of(eCores);
        performanceCores = CpuSet.of(pCores);
        boolean otherCores = !online.difference(efficientCores).isEmpty();
        for (CpuPriority p : List.of(CpuPriority.HIGH, CpuPriority.NORMAL, CpuPriority.LOW)) {
            CpuSet set = CpuSet.of(byPriority.get(p.ordinal()));
            priorities[p.ordinal()] = p != CpuPriority.LOW && otherCores ? set.difference(efficientCores) : set;
        }
    }

    /** What {@code energy_performance_preference} values the reference knows, by falling performance. */
    private static final List<String> EPP_VALUES = List.of("performance", "balance_performance", "balance_power",
            "power");
    private static final int EPP_UNKNOWN = EPP_VALUES.size();

    private static int eppRank(String epp) {
        int i = EPP_VALUES.indexOf(epp);
        return i < 0 ? EPP_UNKNOWN : i;
    }

    /** The CPUs of the given priority (HIGH, NORMAL or LOW). */
    public CpuSet priorityCpus(CpuPriority p) {
        return p == CpuPriority.NONE ? CpuSet.EMPTY : priorities[p.ordinal()];
    }

    /**
     * The CPUs a pool's priority capacity counts, as the reference's score does: for LOW the E-cores
     * when the machine has any, for HIGH the P-cores when it has any, else {@link #priorityCpus}.
     */
    public CpuSet scoredPriorityCpus(CpuPriority p) {
        if (p == CpuPriority.LOW && !efficientCores.isEmpty()) {
            return efficientCores;
        }
        if (p == CpuPriority.HIGH && !performanceCores.isEmpty()) {
            return performanceCores;
        }
        return priorityCpus(p);
    }

    /** The SMT siblings of a CPU (itself included). */
    public CpuSet core(int cpu) {
        return coreOf.getOrDefault(cpu, CpuSet.of(cpu));
    }

    /** Keeps one thread per core: the lowest-numbered of each core's CPUs in the set. */
    public CpuSet singleThreadPerCore(CpuSet cpus) {
        BitSet out = new BitSet();
        for (int c : cpus.toArray()) {
            if (core(c).intersection(cpus).first() == c) {
                out.set(c);
            }
        }
        return CpuSet.fromBits(out);
    }

    /**
     * Takes {@code count} CPUs of {@code from}: all of it when it has exactly that many, nothing when
     * it has fewer or {@code count} is not positive.
     */
    public CpuSet take(CpuSet from, int count, CpuPriority prefer) {
        if (count <= 0 || from.size() < count) {
            return CpuSet.EMPTY;
        }
        if (from.size() == count) {
            return from;
        }
        Take t = new Take(from, count, prefer);
        t.idlePackages();
        if (t.count > 0) {
            t.idleCores();
        }
        if (t.count > 0) {
            t.idleThreads();
        }
        return t.count == 0 ? CpuSet.fromBits(t.result) : CpuSet.EMPTY;
    }

    /**
     * Compares two sets by the preferred priority: positive when {@code a} is preferred. With a count,
     * of two sets that both have enough CPUs of the preferred priority the tighter one is preferred, and
     * for LOW and HIGH one that alone has enough wins (HIGH counting normal CPUs when neither set has a
     * high one).
     */
    int compareByPriority(CpuSet a, CpuSet b, CpuPriority prefer, int count) {
        if (prefer == CpuPriority.NONE) {
            return 0;
        }
        if (count > 0 && (prefer == CpuPriority.LOW || prefer == CpuPriority.HIGH)) {
            int pa = a.intersection(priorities[prefer.ordinal()]).size();
            int pb = b.intersection(priorities[prefer.ordinal()]).size();
            if (prefer == CpuPriority.HIGH && pa == 0 && pb == 0) {
                pa = a.intersection(priorities[CpuPriority.NORMAL.ordinal()]).size();
                pb = b.intersection(priorities[CpuPriority.NORMAL.ordinal()]).size();
            }
            if (pa >= count && pb >= count) {
                return pb - pa;
            }
            if (pa >= count || pb >= count) {
                return pa - pb;
            }
        }
        for (int p = prefer.ordinal(); p < 3; p++) {
            int pa = a.intersection(priorities[p]).size();
            int pb = b.intersection(priorities[p]).size();
            if (count > 0 && p == prefer.ordinal() && pa >= count && pb >= count) {
                return pb - pa;
            }
            if (pa != pb) {
                return pa - pb;
            }
        }
        for (int p = 0; p < prefer.ordinal(); p++) {
            int na = a.intersection(priorities[p]).size();
            int nb = b.intersection(priorities[p]).size();
            if (na != nb) {
                return nb - na;
            }
        }
        return 0;
    }

    /** One allocation in progress. */
    private final class Take {
        private final BitSet from;
        private final BitSet result = new BitSet();
        private final CpuPriority prefer;
        private int count;

        Take(CpuSet from, int count, CpuPriority prefer) {
            this.from = from.bits();
            this.count = count;
            this.prefer = prefer;
        }

        private CpuSet free() {
            return CpuSet.fromBits(from);
        }

        private void takeAll(CpuSet cpus) {
            for (int c : cpus.toArray()) {
                result.set(c);
                from.clear(c);
            }
            count -= cpus.size();
        }

        private boolean allFree(CpuSet cpus) {
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

        void idlePackages() {
            List<Integer> idle = new ArrayList<>();
            Map<Integer, CpuSet> usable = new HashMap<>();
            packages.forEach((id, cpus) -> {
                CpuSet set = prefer == CpuPriority.NONE ? cpus : cpus.intersection(priorities[prefer.ordinal()]);
                if (allFree(set)) {
                    idle.add(id);
                    usable.put(id, set);
                }
            });
            idle.sort((a, b) -> {
                int r = compareByPriority(packages.get(a), packages.get(b), prefer, -1);
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

        void idleCores() {
            List<Integer> idle = new ArrayList<>();
            for (int id = from.nextSetBit(0); id >= 0; id = from.nextSetBit(id + 1)) {
                int[] core = coreMembers.get(id);
                if (core != null && core[0] == id && allFree(core)) {
                    idle.add(id); // ascending ids
                }
            }
            if (prefer != CpuPriority.NONE) {
                idle.sort((a, b) -> {
                    int r = compareByPriority(core(a), core(b), prefer, -1);
                    return r != 0 ? -Integer.signum(r) : Integer.compare(a, b);
                });
            }
            for (int id : idle) {
                int[] core = coreMembers.get(id);
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

        void idleThreads() {
            CpuSet free = free();
            CpuSet taken = CpuSet.fromBits(result);
            Map<Integer, CpuSet> freeInPackage = new HashMap<>();
            Map<Integer, Integer> takenInPackage = new HashMap<>();
            packages.forEach((id, cpus) -> {
                freeInPackage.put(id, cpus.intersection(free));
                takenInPackage.put(id, cpus.intersection(taken).size());
            });
            int want = count;
            int[] threads = free.toArray();
            // the sort keys do not change while sorting: compute them once per CPU
            Map<Integer, Integer> coreFree = new HashMap<>();
            for (int c : threads) {
                int n = 0;
                for (int m : coreMembers.getOrDefault(c, new int[] {c})) {
                    n += from.get(m) ? 1 : 0;
                }
                coreFree.put(c, n);
            }
            Comparator<Integer> order = Comparator
                    .comparingInt((Integer c) -> -takenInPackage.get(packageOf.get(c)))
                    .thenComparing((a, b) -> -Integer.signum(compareByPriority(freeInPackage.get(packageOf.get(a)),
                            freeInPackage.get(packageOf.get(b)), prefer, want)))
                    .thenComparingInt(packageOf::get)
                    .thenComparing((a, b) -> -Integer.signum(compareByPriority(CpuSet.of(a), CpuSet.of(b), prefer, 0)))
                    .thenComparingInt(c -> freeInPackage.get(packageOf.get(c)).size())
                    .thenComparingInt(coreFree::get)
                    .thenComparingInt(c -> c);
            List<Integer> sorted = new ArrayList<>(threads.length);
            for (int c : threads) {
                sorted.add(c);
            }
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
}
