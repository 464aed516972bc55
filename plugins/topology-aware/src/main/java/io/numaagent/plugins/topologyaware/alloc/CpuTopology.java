package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.CpuCache;
import io.numaagent.api.snapshot.CpuDetails.CoreKind;
import io.numaagent.api.snapshot.Platform;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the CPU allocator knows of the machine, worked out once per platform from the online CPUs: the
 * CPUs of each package and core, the hybrid core kinds, the CPU clusters and the cache groups, as the
 * reference CPU allocator's topology cache holds them.
 *
 * <p><b>Core kinds</b> come from {@code devices/cpu_core/cpus} and {@code devices/cpu_atom/cpus}. As in
 * the reference, when only one kind is listed the other CPUs are of the other kind, and with none listed
 * every CPU is a P-core; the machine is hybrid when it has both kinds.
 *
 * <p><b>Clusters</b>, per package and die, group the CPUs by {@code topology/cluster_id}; the clusters
 * that are a single core (x86 gives each P-core its own) are joined into one per die, which leaves on
 * an Alder-Lake-like machine one cluster of all P-cores and one per group of E-cores. Packages with one
 * cluster contribute none. A CPU without cluster id counts as one cluster per die.
 *
 * <p><b>Cache groups</b> are the CPUs sharing a cache of the first level, from the highest down, that
 * splits some package into more than one group without being a core, a die or the whole package (the
 * L3 of each CCX on an AMD-like machine, the L2 of each E-core cluster on an Alder-Lake-like one).
 * Packages with one such group contribute none. Groups are numbered in (package, die, NUMA node, first
 * CPU) order; a group that spans packages or NUMA nodes turns cache groups off, one that spans dies
 * drops the die from the order, as in the reference.
 */
final class CpuTopology {

    /** A CPU cluster: its package, die and cluster id, its online CPUs, and whether they are E-cores. */
    record Cluster(int pkg, int die, int id, CpuSet cpus, boolean efficient) {
    }

    /** A cache group: its number, package, die and NUMA node, its online CPUs, and E-cores or not. */
    record CacheGroup(int id, int pkg, int die, int node, CpuSet cpus, boolean efficient) {
    }

    final CpuSet online;
    /** Online CPUs per package, by package id. */
    final Map<Integer, CpuSet> packages = new TreeMap<>();
    /** Per CPU id: package, die, NUMA node (-1 for an id that is not an online CPU). */
    final int[] packageOf;
    final int[] dieOf;
    final int[] nodeOf;
    /** Per CPU id: the online SMT siblings, itself included, as a set and as an ascending array. */
    final CpuSet[] coreOf;
    final int[][] coreMembers;
    final CpuSet efficientCores;
    final CpuSet performanceCores;
    final boolean hybrid;
    final List<Cluster> clusters;
    final List<CacheGroup> cacheGroups;

    CpuTopology(Platform platform) {
        List<Cpu> cpus = platform.cpus().stream().filter(Cpu::online).toList();
        online = CpuSet.of(cpus.stream().map(Cpu::id).toList());
        int size = online.isEmpty() ? 0 : online.bits().length();
        packageOf = filled(size);
        dieOf = filled(size);
        nodeOf = filled(size);
        coreOf = new CpuSet[size];
        coreMembers = new int[size][];
        Map<Integer, List<Integer>> byPackage = new TreeMap<>();
        for (Cpu c : cpus) {
            packageOf[c.id()] = c.socket();
            dieOf[c.id()] = c.die();
            nodeOf[c.id()] = c.node();
            coreOf[c.id()] = c.siblings().intersection(online).union(CpuSet.of(c.id()));
            coreMembers[c.id()] = coreOf[c.id()].toArray();
            byPackage.computeIfAbsent(c.socket(), p -> new ArrayList<>()).add(c.id());
        }
        byPackage.forEach((p, ids) -> packages.put(p, CpuSet.of(ids)));
        CpuSet listedP = kindCpus(cpus, CoreKind.PERFORMANCE);
        CpuSet listedE = kindCpus(cpus, CoreKind.EFFICIENT);
        if (listedE.isEmpty()) {
            CpuSet p = listedP.isEmpty() ? online : allThreads(listedP);
            performanceCores = p;
            efficientCores = online.difference(p);
        } else if (listedP.isEmpty()) {
            efficientCores = allThreads(listedE);
            performanceCores = online.difference(efficientCores);
        } else {
            efficientCores = listedE;
            performanceCores = online.difference(listedE);
        }
        hybrid = !efficientCores.isEmpty() && !performanceCores.isEmpty();
        clusters = List.copyOf(clusters(cpus));
        cacheGroups = List.copyOf(cacheGroups(cpus));
    }

