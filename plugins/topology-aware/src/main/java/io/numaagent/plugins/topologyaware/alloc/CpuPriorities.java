package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The high, normal and low priority CPUs, per package as the reference's cpufreq discovery gives them,
 * and how two CPU sets compare for a preferred priority.
 *
 * <p>In a package with more than one base frequency ({@code cpufreq/base_frequency}), CPUs above the
 * lowest are high and those at the lowest (or unknown) low; E-cores are always low; otherwise, with
 * more than one known energy-performance preference in the package, CPUs below the least performant
 * preference are high and the rest low; else normal. E-cores are then left out of the high and normal
 * sets when the machine has other cores. Speed Select (SST) priorities are not read: see the README.
 */
final class CpuPriorities {

    /** What {@code energy_performance_preference} values the reference knows, by falling performance. */
    private static final List<String> EPP_VALUES = List.of("performance", "balance_performance", "balance_power",
            "power");
    private static final int EPP_UNKNOWN = EPP_VALUES.size();

    private final CpuSet[] sets = new CpuSet[3];
    /** Per CPU id, the ordinal of its priority; -1 for none. */
    private final int[] rank;

    CpuPriorities(Platform platform, CpuTopology topology) {
        List<List<Integer>> byPriority = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (CpuSet pkg : topology.packages.values()) {
            List<Cpu> cpus = pkg.stream().mapToObj(id -> platform.cpu(id).orElseThrow()).toList();
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
                if (topology.efficientCores.contains(c.id())) {
                    p = CpuPriority.LOW;
                } else if (epps.size() > 1) {
                    p = eppRank(c.details().energyPerformancePreference()) < epps.last() ? CpuPriority.HIGH
                            : CpuPriority.LOW;
                }
                byPriority.get(p.ordinal()).add(c.id());
            }
        }
        boolean otherCores = !topology.online.difference(topology.efficientCores).isEmpty();
        for (CpuPriority p : List.of(CpuPriority.HIGH, CpuPriority.NORMAL, CpuPriority.LOW)) {
            CpuSet set = CpuSet.of(byPriority.get(p.ordinal()));
            sets[p.ordinal()] = p != CpuPriority.LOW && otherCores ? set.difference(topology.efficientCores) : set;
        }
        rank = new int[topology.packageOf.length];
        java.util.Arrays.fill(rank, -1);
        for (int p = 0; p < 3; p++) {
            int ordinal = p;
            sets[p].stream().filter(c -> c < rank.length).forEach(c -> rank[c] = ordinal);
        }
    }

    private static int eppRank(String epp) {
        int i = EPP_VALUES.indexOf(epp);
        return i < 0 ? EPP_UNKNOWN : i;
    }

    /** The CPUs of the given priority; none for NONE. */
    CpuSet cpus(CpuPriority p) {
        return p == CpuPriority.NONE ? CpuSet.EMPTY : sets[p.ordinal()];
    }

    /**
     * Compares two sets by the preferred priority: positive when {@code a} is preferred, 0 for NONE.
     * With a positive count, of two sets that both have that many CPUs of the preferred priority the
     * tighter one is preferred, and for LOW and HIGH one that alone has enough wins (HIGH counting
     * normal CPUs when neither set has a high one). Then the set with more CPUs of the preferred
     * priority, then of each lower one, wins, and last the one with fewer CPUs of higher priorities.
     */
    int compare(CpuSet a, CpuSet b, CpuPriority prefer, int count) {
        if (prefer == CpuPriority.NONE) {
            return 0;
        }
        if (count > 0 && (prefer == CpuPriority.LOW || prefer == CpuPriority.HIGH)) {
            int pa = a.intersection(sets[prefer.ordinal()]).size();
            int pb = b.intersection(sets[prefer.ordinal()]).size();
            if (prefer == CpuPriority.HIGH && pa == 0 && pb == 0) {
                pa = a.intersection(sets[CpuPriority.NORMAL.ordinal()]).size();
                pb = b.intersection(sets[CpuPriority.NORMAL.ordinal()]).size();
            }
            if (pa >= count && pb >= count) {
                return pb - pa;
            }
            if (pa >= count || pb >= count) {
                return pa - pb;
            }
        }
        for (int p = prefer.ordinal(); p < 3; p++) {
            int pa = a.intersection(sets[p]).size();
            int pb = b.intersection(sets[p]).size();
            if (count > 0 && p == prefer.ordinal() && pa >= count && pb >= count) {
                return pb - pa;
            }
            if (pa != pb) {
                return pa - pb;
            }
        }
        for (int p = 0; p < prefer.ordinal(); p++) {
            int na = a.intersection(sets[p]).size();
            int nb = b.intersection(sets[p]).size();
            if (na != nb) {
                return nb - na;
            }
        }
        return 0;
    }

    /** Compares two single CPUs as {@link #compare} does with no count, without building sets. */
    int compareCpus(int a, int b, CpuPriority prefer) {
        int ra = a < rank.length ? rank[a] : -1;
        int rb = b < rank.length ? rank[b] : -1;
        if (prefer == CpuPriority.NONE || ra == rb) {
            return 0;
        }
        for (int p = prefer.ordinal(); p < 3; p++) {
            if (ra == p || rb == p) {
                return ra == p ? 1 : -1;
            }
        }
        for (int p = 0; p < prefer.ordinal(); p++) {
            if (ra == p || rb == p) {
                return ra == p ? -1 : 1;
            }
        }
        return 0;
    }
}
