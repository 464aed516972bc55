package io.numaagent.plugins.topologyaware.cpuclass;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.CpuPowerState;
import io.numaagent.api.snapshot.IdleState;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.UncoreDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The class of every CPU and the decisions that give the CPUs their classes' settings, as the reference assigns
 * them: every allowed CPU the shared class, the reserved CPUs the reserved class, and the exclusive CPUs of each
 * grant with a class that class (so a released grant's CPUs are shared again). Symbolic frequencies are resolved
 * per CPU from what its cpufreq shows; {@code turbo} is the highest frequency only for the classes of the highest
 * {@code turboPriority} with CPUs in the package, the base frequency for the others. Each die's uncore limits are
 * the highest of its CPUs' classes'. A decision is made only for CPUs (dies) whose settings the snapshot shows
 * otherwise; a setting the CPU cannot take (no cpufreq, a governor or preference it does not offer, an idle state
 * it lacks, a frequency outside its range) is left out and named in {@link #problems()}.
 */
public final class CpuClassPlan {

    /** Exclusive CPUs of one container and their class. */
    public record Exclusive(String container, CpuSet cpus, String cpuClass) {
    }

    /** The settings one CPU is to show; 0, empty and null as in {@link SetCpuClass}. */
    private record Wanted(String cpuClass, long min, long max, String governor, String epp, List<String> idle) {
    }

    private final CpuClassSettings settings;
    private final Platform platform;
    private final CpuPower power;
    /** CPU → class and → why it has it, in CPU order. */
    private final Map<Integer, String> classOf = new TreeMap<>();
    private final Map<Integer, String> roleOf = new TreeMap<>();
    private final Set<String> problems = new LinkedHashSet<>();
    /** Per-CPU problems: the words after "cpu N", to the CPUs that have them. */
    private final Map<String, List<Integer>> byCpus = new LinkedHashMap<>();

    /**
     * @param allowed   the CPUs the policy uses ({@code availableResources})
     * @param reserved  the reserved CPUs
     * @param exclusive the exclusive CPUs of the grants that have a class
     */
    public CpuClassPlan(CpuClassSettings settings, Platform platform, CpuPower power, CpuSet allowed, CpuSet reserved,
                        List<Exclusive> exclusive) {
        this.settings = settings;
        this.platform = platform;
        this.power = power;
        for (int cpu : allowed.stream().toArray()) {
            classOf.put(cpu, settings.shared());
            roleOf.put(cpu, "shared CPUs");
        }
        for (int cpu : reserved.intersection(allowed).stream().toArray()) {
            classOf.put(cpu, settings.reserved());
            roleOf.put(cpu, "reserved CPUs");
        }
        for (Exclusive e : exclusive) {
            for (int cpu : e.cpus().stream().toArray()) {
                classOf.put(cpu, e.cpuClass());
                roleOf.put(cpu, "exclusive CPUs of " + e.container());
            }
        }
    }

    /** Each CPU's class. */
    public Map<Integer, String> classes() {
        return Map.copyOf(classOf);
    }

    /** What could not be set, in words, CPUs with the same problem in one (the caller logs each once). */
    public Set<String> problems() {
        Set<String> out = new LinkedHashSet<>();
        byCpus.forEach((what, cpus) -> out.add(cpus.size() == 1 ? "cpu " + cpus.get(0) + what
                : "cpus " + CpuSet.of(cpus) + plural(what)));
        out.addAll(problems);
        return out;
    }

    /** A problem of one CPU: {@code what} follows "cpu N" (" has no ...", ": class ..."). */
    private void cpuProblem(int cpu, String what) {
        List<Integer> cpus = byCpus.computeIfAbsent(what, k -> new ArrayList<>());
        if (!cpus.contains(cpu)) {
            cpus.add(cpu);
        }
    }

    private static String plural(String what) {
        for (Map.Entry<String, String> v : Map.of(" has ", " have ", " shows ", " show ", " takes ", " take ").entrySet()) {
            if (what.startsWith(v.getKey())) {
                return v.getValue() + what.substring(v.getKey().length());
            }
        }
        return what;
    }

    /** The decisions of plugin {@code plugin}: CPUs first (grouped by equal settings), then dies. */
    public List<Decision> decisions(String plugin) {
        Map<Integer, Integer> winners = turboWinners();
        boolean idleManaged = settings.classes().stream().anyMatch(c -> !c.disabledCstates().isEmpty());
        Map<Wanted, List<Integer>> groups = new LinkedHashMap<>();
        Map<Wanted, Set<String>> roles = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> e : classOf.entrySet()) {
            int id = e.getKey();
            CpuClass c = settings.named(e.getValue()).orElseThrow();
            CpuPowerState state = power.cpu(id).orElse(null);
            if (state == null) {
                cpuProblem(id, " shows neither cpufreq nor cpuidle states: class " + c.name()
                        + " not applied there");
                continue;
            }
            Wanted w = wanted(c, state, winners.getOrDefault(socketOf(id), 0), idleManaged);
            if (w == null || holds(state, w)) {
                continue;
            }
            groups.computeIfAbsent(w, k -> new ArrayList<>()).add(id);
            roles.computeIfAbsent(w, k -> new LinkedHashSet<>()).add(roleOf.get(id));
        }
        List<Decision> out = new ArrayList<>();
        groups.forEach((w, cpus) -> out.add(new SetCpuClass(plugin, w.cpuClass(), CpuSet.of(cpus), w.min(), w.max(),
                w.governor(), w.epp(), w.idle(), "class " + w.cpuClass() + " of " + reason(roles.get(w)))));
        out.addAll(uncore(plugin));
        return out;
    }

    private static String reason(Set<String> roles) {
        List<String> exclusive = roles.stream().filter(r -> r.startsWith("exclusive")).toList();
        List<String> out = new ArrayList<>(roles.stream().filter(r -> !r.startsWith("exclusive")).toList());
        if (exclusive.size() > 3) {
            out.add("exclusive CPUs of " + exclusive.size() + " containers");
        } else {
            out.addAll(exclusive);
        }
        return String.join(", ", out);
    }

    /** Per package, the highest turboPriority among the classes with CPUs there (0: no arbitration). */
    private Map<Integer, Integer> turboWinners() {
        Map<Integer, Integer> out = new TreeMap<>();
        classOf.forEach((cpu, name) -> out.merge(socketOf(cpu), settings.named(name).orElseThrow().turboPriority(),
                Math::max));
        return out;
    }

    private Wanted wanted(CpuClass c, CpuPowerState s, int turboWinner, boolean idleManaged) {
        int cpu = s.cpu();
        long min = 0;
        long max = 0;
        String governor = "";
        String epp = "";
        boolean freq = c.minFreq().isSet() || c.maxFreq().isSet() || !c.freqGovernor().isEmpty()
                || !c.energyPerformancePreference().isEmpty();
        if (freq && !s.cpufreq()) {
            cpuProblem(cpu, " has no cpufreq (no frequency scaling driver): frequencies, governor and preference "
                    + "of class " + c.name() + " not set");
        } else if (freq) {
            long base = s.baseKhz() > 0 ? s.baseKhz() : s.limitMaxKhz();
            long turbo = turboWinner == 0 || c.turboPriority() >= turboWinner ? s.limitMaxKhz() : base;
            min = inRange(cpu, c, "minFreq", c.minFreq().resolve(s.limitMinKhz(), base, turbo), s);
            max = inRange(cpu, c, "maxFreq", c.maxFreq().resolve(s.limitMinKhz(), base, turbo), s);
            if (min > 0 && max > 0 && min > max) {
                cpuProblem(cpu, ": class " + c.name() + "'s minFreq (" + min + " kHz) is above its maxFreq ("
                        + max + " kHz) there; the minimum is set to the maximum");
                min = max;
            }
            if (min > 0 && max == 0 && s.maxKhz() > 0 && min > s.maxKhz()) {
                cpuProblem(cpu, ": class " + c.name() + "'s minFreq (" + min + " kHz) is above the maximum the CPU "
                        + "shows (" + s.maxKhz() + " kHz) and the class sets none; not set");
                min = 0;
            }
            if (max > 0 && min == 0 && s.minKhz() > max) {
                min = max; // the kernel would hold the minimum at the new maximum anyway (the maximum wins): say so
            }
            governor = offered(cpu, "governor", c.freqGovernor(), s.governors());
            epp = preference(cpu, c.energyPerformancePreference(), s);
        }
        List<String> idle = null;
        if (idleManaged && !s.idleStates().isEmpty()) {
            idle = new ArrayList<>();
            for (String name : c.disabledCstates()) {
                if (s.idleState(name).isPresent()) {
                    idle.add(name);
                } else {
                    cpuProblem(cpu, " has no idle state " + name + " (class " + c.name() + ")");
                }
            }
        } else if (!c.disabledCstates().isEmpty()) {
            cpuProblem(cpu, " has no cpuidle states: class " + c.name() + "'s disabledCstates not applied there");
        }
        if (min == 0 && max == 0 && governor.isEmpty() && epp.isEmpty() && idle == null) {
            return null;
        }
        return new Wanted(c.name(), min, max, governor, epp, idle);
    }

    /** A resolved frequency within the CPU's range, else 0 (named in the problems). */
    private long inRange(int cpu, CpuClass c, String what, long khz, CpuPowerState s) {
        if (khz > 0 && (s.limitMinKhz() > 0 && khz < s.limitMinKhz() || s.limitMaxKhz() > 0 && khz > s.limitMaxKhz())) {
            cpuProblem(cpu, ": class " + c.name() + "'s " + what + " (" + khz + " kHz) is outside its range "
                    + s.limitMinKhz() + ".." + s.limitMaxKhz() + " kHz; not set");
            return 0;
        }
        return khz;
    }

    private String offered(int cpu, String what, String wanted, List<String> offered) {
        if (wanted.isEmpty() || offered.isEmpty() || offered.contains(wanted)) {
            return wanted;
        }
        cpuProblem(cpu, " has no " + what + " " + wanted + " (available: " + String.join(" ", offered) + ")");
        return "";
    }

    private String preference(int cpu, String wanted, CpuPowerState s) {
        if (wanted.isEmpty()) {
            return "";
        }
        if (!s.hasEnergyPerformancePreference()) {
            cpuProblem(cpu, " has no energy_performance_preference (driver " + s.driver() + ")");
            return "";
        }
        if (wanted.matches("\\d+")) {
            if (!s.driver().equals("intel_pstate")) {
                cpuProblem(cpu, " takes a numeric energy_performance_preference only under intel_pstate; its "
                        + "driver is " + s.driver());
                return "";
            }
            return wanted;
        }
        return offered(cpu, "energy_performance_preference", wanted, s.energyPerformancePreferences());
    }

    /** Whether the CPU already shows what it is to show. */
    private static boolean holds(CpuPowerState s, Wanted w) {
        if (w.min() > 0 && s.minKhz() != w.min() || w.max() > 0 && s.maxKhz() != w.max()
                || !w.governor().isEmpty() && !s.governor().equals(w.governor())
                || !w.epp().isEmpty() && !SetCpuClass.samePreference(s.energyPerformancePreference(), w.epp())) {
            return false;
        }
        if (w.idle() != null) {
            for (IdleState st : s.idleStates()) {
                if (st.disabled() != w.idle().contains(st.name())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Per die with a class that limits the uncore: the highest limits of its classes, where the domain differs. */
    private List<Decision> uncore(String plugin) {
        Map<List<Integer>, long[]> limits = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? Integer.compare(a.get(1), b.get(1)) : Integer.compare(a.get(0), b.get(0)));
        Map<List<Integer>, Set<String>> classesOn = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> e : classOf.entrySet()) {
            Cpu cpu = platform.cpu(e.getKey()).orElse(null);
            CpuClass c = settings.named(e.getValue()).orElseThrow();
            if (cpu == null || !c.uncoreMinFreq().isSet() && !c.uncoreMaxFreq().isSet()) {
                continue;
            }
            List<Integer> die = List.of(cpu.socket(), cpu.die());
            long[] l = limits.computeIfAbsent(die, k -> new long[2]);
            l[0] = Math.max(l[0], c.uncoreMinFreq().khz());
            l[1] = Math.max(l[1], c.uncoreMaxFreq().khz());
            classesOn.computeIfAbsent(die, k -> new LinkedHashSet<>()).add(c.name());
        }
        List<Decision> out = new ArrayList<>();
        limits.forEach((die, l) -> {
            String name = UncoreDomain.directory(die.get(0), die.get(1));
            UncoreDomain u = power.uncore(die.get(0), die.get(1)).orElse(null);
            if (u == null) {
                problems.add("no uncore frequency domain " + name + " (intel_uncore_frequency not loaded): uncore "
                        + "limits of classes " + String.join(", ", classesOn.get(die)) + " not set");
                return;
            }
            long min = uncoreInRange(name, l[0], u);
            long max = uncoreInRange(name, l[1], u);
            if (min > 0 && max > 0 && min > max) {
                problems.add(name + ": uncore minimum " + min + " kHz above the maximum " + max
                        + " kHz of the classes there; the minimum is set to the maximum");
                min = max;
            }
            if ((min > 0 && u.minKhz() != min || max > 0 && u.maxKhz() != max)) {
                out.add(new SetUncoreFrequency(plugin, die.get(0), die.get(1), min, max, "uncore limits of classes "
                        + String.join(", ", classesOn.get(die)) + " on package " + die.get(0) + " die " + die.get(1)));
            }
        });
        return out;
    }

    private long uncoreInRange(String name, long khz, UncoreDomain u) {
        if (khz > 0 && (u.initialMinKhz() > 0 && khz < u.initialMinKhz()
                || u.initialMaxKhz() > 0 && khz > u.initialMaxKhz())) {
            problems.add(name + ": uncore " + khz + " kHz is outside its range " + u.initialMinKhz() + ".."
                    + u.initialMaxKhz() + " kHz; not set");
            return 0;
        }
        return khz;
    }

    private int socketOf(int cpu) {
        return platform.cpu(cpu).map(Cpu::socket).orElse(0);
    }
}
