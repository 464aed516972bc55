package io.numaagent.plugins.topologyaware;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.plugins.topologyaware.alloc.Allocator;
import io.numaagent.plugins.topologyaware.alloc.Grant;
import io.numaagent.plugins.topologyaware.cpuclass.CpuClass;
import io.numaagent.plugins.topologyaware.cpuclass.CpuClassPlan;
import io.numaagent.plugins.topologyaware.cpuclass.CpuClassSettings;
import io.numaagent.plugins.topologyaware.pools.CpuClasses;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The plugin's CPU classes: the class each placed container's exclusive CPUs get (resolved when it is placed,
 * as the reference resolves it at allocation), and each cycle the {@code set-cpu-class} /
 * {@code set-uncore-frequency} decisions of {@link CpuClassPlan}, each problem logged once.
 */
final class CpuClassDecisions {

    private final CpuClassSettings settings;
    private final boolean pinCpu;
    private final PluginLogger log;
    /** The class of each placed unit's exclusive CPUs, by unit id, in placement order. */
    private final Map<String, String> classOfUnit = new LinkedHashMap<>();
    private final Set<String> reported = new HashSet<>();
    /** The last cycle's class of each CPU, and that cycle, for the prompt. */
    private Map<Integer, String> lastClasses = Map.of();
    private long lastCycle;

    CpuClassDecisions(CpuClassSettings settings, boolean pinCpu, PluginLogger log) {
        this.settings = settings;
        this.pinCpu = pinCpu;
        this.log = log;
    }

    boolean active() {
        return !settings.isEmpty();
    }

    /** A unit was placed; its exclusive CPUs get {@code cpuClass} (none when empty). */
    void placed(String unit, Optional<String> cpuClass) {
        cpuClass.ifPresentOrElse(c -> classOfUnit.put(unit, c), () -> classOfUnit.remove(unit));
    }

    /** Units that are gone: their CPUs go back to the class of their pool. */
    void retain(Set<String> present) {
        classOfUnit.keySet().retainAll(present);
    }

    /** The class of a unit's exclusive CPUs, if it has one. */
    Optional<String> classOf(String unit) {
        return Optional.ofNullable(classOfUnit.get(unit));
    }

    /** This cycle's decisions; empty without classes. */
    List<Decision> decide(long cycle, String plugin, Platform platform, CpuPower power, CpuClasses cpus,
                          Allocator allocator) {
        if (!active()) {
            return List.of();
        }
        List<CpuClassPlan.Exclusive> exclusive = new ArrayList<>();
        if (pinCpu) { // as the reference: a grant's class is applied where its cpuset is
            for (Grant g : allocator.grants()) {
                String c = classOfUnit.get(g.id());
                if (c != null && !g.exclusive().isEmpty()) {
                    exclusive.add(new CpuClassPlan.Exclusive(g.id(), g.exclusive(), c));
                }
            }
        }
        CpuClassPlan plan = new CpuClassPlan(settings, platform, power, cpus.allowed(), cpus.reserved(), exclusive);
        List<Decision> out = plan.decisions(plugin);
        lastClasses = plan.classes();
        lastCycle = cycle;
        for (String p : plan.problems()) {
            if (reported.add(p)) {
                log.warn("CPU classes: {}", p);
            }
        }
        return out;
    }

    /** {@code cpu-classes}: each class, its CPUs as the last cycle assigned them, and its settings. */
    List<PluginCommands.Command> commands() {
        return List.of(new PluginCommands.Command("cpu-classes", "", "each CPU class: the CPUs the last cycle gave it "
                + "and its settings as configured", this::describe));
    }

    private String describe(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("'cpu-classes' takes no arguments");
        }
        if (!active()) {
            return "no cpuClasses configured";
        }
        if (lastCycle == 0) {
            return "no cycle yet";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"class", "cpus", "settings"});
        for (CpuClass c : settings.classes()) {
            List<Integer> cpus = new ArrayList<>();
            new TreeMap<>(lastClasses).forEach((cpu, name) -> {
                if (name.equals(c.name())) {
                    cpus.add(cpu);
                }
            });
            rows.add(new String[] {c.name(), cpus.isEmpty() ? "-" : CpuSet.of(cpus).toString(), c.parameters()});
        }
        return "as of cycle " + lastCycle + "\n" + PluginCommands.table(rows);
    }
}
