package io.numaagent.runner.builtin;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code static-placement}: the operator's fixed placement, built into the runner. Each rule pins
 * the tasks whose id matches a glob to given CPUs and memory nodes and can move their memory. It is
 * how an operator pins a known workload without writing a plugin, and what the end-to-end tests use
 * to drive the executor.
 *
 * <p>A rule is one string: {@code "<task-id glob> [cpus=<list>] [mems=<list>] [migrate-to=<node>]
 * [memory-migrate=on|off]"}, e.g. {@code "/batch/* cpus=0-3 mems=0 migrate-to=0"}.
 */
public final class StaticPlacementPluginFactory implements PluginFactory {

    public static final String NAME = "static-placement";

    static final ConfigKey<List<String>> RULES = ConfigKey.stringList("rules", List.of(),
            "Placement rules: \"<task-id glob> [cpus=0-3] [mems=0] [migrate-to=0] [memory-migrate=on|off]\". "
                    + "The first matching rule applies to a task.");
    static final ConfigKey<Integer> NUMA_BALANCING = ConfigKey.integer("numa_balancing", -1, -1, 3,
            "Set kernel.numa_balancing to this mode (0 off, 1 normal, 2 tiering, 3 both); -1 leaves it alone.");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "fixed placement from config rules: cpus, mems, memory moves, numa_balancing";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(RULES, NUMA_BALANCING);
    }

    @Override
    public Plugin create(PluginConfig config, PluginContext context) {
        List<Rule> rules = new ArrayList<>();
        List<String> texts = config.get(RULES);
        for (int i = 0; i < texts.size(); i++) {
            rules.add(Rule.parse(i, texts.get(i)));
        }
        int balancing = config.get(NUMA_BALANCING);
        return new StaticPlacement(rules, balancing);
    }

    /** The plugin: the rules, and which tasks each matched in the last cycle (for {@code plugin static-placement rules}). */
    private static final class StaticPlacement implements Plugin, PluginCommands {
        private final List<Rule> rules;
        private final int balancing;
        private long cycle;
        private Map<Integer, List<String>> matched = Map.of();

        StaticPlacement(List<Rule> rules, int balancing) {
            this.rules = rules;
            this.balancing = balancing;
        }

        @Override
        public List<Decision> decide(Snapshot snapshot) {
            Map<Integer, List<String>> byRule = new TreeMap<>();
            List<Decision> out = StaticPlacementPluginFactory.decide(snapshot, rules, balancing, byRule);
            cycle = snapshot.sequence();
            matched = byRule;
            return out;
        }

        @Override
        public List<Command> commands() {
            return List.of(new Command("rules", "", "each rule and the tasks it matched in the last cycle", this::rules));
        }

        private String rules(List<String> args) {
            if (!args.isEmpty()) {
                throw new IllegalArgumentException("'rules' takes no arguments");
            }
            StringBuilder sb = new StringBuilder(cycle == 0 ? "no cycle yet" : "as of cycle " + cycle);
            for (Rule r : rules) {
                List<String> tasks = matched.getOrDefault(r.index, List.of());
                sb.append("\nrule ").append(r.index + 1).append(" (").append(r.text).append("): ")
                        .append(tasks.isEmpty() ? "no task" : String.join(", ", tasks));
            }
            return sb.toString();
        }
    }

    private static List<Decision> decide(Snapshot snapshot, List<Rule> rules, int balancing,
                                         Map<Integer, List<String>> matched) {
        List<Decision> out = new ArrayList<>();
        if (balancing >= 0 && snapshot.kernel().numaBalancing() != balancing) {
            out.add(new SetNumaBalancing(NAME, balancing, "configured numa_balancing " + balancing));
        }
        for (Task task : snapshot.tasks()) {
            for (Rule r : rules) {
                if (!r.matcher.matches(Path.of(task.id()))) {
                    continue;
                }
                matched.computeIfAbsent(r.index, k -> new ArrayList<>()).add(task.id());
                String why = "rule " + (r.index + 1) + " (" + r.text + ")";
                if (r.memoryMigrate != null) {
                    out.add(new SetMemoryMigrate(NAME, task.id(), r.memoryMigrate, why));
                }
                if (r.cpus != null) {
                    out.add(new SetCpus(NAME, task.id(), r.cpus, why));
                }
                if (r.mems != null) {
                    out.add(new SetMems(NAME, task.id(), r.mems, why));
                }
                if (r.migrateTo >= 0) {
                    out.add(new MigrateMemory(NAME, task.id(), r.migrateTo, why));
                }
                break;
            }
        }
        return out;
    }

    private record Rule(int index, String text, PathMatcher matcher, CpuSet cpus, NodeSet mems, int migrateTo,
                        Boolean memoryMigrate) {

        static Rule parse(int index, String text) {
            String[] parts = text.strip().split("\\s+");
            if (parts.length == 0 || parts[0].isEmpty() || !parts[0].startsWith("/") && !parts[0].startsWith("pid:")
                    && !parts[0].startsWith("*")) {
                throw bad(index, text, "must start with a task-id glob such as /batch/* or pid:*");
            }
            PathMatcher matcher;
            try {
                matcher = FileSystems.getDefault().getPathMatcher("glob:" + parts[0]);
            } catch (IllegalArgumentException e) {
                throw bad(index, text, "bad glob: " + e.getMessage());
            }
            CpuSet cpus = null;
            NodeSet mems = null;
            int migrateTo = -1;
            Boolean memoryMigrate = null;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length != 2) {
                    throw bad(index, text, "'" + parts[i] + "' is not key=value");
                }
                try {
                    switch (kv[0]) {
                        case "cpus" -> cpus = CpuSet.parse(kv[1]);
                        case "mems" -> mems = NodeSet.parse(kv[1]);
                        case "migrate-to" -> migrateTo = Integer.parseInt(kv[1]);
                        case "memory-migrate" -> memoryMigrate = switch (kv[1]) {
                            case "on", "true", "1" -> true;
                            case "off", "false", "0" -> false;
                            default -> throw new IllegalArgumentException("expected on or off");
                        };
                        default -> throw new IllegalArgumentException("unknown setting; expected cpus, mems, migrate-to"
                                + " or memory-migrate");
                    }
                } catch (IllegalArgumentException e) {
                    throw bad(index, text, "'" + parts[i] + "': " + e.getMessage());
                }
            }
            if ((cpus != null && cpus.isEmpty()) || (mems != null && mems.isEmpty()) || migrateTo < -1) {
                throw bad(index, text, "cpus, mems and migrate-to must not be empty or negative");
            }
            return new Rule(index, text, matcher, cpus, mems, migrateTo, memoryMigrate);
        }

        private static ConfigException bad(int index, String text, String why) {
            return new ConfigException("rules", "rule " + (index + 1) + " \"" + text + "\": " + why);
        }
    }
}