    private static int[] filled(int size) {
        int[] a = new int[size];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    private static CpuSet kindCpus(List<Cpu> cpus, CoreKind kind) {
        return CpuSet.of(cpus.stream().filter(c -> c.details().coreKind() == kind).map(Cpu::id).toList());
    }

    boolean isCpu(int id) {
        return id >= 0 && id < packageOf.length && packageOf[id] >= 0;
    }

    /** The online SMT siblings of a CPU, itself included. */
    CpuSet core(int cpu) {
        return isCpu(cpu) ? coreOf[cpu] : CpuSet.of(cpu);
    }

    /** The online siblings of a CPU as an ascending array, itself included. */
    int[] coreMembers(int cpu) {
        return isCpu(cpu) ? coreMembers[cpu] : new int[] {cpu};
    }

    /** The CPUs of the given set's cores. */
    CpuSet allThreads(CpuSet cpus) {
        BitSet out = new BitSet();
        cpus.stream().forEach(c -> core(c).stream().forEach(out::set));
        return CpuSet.fromBits(out);
    }

    private CpuSet dieCpus(int pkg, int die) {
        BitSet out = new BitSet();
        packages.get(pkg).stream().filter(c -> dieOf[c] == die).forEach(out::set);
        return CpuSet.fromBits(out);
    }

    private List<Cluster> clusters(List<Cpu> cpus) {
        // package -> die -> cluster id -> CPUs
        Map<Integer, Map<Integer, Map<Integer, List<Integer>>>> ids = new TreeMap<>();
        for (Cpu c : cpus) {
            ids.computeIfAbsent(c.socket(), p -> new TreeMap<>()).computeIfAbsent(c.die(), d -> new TreeMap<>())
                    .computeIfAbsent(c.details().cluster(), k -> new ArrayList<>()).add(c.id());
        }
        List<Cluster> out = new ArrayList<>();
        ids.forEach((pkg, dies) -> {
            List<Cluster> inPackage = new ArrayList<>();
            dies.forEach((die, byId) -> {
                // single-core clusters are joined into one, named by its lowest CPU's cluster id
                Map<Integer, CpuSet> logical = new TreeMap<>();
                BitSet joined = new BitSet();
                byId.forEach((id, list) -> {
                    CpuSet set = CpuSet.of(list);
                    if (set.equals(core(set.first()))) {
                        set.stream().forEach(joined::set);
                    } else {
                        logical.put(id, set);
                    }
                });
                if (!joined.isEmpty()) {
                    CpuSet set = CpuSet.fromBits(joined);
                    logical.put(clusterIdOf(cpus, set.first()), set);
                }
                logical.forEach((id, set) -> inPackage.add(new Cluster(pkg, die, id, set,
                        efficientCores.contains(set.first()))));
            });
            if (inPackage.size() > 1) {
                out.addAll(inPackage);
            }
        });
        return out;
    }

    private static int clusterIdOf(List<Cpu> cpus, int id) {
        return cpus.stream().filter(c -> c.id() == id).findFirst().orElseThrow().details().cluster();
    }

    /** The CPUs sharing the caches of {@code level} with a CPU (online ones), empty when it has none. */
    private CpuSet cacheCpus(Cpu cpu, int level) {
        BitSet out = new BitSet();
        for (CpuCache cache : cpu.details().cachesOfLevel(level)) {
            cache.sharedCpus().stream().forEach(out::set);
        }
        return CpuSet.fromBits(out).intersection(online);
    }

    /** Whether a cache's CPUs make a group: more than one CPU, and not a core, a die or a package. */
    private boolean grouping(Cpu cpu, CpuSet cacheCpus) {
        return cacheCpus.size() > 1 && !cacheCpus.equals(core(cpu.id()))
                && !cacheCpus.equals(dieCpus(cpu.socket(), cpu.die())) && !cacheCpus.equals(packages.get(cpu.socket()));
    }

    /** The cache level that groups CPUs: the first CPU's highest level that does, or -1. */
    private int groupingLevel(List<Cpu> cpus) {
        for (Cpu cpu : cpus) {
            int top = cpu.details().caches().stream().mapToInt(CpuCache::level).max().orElse(0);
            for (int level = top; level > 0; level--) {
                if (grouping(cpu, cacheCpus(cpu, level))) {
                    return level;
                }
            }
        }
        return -1;
    }

    private List<CacheGroup> cacheGroups(List<Cpu> cpus) {
        int level = groupingLevel(cpus);
        if (level < 0) {
            return List.of();
        }
        Map<Integer, Cpu> byId = new TreeMap<>();
        cpus.forEach(c -> byId.put(c.id(), c));
        List<CacheGroup> groups = new ArrayList<>();
        for (CpuSet pkgCpus : packages.values()) {
            List<CacheGroup> inPackage = new ArrayList<>();
            BitSet assigned = new BitSet();
            for (int id : pkgCpus.toArray()) {
                if (assigned.get(id)) {
                    continue;
                }
                Cpu cpu = byId.get(id);
                CpuSet shared = cacheCpus(cpu, level);
                if (!grouping(cpu, shared)) {
                    continue;
                }
                inPackage.add(new CacheGroup(0, cpu.socket(), cpu.die(), cpu.node(), shared,
                        efficientCores.contains(id)));
                shared.stream().forEach(assigned::set);
            }
            if (inPackage.size() > 1) {
                groups.addAll(inPackage);
            }
        }
        boolean byDie = true;
        for (CacheGroup g : groups) {
            for (int c : g.cpus().toArray()) {
                if (packageOf[c] != g.pkg() || nodeOf[c] != g.node()) {
                    return List.of(); // the reference gives up on cache groups here
                }
                byDie &= dieOf[c] == g.die();
            }
        }
        Comparator<CacheGroup> order = Comparator.comparingInt(CacheGroup::pkg);
        if (byDie) {
            order = order.thenComparingInt(CacheGroup::die);
        }
        groups.sort(order.thenComparingInt(CacheGroup::node).thenComparingInt(g -> g.cpus().first()));
        List<CacheGroup> numbered = new ArrayList<>();
        for (CacheGroup g : groups) {
            numbered.add(new CacheGroup(numbered.size(), g.pkg(), g.die(), g.node(), g.cpus(), g.efficient()));
        }
        return numbered;
    }
}
