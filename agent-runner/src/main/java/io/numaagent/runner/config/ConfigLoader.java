package io.numaagent.runner.config;

import static io.numaagent.runner.config.RunnerKeys.*;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.runner.host.HostPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates the agent's YAML config. Every problem is a {@link ConfigError} naming the
 * file, line, column and key. Plugin blocks are validated against the plugins' own
 * {@link ConfigKey}s, so a typo in a plugin key is caught before anything runs; the runner's own
 * blocks against the {@link RunnerKeys} tables. This class walks the file's structure and makes
 * the checks that span keys (a cgroup listed twice, an owner that is not a configured plugin).
 */
public final class ConfigLoader {

    /** Finds the plugin factory of a class named by {@code class:}. */
    @FunctionalInterface
    public interface FactoryClasses {
        /** @throws Exception whose message says why the class cannot be used */
        PluginFactory load(String className) throws Exception;
    }

    private final Function<String, Optional<PluginFactory>> factories;
    private final List<String> knownPlugins;
    private final FactoryClasses classes;

    /**
     * A loader without {@code class:} references (a plugin entry naming a class is an error).
     *
     * @param factories    looks up a plugin factory by name
     * @param knownPlugins names of all available plugins, for the message on an unknown one
     */
    public ConfigLoader(Function<String, Optional<PluginFactory>> factories, List<String> knownPlugins) {
        this(factories, knownPlugins, className -> {
            throw new Exception("plugin classes cannot be named here");
        });
    }

    /** @param classes finds the factory of a {@code class:} reference */
    public ConfigLoader(Function<String, Optional<PluginFactory>> factories, List<String> knownPlugins,
                        FactoryClasses classes) {
        this.factories = factories;
        this.knownPlugins = List.copyOf(knownPlugins);
        this.classes = classes;
    }

    /** Reads and validates a config file. */
    public AgentConfig load(Path file) throws ConfigError {
        return parse(file.toString(), SafeYaml.read(file));
    }

    /** Parses and validates config text; {@code name} is used in messages. */
    public AgentConfig parse(String name, String text) throws ConfigError {
        Node root = SafeYaml.compose(name, text);
        if (root == null) {
            throw new ConfigError(name, 1, 1, "", "the config is empty; it needs at least a 'plugins:' list");
        }
        YamlNode.Mapping top = FILE.mapping(new YamlNode(name, "", root));
        HostPaths paths = paths(top.get(PATHS_BLOCK.name()));
        List<TaskSourceConfig> sources = top.has(TASK_SOURCES.name())
                ? taskSources(top.get(TASK_SOURCES.name())) : List.of();
        List<PluginEntry> plugins = top.has(PLUGINS.name()) ? plugins(top.get(PLUGINS.name())) : List.of();
        ExecutorSettings executor = top.has(EXECUTOR_BLOCK.name())
                ? executor(top.get(EXECUTOR_BLOCK.name()), plugins) : ExecutorSettings.DEFAULTS;
        TelemetrySettings telemetry = top.has(TELEMETRY_BLOCK.name())
                ? telemetry(top.get(TELEMETRY_BLOCK.name())) : TelemetrySettings.DEFAULTS;
        ControlSettings control = ControlSettings.DEFAULTS;
        if (top.has(CONTROL_BLOCK.name())) {
            YamlNode.Mapping m = CONTROL.mapping(top.get(CONTROL_BLOCK.name()));
            String socket = CONTROL_SOCKET.read(m);
            control = new ControlSettings(CONTROL_ENABLED.read(m), socket == null ? null : Path.of(socket));
        }
        return new AgentConfig(name, paths, sources, plugins, executor, telemetry, control);
    }

    private static HostPaths paths(YamlNode node) throws ConfigError {
        if (node == null || node.isNull()) {
            return HostPaths.DEFAULT;
        }
        YamlNode.Mapping m = PATHS.mapping(node);
        return new HostPaths(Path.of(SYSFS.read(m)), Path.of(PROCFS.read(m)), Path.of(CGROUPFS.read(m)));
    }

