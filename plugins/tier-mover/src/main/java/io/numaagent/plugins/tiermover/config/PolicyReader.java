package io.numaagent.plugins.tiermover.config;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.tracking.TrackerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads memtierd's {@code policy: {name, config}} (the policy config a mapping, or a string holding
 * JSON or YAML) into {@link PolicySettings}, with memtierd's validations as errors naming the key
 * path, never a panic. Omitted sub-configs take their documented defaults where memtierd's zero
 * values would break (see the README's differences).
 */
public final class PolicyReader {

    public static final List<String> NAMES = List.of("age", "heat", "ratio", "demote-idle", "avoid-oom");

    private PolicyReader() {
    }

    /** Reads the value of the plugin key {@code policy}. */
    public static PolicySettings read(Object raw) {
        ConfigNode policy = ConfigNode.of("policy", raw);
        ConfigNode.Fields f = policy.fields("name", "config");
        String name = f.required("name", "the policy, one of " + String.join(", ", NAMES)).string();
        ConfigNode config = f.get("config").orElse(ConfigNode.of(f.pathOf("config"), null)).nested();
        return switch (name) {
            case "age" -> age(config);
            case "heat" -> heat(config);
            case "ratio" -> ratio(config);
            case "demote-idle" -> demoteIdle(config);
            case "avoid-oom" -> avoidOom(config);
            case "stub" -> throw new ConfigException(f.pathOf("name"), "policy 'stub' does nothing; use one of "
                    + String.join(", ", NAMES));
            default -> throw new ConfigException(f.pathOf("name"), "unknown policy '" + name + "'; expected one of "
                    + String.join(", ", NAMES));
        };
    }

    private static PolicySettings.Age age(ConfigNode config) {
        ConfigNode.Fields c = config.fields("pidwatcher", "tracker", "mover", "intervalms", "swapoutms", "idledurationms",
                "idlenumas", "activedurationms", "activenumas", "cgroups", "pids");
        deprecated(c, "age");
        return new PolicySettings.Age(watcher(c), tracker(c, null), MoverSettings.read(c), interval(c, 0),
                c.integer("swapoutms", 0, 0, Long.MAX_VALUE), c.integer("idledurationms", 0, 0, Long.MAX_VALUE),
                c.intList("idlenumas", 0, 65535), c.integer("activedurationms", 0, 0, Long.MAX_VALUE),
                c.intList("activenumas", 0, 65535));
    }

    private static PolicySettings.Heat heat(ConfigNode config) {
        ConfigNode.Fields c = config.fields("pidwatcher", "tracker", "heatmap", "forecaster", "mover", "intervalms",
                "heatnumas", "numasize", "cgroups", "pids", "movemode");
        deprecated(c, "heat");
        if (c.has("forecaster")) {
            throw new ConfigException(c.pathOf("forecaster"), "heat forecasters are not supported: they run commands "
                    + "and write files, which a plugin does not do");
        }
        Map<Integer, List<Integer>> heatNumas = new LinkedHashMap<>();
        if (c.has("heatnumas")) {
            ConfigNode hn = c.get("heatnumas").orElseThrow();
            keysOf(hn);
            for (Map.Entry<?, ?> e : ((Map<?, ?>) hn.value()).entrySet()) {
                ConfigNode child = ConfigNode.of(hn.path() + "." + e.getKey(), e.getValue());
                heatNumas.put(intKey(child, e.getKey(), 0, "a heat class"), child.intList(-1, 65535));
            }
        }
        Map<Integer, MemorySize> numaSize = new LinkedHashMap<>();
        if (c.has("numasize")) {
            ConfigNode ns = c.get("numasize").orElseThrow();
            keysOf(ns);
            for (Map.Entry<?, ?> e : ((Map<?, ?>) ns.value()).entrySet()) {
                ConfigNode child = ConfigNode.of(ns.path() + "." + e.getKey(), e.getValue());
                numaSize.put(intKey(child, e.getKey(), -1, "a node"), MemorySize.read(child));
            }
        }
        String mode = c.string("movemode", PolicySettings.Heat.FILL_FAST_FREE);
        if (!mode.equals(PolicySettings.Heat.FILL_FAST_FREE) && !mode.equals(PolicySettings.Heat.NO_LIMITS)) {
            throw new ConfigException(c.pathOf("movemode"), "'movemode' must be fill-fast-free or no-limits, got \"" + mode + "\"");
        }
        return new PolicySettings.Heat(watcher(c), tracker(c, null), HeatmapSettings.read(c), MoverSettings.read(c),
                interval(c, 0), heatNumas, numaSize, mode);
    }

    private static PolicySettings.Ratio ratio(ConfigNode config) {
        ConfigNode.Fields c = config.fields("pidwatcher", "tracker", "mover", "intervalms", "ratio", "ratiotargets");
        double ratio = c.required("ratio", "the share (0 < ratio <= 1) of each process's memory to move").decimal(0, 1);
        if (ratio <= 0) {
            throw new ConfigException(c.pathOf("ratio"), "'ratio' must be above 0");
        }
        List<Integer> targets = c.intList("ratiotargets", -1, 65535);
        TrackerSpec tracker = c.has("tracker") ? tracker(c, "idlepage")
                : TrackerReader.idlePage(ConfigNode.of(c.pathOf("tracker") + ".config", java.util.Map.of()));
        // memtierd: an empty ratiotargets means swap; only the first target is used
        return new PolicySettings.Ratio(watcher(c), tracker, MoverSettings.read(c), interval(c, 5000), ratio,
                targets.isEmpty() ? PolicySettings.SWAP : targets.get(0));
    }

    private static PolicySettings.DemoteIdle demoteIdle(ConfigNode config) {
        ConfigNode.Fields c = config.fields("pidwatcher", "mover", "intervalms", "idlenumas", "pagesofinterestdir", "tracker");
        if (c.has("pagesofinterestdir")) {
            throw new ConfigException(c.pathOf("pagesofinterestdir"), "'pagesofinterestdir' is not supported: a plugin "
                    + "reads no files; select the processes with 'pidwatcher'");
        }
        List<Integer> idle = c.intList("idlenumas", 0, 65535);
        if (idle.isEmpty()) {
            throw new ConfigException(c.pathOf("idlenumas"), "'idlenumas' is required: the node idle pages are moved to");
        }
        long interval = interval(c, 0);
        TrackerSpec.IdlePage tracker;
        if (c.has("tracker")) {
            TrackerSpec t = tracker(c, "idlepage");
            if (!(t instanceof TrackerSpec.IdlePage ip)) {
                throw new ConfigException(c.pathOf("tracker"), "demote-idle needs the idlepage tracker, got " + t.kind());
            }
            tracker = ip;
        } else {
            // memtierd reads the idle bits itself once per round: an idlepage tracker scanning once per interval
            tracker = new TrackerSpec.IdlePage(512, 1, interval, 10_000, 0, 0, 0);
        }
        c.required("pidwatcher", "the processes to demote (memtierd's pagesofinterestdir is not supported)");
        return new PolicySettings.DemoteIdle(watcher(c), tracker, MoverSettings.read(c), interval, idle.get(0));
    }

    private static PolicySettings.AvoidOom avoidOom(ConfigNode config) {
        ConfigNode.Fields c = config.fields("startfreeingmemory", "stopfreeingmemory", "cgroups", "intervalms", "mover");
        MemorySize start = c.get("startfreeingmemory").map(MemorySize::read).orElse(new MemorySize(-1, 8));
        MemorySize stop = c.get("stopfreeingmemory").map(MemorySize::read).orElse(new MemorySize(-1, 16));
        if (start.percent() >= 0 == stop.percent() >= 0
                && (start.percent() >= 0 ? start.percent() > stop.percent() : start.bytes() > stop.bytes())) {
            throw new ConfigException(c.pathOf("stopfreeingmemory"), "'stopfreeingmemory' (" + stop
                    + ") must not be below 'startfreeingmemory' (" + start + ")");
        }
        TaskSelector selector = new TaskSelector.Cgroups(WatcherReader.cgroups(c, "cgroups"));
        // memtierd reads numa_maps itself; here a finder tracker reports each anonymous mapping and its node
        TrackerSpec.Finder finder = new TrackerSpec.Finder(0, 0, null, null, null);
        return new PolicySettings.AvoidOom(selector, finder, MoverSettings.read(c), interval(c, 0), start, stop);
    }

    private static void deprecated(ConfigNode.Fields c, String policy) {
        if (c.has("cgroups")) {
            throw new ConfigException(c.pathOf("cgroups"), "'cgroups' in the " + policy
                    + " policy is deprecated (memtierd refuses it too): use pidwatcher {name: cgroups, config: {cgroups: [...]}}");
        }
        if (c.has("pids")) {
            throw new ConfigException(c.pathOf("pids"), "'pids' in the " + policy
                    + " policy is deprecated (memtierd refuses it too): use pidwatcher {name: pidlist, config: {pids: [...]}}");
        }
    }

    private static TaskSelector watcher(ConfigNode.Fields c) {
        return WatcherReader.read(c.required("pidwatcher", "which processes the policy manages, {name, config}"));
    }

    private static TrackerSpec tracker(ConfigNode.Fields c, String defaultName) {
        if (!c.has("tracker") && defaultName == null) {
            throw new ConfigException(c.pathOf("tracker"), "'tracker' is required: {name, config}, name one of "
                    + String.join(", ", TrackerReader.NAMES));
        }
        return TrackerReader.read(c.get("tracker").orElse(ConfigNode.of(c.pathOf("tracker"), Map.of())), defaultName);
    }

    /** {@code intervalms}: above 0; {@code defaultMs} 0 means required (memtierd refuses 0 or panics on it). */
    private static long interval(ConfigNode.Fields c, long defaultMs) {
        if (!c.has("intervalms") && defaultMs == 0) {
            throw new ConfigException(c.pathOf("intervalms"), "'intervalms' is required: milliseconds between rounds, above 0");
        }
        long v = c.integer("intervalms", defaultMs, 0, 86_400_000);
        if (v == 0 && defaultMs > 0) {
            return defaultMs;
        }
        if (v == 0) {
            throw new ConfigException(c.pathOf("intervalms"), "'intervalms' must be above 0");
        }
        return v;
    }

    private static String[] keysOf(ConfigNode n) {
        if (!(n.value() instanceof Map<?, ?> m)) {
            throw n.error("must be a mapping, got " + ConfigNode.describe(n.value()));
        }
        List<String> keys = new ArrayList<>();
        m.keySet().forEach(k -> keys.add(String.valueOf(k).toLowerCase(java.util.Locale.ROOT)));
        return keys.toArray(String[]::new);
    }

    private static int intKey(ConfigNode at, Object key, int min, String what) {
        try {
            int k = Integer.parseInt(String.valueOf(key).strip());
            if (k < min) {
                throw at.error(what + " must be at least " + min + ", got " + k);
            }
            return k;
        } catch (NumberFormatException e) {
            throw at.error("the key must be " + what + " number, got \"" + key + "\"");
        }
    }
}
