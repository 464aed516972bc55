package io.numaagent.runner.config;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.runner.host.HostPaths;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates the agent's YAML config. Every problem is a {@link ConfigError} naming the
 * file, line, column and key. Plugin blocks are validated against the plugins' own
 * {@link ConfigKey}s, so a typo in a plugin key is caught before anything runs.
 */
public final class ConfigLoader {

    private static final Set<String> TOP_KEYS = YamlNode.keys("paths", "task_sources", "plugins", "executor", "telemetry");
    private static final ConfigKey<Duration> INTERVAL =
            ConfigKey.duration("interval", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofDays(1), "interval");
    private static final ConfigKey<Duration> MIGRATION_TIME =
            ConfigKey.duration("max_migration_per_cycle", Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofHours(1), "");

    private final Function<String, Optional<PluginFactory>> factories;
    private final List<String> knownPlugins;

    /**
     * @param factories    looks up a plugin factory by name
     * @param knownPlugins names of all available plugins, for the message on an unknown one
     */
    public ConfigLoader(Function<String, Optional<PluginFactory>> factories, List<String> knownPlugins) {
        this.factories = factories;
        this.knownPlugins = List.copyOf(knownPlugins);
    }

    /** Reads and validates a config file. */
    public AgentConfig load(Path file) throws ConfigError {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigError(file.toString(), 0, 0, "", "cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** Parses and validates config text; {@code name} is used in messages. */
    public AgentConfig parse(String name, String text) throws ConfigError {
        Node root;
        try (Reader r = new StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by us, with the key's position
            options.setMaxAliasesForCollections(10);
            options.setCodePointLimit(1 << 20);
            root = new Yaml(options).compose(r);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ConfigError(name, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "",
                    "YAML syntax error: " + e.getProblem());
        } catch (YAMLException | IOException e) {
            throw new ConfigError(name, 0, 0, "", "YAML error: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigError(name, 1, 1, "", "the config is empty; it needs at least a 'plugins:' list");
        }
        YamlNode.Mapping top = new YamlNode(name, "", root).mapping(TOP_KEYS);
        HostPaths paths = paths(top.get("paths"));
        List<TaskSourceConfig> sources = top.has("task_sources") ? taskSources(top.get("task_sources")) : List.of();
        List<PluginEntry> plugins = top.has("plugins") ? plugins(top.get("plugins")) : List.of();
        ExecutorSettings executor = top.has("executor") ? executor(top.get("executor"), plugins) : ExecutorSettings.DEFAULTS;
        TelemetrySettings telemetry = top.has("telemetry") ? telemetry(top.get("telemetry")) : TelemetrySettings.DEFAULTS;
        return new AgentConfig(name, paths, sources, plugins, executor, telemetry);
    }

    private static HostPaths paths(YamlNode node) throws ConfigError {
        if (node == null || node.isNull()) {
            return HostPaths.DEFAULT;
        }
        YamlNode.Mapping m = node.mapping(YamlNode.keys("sysfs", "procfs", "cgroupfs"));
        return new HostPaths(path(m, "sysfs", HostPaths.DEFAULT.sysfs()), path(m, "procfs", HostPaths.DEFAULT.procfs()),
                path(m, "cgroupfs", HostPaths.DEFAULT.cgroupfs()));
    }

    private static Path path(YamlNode.Mapping m, String key, Path def) throws ConfigError {
        if (!m.has(key)) {
            return def;
        }
        String s = m.get(key).string();
        if (!s.startsWith("/")) {
            throw m.get(key).error("must be an absolute path, got '" + s + "'");
        }
        return Path.of(s);
    }

    private static List<TaskSourceConfig> taskSources(YamlNode node) throws ConfigError {
        List<TaskSourceConfig> out = new ArrayList<>();
        for (YamlNode item : node.sequence()) {
            YamlNode.Mapping probe = item.mapping(null);
            String type = probe.required("type").string();
            switch (type) {
                case "static" -> out.add(staticSource(item));
                case "cgroups" -> {
                    YamlNode.Mapping m = item.mapping(YamlNode.keys("type", "parents", "glob", "depth"));
                    List<String> parents = new ArrayList<>();
                    for (YamlNode p : m.required("parents").sequence()) {
                        parents.add(cgroupPath(p));
                    }
                    if (parents.isEmpty()) {
                        throw m.get("parents").error("needs at least one parent cgroup");
                    }
                    String glob = m.has("glob") ? m.get("glob").string() : null;
                    if (glob != null) {
                        try {
                            java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
                        } catch (IllegalArgumentException e) {
                            throw m.get("glob").error("bad glob: " + e.getMessage());
                        }
                    }
                    int depth = m.has("depth") ? m.get("depth").integer(1, 16) : 1;
                    out.add(new TaskSourceConfig.Cgroups(parents, glob, depth));
                }
                case "processes" -> {
                    YamlNode.Mapping m = item.mapping(YamlNode.keys("type", "command", "min_rss"));
                    String regex = m.required("command").string();
                    try {
                        Pattern.compile(regex);
                    } catch (PatternSyntaxException e) {
                        throw m.get("command").error("bad regular expression: " + e.getDescription());
                    }
                    long minRss = m.has("min_rss") ? size(m.get("min_rss")) : 0;
                    out.add(new TaskSourceConfig.Processes(regex, minRss));
                }
                default -> throw probe.get("type").error("unknown task source type '" + type
                        + "'; expected static, cgroups or processes");
            }
        }
        return out;
    }

    private static TaskSourceConfig staticSource(YamlNode item) throws ConfigError {
        YamlNode.Mapping m = item.mapping(YamlNode.keys("type", "tasks"));
        List<TaskSourceConfig.StaticTask> tasks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode t : m.required("tasks").sequence()) {
            YamlNode.Mapping tm = t.mapping(YamlNode.keys("cgroup", "name", "labels", "resources", "qos"));
            String cgroup = cgroupPath(tm.required("cgroup"));
            if (!seen.add(cgroup)) {
                throw tm.get("cgroup").error("cgroup " + cgroup + " is listed twice");
            }
            String name = tm.has("name") ? tm.get("name").string() : cgroup.substring(cgroup.lastIndexOf('/') + 1);
            Map<String, String> labels = new LinkedHashMap<>();
            if (tm.has("labels")) {
                for (Map.Entry<String, YamlNode> e : tm.get("labels").mapping(null).entries().entrySet()) {
                    labels.put(e.getKey(), e.getValue().string());
                }
            }
            Resources resources = tm.has("resources") ? resources(tm.get("resources")) : Resources.NONE;
            QosClass qos = QosClass.UNKNOWN;
            if (tm.has("qos")) {
                String q = tm.get("qos").string();
                qos = switch (q.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
                    case "guaranteed" -> QosClass.GUARANTEED;
                    case "burstable" -> QosClass.BURSTABLE;
                    case "besteffort" -> QosClass.BEST_EFFORT;
                    default -> throw tm.get("qos").error("unknown QoS class '" + q
                            + "'; expected guaranteed, burstable or best-effort");
                };
            }
            tasks.add(new TaskSourceConfig.StaticTask(cgroup, name, labels, resources, qos));
        }
        return new TaskSourceConfig.Static(tasks);
    }

    private static String cgroupPath(YamlNode n) throws ConfigError {
        String s = n.string();
        if (!s.startsWith("/") || s.contains("/../") || s.endsWith("/..") || s.contains("//")) {
            throw n.error("must be a cgroup path relative to the cgroup root, starting with '/', e.g. /batch/a; got '"
                    + s + "'");
        }
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Resources resources(YamlNode node) throws ConfigError {
        YamlNode.Mapping m = node.mapping(YamlNode.keys("cpu_request", "cpu_limit", "memory_request", "memory_limit"));
        return new Resources(cpu(m.get("cpu_request")), cpu(m.get("cpu_limit")), m.has("memory_request")
                ? size(m.get("memory_request")) : 0, m.has("memory_limit") ? size(m.get("memory_limit")) : 0);
    }

    /** CPU as Kubernetes writes it: {@code 500m} millicores, or cores ({@code 2}, {@code 0.5}). */
    private static long cpu(YamlNode n) throws ConfigError {
        if (n == null || n.isNull()) {
            return 0;
        }
        Object v = n.plain();
        if (v instanceof String s && s.matches("\\d+m")) {
            return Long.parseLong(s.substring(0, s.length() - 1));
        }
        if (v instanceof Number num && num.doubleValue() >= 0 && num.doubleValue() < 1e6) {
            return Math.round(num.doubleValue() * 1000);
        }
        throw n.error("must be CPU in cores (2, 0.5) or millicores (500m), got " + n.kind());
    }

    private static long size(YamlNode n) throws ConfigError {
        return convert(n, ConfigKey.size(n.key(), 0, 0, Long.MAX_VALUE, "a size in bytes"));
    }

    /**
     * The runner's own typed values use the plugins' {@link ConfigKey} converters, so that sizes and
     * durations are spelled, checked and reported the same way in every block of the file.
     */
    private static <T> T convert(YamlNode n, ConfigKey<T> key) throws ConfigError {
        try {
            return key.convert(n.plain());
        } catch (ConfigException e) {
            throw n.error(e.getMessage());
        }
    }

    private List<PluginEntry> plugins(YamlNode node) throws ConfigError {
        List<PluginEntry> out = new ArrayList<>();
        Set<String> instances = new HashSet<>();
        for (YamlNode item : node.sequence()) {
            YamlNode.Mapping m = item.mapping(YamlNode.keys("name", "interval", "config"));
            YamlNode nameNode = m.required("name");
            String name = nameNode.string();
            PluginFactory factory = factories.apply(name).orElseThrow(() -> nameNode.error("no plugin named '" + name
                    + "'; available: " + (knownPlugins.isEmpty() ? "none" : String.join(", ", knownPlugins))
                    + " (plugins are found on the class path and in the plugins directory)"));
            if (!instances.add(name)) {
                throw nameNode.error("plugin '" + name + "' is configured twice");
            }
            Duration interval = m.has("interval") ? convert(m.get("interval"), INTERVAL) : INTERVAL.defaultValue();
            YamlNode.Mapping block = null;
            Map<String, Object> raw = new LinkedHashMap<>();
            if (m.has("config")) {
                block = m.get("config").mapping(YamlNode.keys(
                        factory.configKeys().stream().map(ConfigKey::name).toArray(String[]::new)));
                for (Map.Entry<String, YamlNode> e : block.entries().entrySet()) {
                    raw.put(e.getKey(), e.getValue().plain());
                }
            }
            PluginConfig config;
            try {
                config = PluginConfig.of(factory.configKeys(), raw);
            } catch (ConfigException e) {
                throw YamlNode.located(block, m.has("config") ? m.get("config") : item, e);
            }
            Map<String, PluginEntry.Place> places = new LinkedHashMap<>();
            if (block != null) {
                for (Map.Entry<String, YamlNode> e : block.entries().entrySet()) {
                    places.put(e.getKey(), e.getValue().place());
                }
            }
            out.add(new PluginEntry(name, interval, config, item.place(), places));
        }
        return out;
    }

    private static ExecutorSettings executor(YamlNode node, List<PluginEntry> plugins) throws ConfigError {
        YamlNode.Mapping m = node.mapping(YamlNode.keys("apply", "migration", "bandwidth", "move_pages_batch",
                "max_migration_per_cycle", "owners"));
        ExecutorSettings d = ExecutorSettings.DEFAULTS;
        boolean apply = m.has("apply") ? m.get("apply").bool() : d.apply();
        MigrateMemory.MigrationMode mode = d.migration();
        if (m.has("migration")) {
            String s = m.get("migration").string();
            mode = switch (s) {
                case "move_pages" -> MigrateMemory.MigrationMode.MOVE_PAGES;
                case "migrate_pages" -> MigrateMemory.MigrationMode.MIGRATE_PAGES;
                default -> throw m.get("migration").error("must be move_pages or migrate_pages, got '" + s + "'");
            };
        }
        long bandwidth = m.has("bandwidth") ? size(m.get("bandwidth")) : d.bandwidthBytesPerSec();
        int batch = m.has("move_pages_batch") ? m.get("move_pages_batch").integer(1, 1 << 16) : d.movePagesBatchPages();
        Duration maxMigration = m.has("max_migration_per_cycle")
                ? convert(m.get("max_migration_per_cycle"), MIGRATION_TIME) : d.maxMigrationPerCycle();
        Map<Decision.Resource, String> owners = new EnumMap<>(Decision.Resource.class);
        if (m.has("owners")) {
            Map<String, Decision.Resource> byName = new LinkedHashMap<>();
            for (Decision.Resource r : Decision.Resource.values()) {
                byName.put(r.configName(), r);
            }
            YamlNode.Mapping om = m.get("owners").mapping(byName.keySet());
            Set<String> instances = new HashSet<>();
            plugins.forEach(p -> instances.add(p.name()));
            for (Map.Entry<String, YamlNode> e : om.entries().entrySet()) {
                String owner = e.getValue().string();
                if (!instances.contains(owner)) {
                    throw e.getValue().error("owner '" + owner + "' is not a configured plugin; configured: "
                            + String.join(", ", instances));
                }
                owners.put(byName.get(e.getKey()), owner);
            }
        }
        return new ExecutorSettings(apply, mode, bandwidth, batch, maxMigration, owners);
    }

    private static TelemetrySettings telemetry(YamlNode node) throws ConfigError {
        YamlNode.Mapping m = node.mapping(YamlNode.keys("prometheus"));
        TelemetrySettings d = TelemetrySettings.DEFAULTS;
        if (!m.has("prometheus")) {
            return d;
        }
        YamlNode.Mapping p = m.get("prometheus").mapping(YamlNode.keys("enabled", "host", "port"));
        return new TelemetrySettings(p.has("enabled") ? p.get("enabled").bool() : d.prometheusEnabled(),
                p.has("host") ? p.get("host").string() : d.prometheusHost(),
                p.has("port") ? p.get("port").integer(0, 65535) : d.prometheusPort());
    }
}