    private static List<TaskSourceConfig> taskSources(YamlNode node) throws ConfigError {
        List<TaskSourceConfig> out = new ArrayList<>();
        for (YamlNode item : node.sequence()) {
            YamlNode.Mapping probe = item.mapping(null);
            String type = SOURCE_TYPE.read(probe);
            switch (type) {
                case RunnerKeys.STATIC -> out.add(staticSource(STATIC_SOURCE.mapping(item)));
                case RunnerKeys.CGROUPS -> {
                    YamlNode.Mapping m = CGROUPS_SOURCE.mapping(item);
                    out.add(new TaskSourceConfig.Cgroups(CGROUP_PARENTS.read(m), CGROUP_GLOB.read(m),
                            CGROUP_DEPTH.read(m)));
                }
                case RunnerKeys.PROCESSES -> {
                    YamlNode.Mapping m = PROCESSES_SOURCE.mapping(item);
                    out.add(new TaskSourceConfig.Processes(PROCESS_COMMAND.read(m), PROCESS_MIN_RSS.read(m)));
                }
                case RunnerKeys.KUBERNETES -> {
                    YamlNode.Mapping m = KUBERNETES_SOURCE.mapping(item);
                    out.add(new TaskSourceConfig.Kubernetes(KUBERNETES_NODE.read(m), KUBERNETES_KUBECONFIG.read(m),
                            RunnerKeys.CGROUP_DRIVERS.get(KUBERNETES_CGROUP_DRIVER.read(m)),
                            KUBERNETES_INITIAL_LIST_TIMEOUT.read(m), KUBERNETES_POD_RESOURCES_SOCKET.read(m),
                            KUBERNETES_POD_RESOURCES_TIMEOUT.read(m)));
                }
                default -> throw probe.get(SOURCE_TYPE.name()).error("unknown task source type '" + type
                        + "'; expected " + RunnerKeys.oneOf(SOURCE_TYPES));
            }
        }
        return out;
    }

