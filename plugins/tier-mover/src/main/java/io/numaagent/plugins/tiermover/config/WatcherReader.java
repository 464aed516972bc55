package io.numaagent.plugins.tiermover.config;

import io.numaagent.api.plugin.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads memtierd's {@code pidwatcher: {name, config}} into a {@link TaskSelector}. */
final class WatcherReader {

    static final List<String> NAMES = List.of("cgroups", "proc", "pidlist", "filter");

    /** cgroup v1 controller directories: {@code /sys/fs/cgroup/cpuset/x} is the cgroup {@code /x}. */
    private static final Set<String> V1_CONTROLLERS = Set.of("cpuset", "memory", "cpu", "cpuacct", "cpu,cpuacct", "blkio",
            "pids", "devices", "freezer", "net_cls", "perf_event", "hugetlb", "systemd", "unified");

    private WatcherReader() {
    }

    static TaskSelector read(ConfigNode node) {
        ConfigNode.Fields f = node.fields("name", "config");
        String name = f.required("name", "the pid watcher, one of " + String.join(", ", NAMES)).string();
        ConfigNode config = f.get("config").orElse(ConfigNode.of(f.pathOf("config"), null)).nested();
        return switch (name) {
            case "proc" -> {
                config.fields("intervalms").integer("intervalms", 5000, 0, 86_400_000);
                yield new TaskSelector.AllTasks();
            }
            case "cgroups" -> {
                ConfigNode.Fields c = config.fields("intervalms", "cgroups");
                c.integer("intervalms", 5000, 0, 86_400_000);
                yield new TaskSelector.Cgroups(cgroups(c, "cgroups"));
            }
            case "pidlist" -> {
                ConfigNode.Fields c = config.fields("pids");
                Set<Integer> pids = new LinkedHashSet<>(c.intList("pids", 1, Integer.MAX_VALUE));
                if (pids.isEmpty()) {
                    throw new ConfigException(c.pathOf("pids"), "'pids' is empty: the watcher would select no process");
                }
                yield new TaskSelector.Pids(pids);
            }
            case "filter" -> {
                ConfigNode.Fields c = config.fields("source", "filters");
                TaskSelector source = read(c.required("source", "the pid watcher whose processes are filtered, {name, config}"));
                List<TaskSelector.TaskFilter> filters = new ArrayList<>();
                for (ConfigNode fn : c.get("filters").map(ConfigNode::items).orElse(List.of())) {
                    filters.add(filter(fn));
                }
                yield new TaskSelector.Filtered(source, filters);
            }
            case "stub" -> throw new ConfigException(f.pathOf("name"), "pid watcher 'stub' selects nothing; use one of "
                    + String.join(", ", NAMES));
            default -> throw new ConfigException(f.pathOf("name"), "unknown pid watcher '" + name + "'; expected one of "
                    + String.join(", ", NAMES));
        };
    }

    private static TaskSelector.TaskFilter filter(ConfigNode node) {
        ConfigNode.Fields c = node.fields("procexeregexp", "minvmsizekb", "minvmrsskb", "minprivatedirtykb", "and", "or", "not");
        for (String unsupported : List.of("minvmsizekb", "minprivatedirtykb")) {
            if (c.integer(unsupported, 0, 0, Long.MAX_VALUE) > 0) {
                throw new ConfigException(c.pathOf(unsupported), "'" + unsupported + "' is not supported: the snapshot "
                        + "carries a task's resident memory only; use 'minvmrsskb' (or the runner's processes task source, min_rss)");
            }
        }
        Pattern exe = null;
        if (c.has("procexeregexp")) {
            String re = c.get("procexeregexp").orElseThrow().string();
            try {
                exe = Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(c.pathOf("procexeregexp"), "bad regular expression: " + e.getDescription());
            }
        }
        List<TaskSelector.TaskFilter> and = new ArrayList<>();
        for (ConfigNode n : c.get("and").map(ConfigNode::items).orElse(List.of())) {
            and.add(filter(n));
        }
        List<TaskSelector.TaskFilter> or = new ArrayList<>();
        for (ConfigNode n : c.get("or").map(ConfigNode::items).orElse(List.of())) {
            or.add(filter(n));
        }
        TaskSelector.TaskFilter not = c.get("not").map(WatcherReader::filter).orElse(null);
        return new TaskSelector.TaskFilter(exe, c.integer("minvmrsskb", 0, 0, Long.MAX_VALUE / 1024) * 1024, and, or, not);
    }

    /**
     * A list of cgroup directories as memtierd takes them (absolute filesystem paths such as
     * {@code /sys/fs/cgroup/kubepods.slice}), as cgroup paths relative to the cgroup root.
     */
    static List<String> cgroups(ConfigNode.Fields c, String key) {
        List<String> out = new ArrayList<>();
        for (ConfigNode n : c.get(key).map(ConfigNode::items).orElse(List.of())) {
            out.add(cgroupPath(n));
        }
        if (out.isEmpty()) {
            throw new ConfigException(c.pathOf(key), "'" + key + "' is empty: no cgroup would be selected");
        }
        return List.copyOf(out);
    }

    private static String cgroupPath(ConfigNode n) {
        String p = n.string();
        if (!p.startsWith("/")) {
            throw n.error("must be an absolute cgroup directory (/sys/fs/cgroup/...) or a path below the cgroup root (/...), got \""
                    + p + "\"");
        }
        String s = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        if (s.equals("/sys/fs/cgroup") || s.startsWith("/sys/fs/cgroup/")) {
            s = s.substring("/sys/fs/cgroup".length());
            int slash = s.indexOf('/', 1);
            String first = (slash < 0 ? s.substring(Math.min(1, s.length())) : s.substring(1, slash)).toLowerCase(Locale.ROOT);
            if (V1_CONTROLLERS.contains(first)) {
                s = slash < 0 ? "" : s.substring(slash);
            }
            s = s.isEmpty() ? "/" : s;
        }
        return s;
    }
}