    private static TaskSourceConfig staticSource(YamlNode.Mapping m) throws ConfigError {
        List<TaskSourceConfig.StaticTask> tasks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode t : m.required(STATIC_TASKS.name()).sequence()) {
            YamlNode.Mapping tm = STATIC_TASK.mapping(t);
            String cgroup = TASK_CGROUP.read(tm);
            if (!seen.add(cgroup)) {
                throw tm.get(TASK_CGROUP.name()).error("cgroup " + cgroup + " is listed twice");
            }
            String name = TASK_NAME.read(tm);
            if (name == null) {
                name = cgroup.substring(cgroup.lastIndexOf('/') + 1);
            }
            Map<String, String> labels = stringMapping(tm, TASK_LABELS.name());
            Map<String, String> annotations = stringMapping(tm, TASK_ANNOTATIONS.name());
            Resources resources = tm.has(TASK_RESOURCES.name())
                    ? resources(RESOURCES.mapping(tm.get(TASK_RESOURCES.name()))) : Resources.NONE;
            String qos = TASK_QOS.read(tm);
            tasks.add(new TaskSourceConfig.StaticTask(cgroup, name, labels, resources,
                    qos == null ? QosClass.UNKNOWN : QOS_CLASSES.get(qos), containers(tm), annotations));
        }
        return new TaskSourceConfig.Static(tasks);
    }

    /** A mapping of strings under {@code key} (labels, annotations); empty when the key is absent. */
    private static Map<String, String> stringMapping(YamlNode.Mapping m, String key) throws ConfigError {
        Map<String, String> out = new LinkedHashMap<>();
        if (m.has(key)) {
            for (Map.Entry<String, YamlNode> e : m.get(key).mapping(null).entries().entrySet()) {
                out.put(e.getKey(), e.getValue().string());
            }
        }
        return out;
    }

    private static List<TaskSourceConfig.StaticContainer> containers(YamlNode.Mapping task) throws ConfigError {
        List<TaskSourceConfig.StaticContainer> out = new ArrayList<>();
        if (!task.has(TASK_CONTAINERS.name())) {
            return out;
        }
        Set<String> names = new HashSet<>();
        Set<String> cgroups = new HashSet<>();
        for (YamlNode c : task.get(TASK_CONTAINERS.name()).sequence()) {
            YamlNode.Mapping cm = STATIC_CONTAINER.mapping(c);
            String name = CONTAINER_NAME.read(cm);
            if (!names.add(name)) {
                throw cm.get(CONTAINER_NAME.name()).error("container " + name + " is listed twice");
            }
            String sub = CONTAINER_CGROUP.read(cm);
            sub = sub == null ? name : sub;
            if (!cgroups.add(sub)) {
                throw (cm.has(CONTAINER_CGROUP.name()) ? cm.get(CONTAINER_CGROUP.name()) : cm.get(CONTAINER_NAME.name()))
                        .error("sub-cgroup " + sub + " belongs to two containers");
            }
            Resources resources = cm.has(CONTAINER_RESOURCES.name())
                    ? resources(RESOURCES.mapping(cm.get(CONTAINER_RESOURCES.name()))) : Resources.NONE;
            String qos = CONTAINER_QOS.read(cm);
            out.add(new TaskSourceConfig.StaticContainer(name, sub, resources,
                    qos == null ? QosClass.UNKNOWN : QOS_CLASSES.get(qos)));
        }
        return out;
    }

    private static Resources resources(YamlNode.Mapping m) throws ConfigError {
        return new Resources(CPU_REQUEST.read(m), CPU_LIMIT.read(m), MEMORY_REQUEST.read(m), MEMORY_LIMIT.read(m));
    }

    private List<PluginEntry> plugins(YamlNode node) throws ConfigError {
        List<PluginEntry> out = new ArrayList<>();
        Set<String> instances = new HashSet<>();
        for (YamlNode item : node.sequence()) {
            YamlNode.Mapping m = PLUGIN.mapping(item);
            PluginFactory factory;
            YamlNode nameNode;
            if (m.has(PLUGIN_CLASS.name())) {
                factory = factoryOfClass(m);
                nameNode = m.has(PLUGIN_NAME.name()) ? m.get(PLUGIN_NAME.name()) : m.get(PLUGIN_CLASS.name());
            } else {
                if (!m.has(PLUGIN_NAME.name())) {
                    throw item.error("a plugin needs 'name' (one that 'numa-agent plugins' lists) or 'class' "
                            + "(a PluginFactory class on the class path or in a plugin JAR)");
                }
                YamlNode given = m.get(PLUGIN_NAME.name());
                nameNode = given;
                String wanted = PLUGIN_NAME.read(given);
                factory = factories.apply(wanted).orElseThrow(() -> given.error("no plugin named '" + wanted
                        + "'; available: " + (knownPlugins.isEmpty() ? "none" : String.join(", ", knownPlugins))
                        + " (plugins are found on the class path and in the plugins directory)"));
            }
            String name = factory.name();
            if (!instances.add(name)) {
                throw nameNode.error("plugin '" + name + "' is configured twice");
            }
            Duration interval = PLUGIN_INTERVAL.read(m);
            int maxDecisions = PLUGIN_MAX_DECISIONS.read(m);
            YamlNode.Mapping block = null;
            Map<String, Object> raw = new LinkedHashMap<>();
            YamlNode configNode = m.has(PLUGIN_CONFIG.name()) ? m.get(PLUGIN_CONFIG.name()) : null;
            if (configNode != null) {
                block = configNode.mapping(YamlNode.keys(
                        factory.configKeys().stream().map(ConfigKey::name).toArray(String[]::new)));
                for (Map.Entry<String, YamlNode> e : block.entries().entrySet()) {
                    raw.put(e.getKey(), e.getValue().plain());
                }
            }
            PluginConfig config;
            try {
                config = PluginConfig.of(factory.configKeys(), raw);
            } catch (ConfigException e) {
                throw YamlNode.located(block, configNode != null ? configNode : item, e);
            }
            Map<String, PluginEntry.Place> places = new LinkedHashMap<>();
            if (block != null) {
                for (Map.Entry<String, YamlNode> e : block.entries().entrySet()) {
                    places.put(e.getKey(), e.getValue().place());
                }
            }
            out.add(new PluginEntry(name, interval, maxDecisions, config, item.place(), places));
        }
        return out;
    }

    /** The factory a plugin entry names by {@code class:}; a {@code name:} beside it must be that factory's name. */
    private PluginFactory factoryOfClass(YamlNode.Mapping m) throws ConfigError {
        YamlNode classNode = m.get(PLUGIN_CLASS.name());
        String className = PLUGIN_CLASS.read(classNode);
        PluginFactory factory;
        try {
            factory = classes.load(className);
        } catch (Exception e) {
            throw classNode.error(e.getMessage());
        }
        if (m.has(PLUGIN_NAME.name())) {
            YamlNode nameNode = m.get(PLUGIN_NAME.name());
            String given = PLUGIN_NAME.read(nameNode);
            if (!given.equals(factory.name())) {
                throw nameNode.error("class " + className + " is the plugin '" + factory.name() + "', not '" + given
                        + "'; leave 'name' out or give that");
            }
        }
        return factory;
    }

    private static ExecutorSettings executor(YamlNode node, List<PluginEntry> plugins) throws ConfigError {
        YamlNode.Mapping m = EXECUTOR.mapping(node);
        boolean apply = APPLY.read(m);
        MigrateMemory.MigrationMode mode = MIGRATION_MODES.get(MIGRATION.read(m));
        long bandwidth = BANDWIDTH.read(m);
        int batch = MOVE_PAGES_BATCH.read(m);
        Duration maxMigration = MAX_MIGRATION_PER_CYCLE.read(m);
        Map<Decision.Resource, String> owners = new EnumMap<>(Decision.Resource.class);
        if (m.has(EXECUTOR_OWNERS.name())) {
            YamlNode.Mapping om = OWNERS.mapping(m.get(EXECUTOR_OWNERS.name()));
            Set<String> instances = new HashSet<>();
            plugins.forEach(p -> instances.add(p.name()));
            // in file order, so that the first wrong owner in the file is the one reported
            for (Map.Entry<String, YamlNode> e : om.entries().entrySet()) {
                String owner = e.getValue().string();
                if (!instances.contains(owner)) {
                    throw e.getValue().error("owner '" + owner + "' is not a configured plugin; configured: "
                            + String.join(", ", instances));
                }
                owners.put(OWNED_RESOURCES.get(e.getKey()), owner);
            }
        }
        return new ExecutorSettings(apply, mode, bandwidth, batch, maxMigration, owners);
    }

    private static TelemetrySettings telemetry(YamlNode node) throws ConfigError {
        YamlNode.Mapping m = TELEMETRY.mapping(node);
        OtlpSettings otlp = m.has(TELEMETRY_OTLP.name()) ? otlp(m.get(TELEMETRY_OTLP.name())) : null;
        if (!m.has(TELEMETRY_PROMETHEUS.name())) {
            TelemetrySettings d = TelemetrySettings.DEFAULTS;
            return new TelemetrySettings(d.prometheusEnabled(), d.prometheusHost(), d.prometheusPort(), otlp);
        }
        YamlNode.Mapping p = PROMETHEUS.mapping(m.get(TELEMETRY_PROMETHEUS.name()));
        return new TelemetrySettings(PROMETHEUS_ENABLED.read(p), PROMETHEUS_HOST.read(p), PROMETHEUS_PORT.read(p),
                otlp);
    }

    /** {@code otlp: {}} turns the export on with everything left to the environment. */
    private static OtlpSettings otlp(YamlNode node) throws ConfigError {
        YamlNode.Mapping m = OTLP.mapping(node);
        Map<String, String> headers = new LinkedHashMap<>();
        if (m.has(OTLP_HEADERS.name())) {
            for (Map.Entry<String, YamlNode> e : m.get(OTLP_HEADERS.name()).mapping(null).entries().entrySet()) {
                if (!HEADER_NAME.matcher(e.getKey()).matches()) {
                    throw e.getValue().error("not an HTTP header name: \"" + e.getKey() + "\"");
                }
                headers.put(e.getKey(), e.getValue().string());
            }
        }
        return new OtlpSettings(OTLP_ENDPOINT.read(m), OTLP_PROTOCOL.read(m), m.has(OTLP_INTERVAL.name()) ? OTLP_INTERVAL.read(m) : null, headers);
    }

    /** RFC 9110 token characters. */
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
}
