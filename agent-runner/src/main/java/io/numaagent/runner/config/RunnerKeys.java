package io.numaagent.runner.config;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.runner.config.KeyTable.Nested;
import io.numaagent.runner.host.HostPaths;
import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The runner's own config keys, one {@link KeyTable} per mapping of the file, declared once: the
 * loader validates against them, {@link ExecutorSettings#DEFAULTS} and {@link TelemetrySettings#DEFAULTS}
 * are their defaults, and {@code numa-agent config-keys} and the README's table are rendered from
 * them. Plugins' keys ({@code plugins[].config}) are the plugins' own.
 *
 * <p>Why this size (~460 lines): it is a table, one declaration with its doc text per key of every
 * section (paths, task sources including kubernetes, executor, telemetry, control), and nothing else;
 * the README's key table is rendered from it in this order. Splitting it by section would scatter that
 * one table without making any part simpler.
 */
final class RunnerKeys {

    private RunnerKeys() {
    }

    // ---- paths:

    static final Setting<String> SYSFS = absolutePath("sysfs", HostPaths.DEFAULT.sysfs().toString(),
            "sysfs root; the CLI's `--path.sysfs` overrides it");
    static final Setting<String> PROCFS = absolutePath("procfs", HostPaths.DEFAULT.procfs().toString(),
            "procfs root; the CLI's `--path.procfs` overrides it");
    static final Setting<String> CGROUPFS = absolutePath("cgroupfs", HostPaths.DEFAULT.cgroupfs().toString(),
            "cgroup root (v1 or v2); the CLI's `--path.cgroupfs` overrides it");
    static final KeyTable PATHS = KeyTable.of(SYSFS, PROCFS, CGROUPFS);

    // ---- task_sources[]: each item's `type` selects its table

    static final String STATIC = "static";
    static final String CGROUPS = "cgroups";
    static final String PROCESSES = "processes";
    static final String KUBERNETES = "kubernetes";
    /** The task source types, in documentation order. */
    static final List<String> SOURCE_TYPES = List.of(STATIC, CGROUPS, PROCESSES, KUBERNETES);
    static final Setting<String> SOURCE_TYPE = Setting.string("type", null,
            "one of " + String.join(" | ", SOURCE_TYPES), "the kind of source, which decides the item's other keys (below)",
            YamlNode::string).required();

    static final Setting<Long> CPU_REQUEST = cpu("cpu_request", "requested CPU");
    static final Setting<Long> CPU_LIMIT = cpu("cpu_limit", "CPU limit");
    static final Setting<Long> MEMORY_REQUEST = Setting.size("memory_request", 0, "requested memory");
    static final Setting<Long> MEMORY_LIMIT = Setting.size("memory_limit", 0, "memory limit");
    static final KeyTable RESOURCES = KeyTable.of(CPU_REQUEST, CPU_LIMIT, MEMORY_REQUEST, MEMORY_LIMIT);

    static final Setting<String> TASK_CGROUP = cgroupPath("cgroup",
            "the task's cgroup, below the cgroup root, e.g. `/batch/a`; each at most once").required();
    static final Setting<String> TASK_NAME = Setting.string("name", null, "display name")
            .defaultShownAs("last element of `cgroup`");
    static final Nested TASK_LABELS = Nested.freeMapping("labels", "mapping of strings", "labels, `name: value`");
    static final Nested TASK_ANNOTATIONS = Nested.freeMapping("annotations", "mapping of strings",
            "annotations, `name: value` (plugins read them as a pod's, e.g. topology-aware's `topologyhints`)");
    static final Nested TASK_RESOURCES = Nested.mapping("resources", "what the task requests, as Kubernetes says it",
            RESOURCES);
    /** QoS classes by their canonical spelling; {@code _}, {@code -} and case are ignored when reading. */
    static final Map<String, QosClass> QOS_CLASSES = qosClasses();
    static final Setting<String> TASK_QOS = Setting.string("qos", null,
            "one of " + String.join(" | ", QOS_CLASSES.keySet()), "QoS class (case, `-` and `_` are ignored)",
            RunnerKeys::qosClass);
    static final Setting<String> CONTAINER_NAME = Setting.string("name", null, "container name").required();
    static final Setting<String> CONTAINER_CGROUP = Setting.string("cgroup", null, "relative cgroup path",
            "the container's sub-cgroup, below the task's cgroup, e.g. `ctr1`", RunnerKeys::subCgroupPath)
            .defaultShownAs("`name`");
    static final Nested CONTAINER_RESOURCES = Nested.mapping("resources",
            "what the container requests, with the keys of `tasks[].resources`", RESOURCES);
    static final Setting<String> CONTAINER_QOS = Setting.string("qos", null,
            "one of " + String.join(" | ", QOS_CLASSES.keySet()), "the container's QoS class (else the task's)",
            RunnerKeys::qosClass);
    static final KeyTable STATIC_CONTAINER = KeyTable.of(CONTAINER_NAME, CONTAINER_CGROUP, CONTAINER_RESOURCES,
            CONTAINER_QOS);
    static final Nested TASK_CONTAINERS = Nested.list("containers", false,
            "a pod's containers, each placed on its own by plugins that place containers", STATIC_CONTAINER);
    static final KeyTable STATIC_TASK = KeyTable.of(TASK_CGROUP, TASK_NAME, TASK_LABELS, TASK_ANNOTATIONS,
            TASK_RESOURCES, TASK_QOS, TASK_CONTAINERS);
    static final Nested STATIC_TASKS = Nested.list("tasks", true, "the tasks, one mapping each", STATIC_TASK);
    static final KeyTable STATIC_SOURCE = KeyTable.variant("type=" + STATIC, SOURCE_TYPE, STATIC_TASKS);

    static final Setting<List<String>> CGROUP_PARENTS = Setting.stringList("parents", "list of cgroup paths",
            "the cgroups to scan, e.g. `[/kubepods.slice]`; every cgroup beneath them that holds processes is a task",
            RunnerKeys::cgroupParents).required();
    static final Setting<String> CGROUP_GLOB = Setting.string("glob", null, "glob",
            "only cgroups whose path below their parent matches", RunnerKeys::glob);
    static final Setting<Integer> CGROUP_DEPTH = Setting.integer("depth", 1, 1, 16,
            "how many levels below a parent to look (1 = direct children)");
    static final KeyTable CGROUPS_SOURCE = KeyTable.variant("type=" + CGROUPS, SOURCE_TYPE, CGROUP_PARENTS, CGROUP_GLOB,
            CGROUP_DEPTH);

    static final Setting<String> PROCESS_COMMAND = Setting.string("command", null, "regular expression",
            "searched in each process's command line (arguments joined by spaces); the task id is `pid:<n>`",
            RunnerKeys::regex).required();
    static final Setting<Long> PROCESS_MIN_RSS = Setting.size("min_rss", 0,
            "only processes with at least this much resident");
    static final KeyTable PROCESSES_SOURCE = KeyTable.variant("type=" + PROCESSES, SOURCE_TYPE, PROCESS_COMMAND,
            PROCESS_MIN_RSS);

    static final Setting<String> KUBERNETES_NODE = Setting.string("node_name", null, "Kubernetes node name",
            "the node whose pods (`spec.nodeName`) are tasks", RunnerKeys::nodeName)
            .defaultShownAs("`NODE_NAME` from the environment, else the host name (lower case, as the kubelet)");
    static final Setting<String> KUBERNETES_KUBECONFIG = Setting.string("kubeconfig", null, "absolute path",
            "kubeconfig file (its current context) for reaching the API server; must exist and be readable",
            RunnerKeys::readableFile)
            .defaultShownAs("`KUBECONFIG` or `~/.kube/config` when there is one, else in-cluster: the pod's service "
                    + "account (`KUBERNETES_SERVICE_HOST`, token and CA in `/var/run/secrets/kubernetes.io/serviceaccount`)");
    /** Cgroup drivers by their YAML spelling (the kubelet's). */
    static final Map<String, TaskSourceConfig.CgroupDriver> CGROUP_DRIVERS = cgroupDrivers();
    static final Setting<String> KUBERNETES_CGROUP_DRIVER = choice("cgroup_driver", "auto", CGROUP_DRIVERS.keySet(),
            "the kubelet's `cgroupDriver`, which decides the pod cgroups' names; `auto` looks for both");
    static final Setting<Duration> KUBERNETES_INITIAL_LIST_TIMEOUT = Setting.duration("initial_list_timeout",
            Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10),
            "how long the first cycle waits for the first list of pods; later cycles never wait");
    static final Setting<String> KUBERNETES_POD_RESOURCES_SOCKET = Setting.string("pod_resources_socket",
            io.numaagent.runner.kube.podresources.PodResourcesClient.DEFAULT_SOCKET, "absolute path, or empty",
            "the kubelet's pod-resources socket, asked once per container what the kubelet assigned to it (devices "
                    + "with their NUMA nodes, exclusive CPUs, pinned memory) when a running plugin reads that "
                    + "(topology-aware); empty: never asked", RunnerKeys::absolutePathOrEmpty);
    static final Setting<Duration> KUBERNETES_POD_RESOURCES_TIMEOUT = Setting.duration("pod_resources_timeout",
            io.numaagent.runner.kube.podresources.PodResourcesClient.TIMEOUT, Duration.ofMillis(100),
            Duration.ofMinutes(1), "how long one call to the pod-resources API may take (the cycle waits); after a "
                    + "failure the kubelet is asked again 30 s later at the earliest");
    static final KeyTable KUBERNETES_SOURCE = KeyTable.variant("type=" + KUBERNETES, SOURCE_TYPE, KUBERNETES_NODE,
            KUBERNETES_KUBECONFIG, KUBERNETES_CGROUP_DRIVER, KUBERNETES_INITIAL_LIST_TIMEOUT,
            KUBERNETES_POD_RESOURCES_SOCKET, KUBERNETES_POD_RESOURCES_TIMEOUT);

    /** The table that reads an item's {@code type} (its other keys are the type's). */
    static final KeyTable SOURCE = KeyTable.of(SOURCE_TYPE);
    static final Nested TASK_SOURCES = Nested.list("task_sources", false,
            "where tasks come from, in order; the first source to report a task id wins",
            SOURCE, STATIC_SOURCE, CGROUPS_SOURCE, PROCESSES_SOURCE, KUBERNETES_SOURCE);

    // ---- plugins[]

    static final Setting<String> PLUGIN_NAME = Setting.string("name", null,
            "the plugin's name (see `numa-agent plugins`), each at most once; its decisions are attributed to it "
                    + "and `executor.owners` refers to it").defaultShownAs("required unless `class` is given");
    static final Setting<String> PLUGIN_CLASS = Setting.string("class", null, "Java class name",
            "instead of (or beside) `name`: the plugin's `PluginFactory` class, on the class path or in a plugin JAR, "
                    + "e.g. `com.example.HelloPluginFactory`; its name is the factory's",
            YamlNode::string).defaultShownAs("none");
    static final Setting<Duration> PLUGIN_INTERVAL = Setting.duration("interval", Duration.ofSeconds(5),
            Duration.ofMillis(100), Duration.ofDays(1), "how often the plugin decides; also how long one `decide()` "
                    + "call may take before the cycle goes on without it");
    static final Setting<Integer> PLUGIN_MAX_DECISIONS = Setting.integer("max_decisions", 10_000, 1, 1_000_000,
            "most decisions used from one `decide()` call; more are dropped with a warning (a runaway plugin "
                    + "cannot flood the executor)");
    static final Nested PLUGIN_CONFIG = Nested.freeMapping("config", "mapping",
            "the plugin's own keys, listed by `numa-agent plugins`");
    static final KeyTable PLUGIN = KeyTable.of(PLUGIN_NAME, PLUGIN_CLASS, PLUGIN_INTERVAL, PLUGIN_MAX_DECISIONS, PLUGIN_CONFIG);
    static final Nested PLUGINS = Nested.list("plugins", false, "the plugins to run", PLUGIN);

    // ---- executor:

    /** Migration modes by their YAML spelling. */
    static final Map<String, MigrateMemory.MigrationMode> MIGRATION_MODES = migrationModes();

    static final Setting<Boolean> APPLY = Setting.bool("apply", false,
            "`true` writes to the machine; `false` is dry-run: decisions are printed, nothing is written");
    static final Setting<String> MIGRATION = migration();
    static final Setting<Long> BANDWIDTH = Setting.size("bandwidth", 256L << 20,
            "bytes per second for all `move_pages` moves together; `0` = unlimited");
    // 4096, not 512: every move_pages(2) call that moves pages drains the LRU caches of every CPU first
    // (lru_cache_disable: an expedited RCU grace period and work on each CPU), a fixed cost per call that
    // made 512-page calls 3x slower than one migrate_pages(2) (benchmarks/README.md "Mover vs migratepages")
    static final Setting<Integer> MOVE_PAGES_BATCH = Setting.integer("move_pages_batch", 4096, 1, 1 << 16,
            "pages per `move_pages(2)` call: a call's time bounds how far a cycle runs past its migration time; "
                    + "the task's pages wait only for the kernel's own batches of at most 512");
    static final Setting<Duration> MAX_MIGRATION_PER_CYCLE = Setting.duration("max_migration_per_cycle",
            Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofHours(1),
            "memory moving stops after this long in a cycle; the rest continues next cycle");
    /** One key per resource, named as {@link Decision.Resource#configName()}; the value is a plugin's name. */
    static final Map<String, Decision.Resource> OWNED_RESOURCES = ownedResources();
    static final KeyTable OWNERS = owners();
    static final Nested EXECUTOR_OWNERS = Nested.mapping("owners",
            "which plugin owns each resource: decisions by others on it are rejected; without an owner, the first "
                    + "plugin to decide a resource of a task in a cycle wins", OWNERS);
    static final KeyTable EXECUTOR = KeyTable.of(APPLY, MIGRATION, BANDWIDTH, MOVE_PAGES_BATCH, MAX_MIGRATION_PER_CYCLE,
            EXECUTOR_OWNERS);

    // ---- telemetry:

    static final Setting<Boolean> PROMETHEUS_ENABLED = Setting.bool("enabled", true, "serve `/metrics`");
    static final Setting<String> PROMETHEUS_HOST = Setting.string("host", "127.0.0.1",
            "bind address; loopback by default, since the endpoint has no authentication");
    static final Setting<Integer> PROMETHEUS_PORT = Setting.integer("port", 9464, 0, 65535,
            "port (`0` = any free port)");
    static final KeyTable PROMETHEUS = KeyTable.of(PROMETHEUS_ENABLED, PROMETHEUS_HOST, PROMETHEUS_PORT);
    static final Nested TELEMETRY_PROMETHEUS = Nested.mapping("prometheus", "the Prometheus endpoint", PROMETHEUS);
    static final Setting<String> OTLP_ENDPOINT = Setting.string("endpoint", null, "URL",
            "the collector: `http://host:4318` for http/protobuf (`/v1/metrics` is added), `http://host:4317` for "
                    + "grpc; none: `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT`, else the "
                    + "SDK's `http://localhost:4318`", RunnerKeys::otlpEndpoint);
    static final Setting<String> OTLP_PROTOCOL = Setting.string("protocol", null,
            OtlpSettings.GRPC + " | " + OtlpSettings.HTTP_PROTOBUF,
            "none: `OTEL_EXPORTER_OTLP_METRICS_PROTOCOL` / `OTEL_EXPORTER_OTLP_PROTOCOL`, else http/protobuf",
            RunnerKeys::otlpProtocol);
    /** Its default is the SDK's; the loader leaves an absent interval to the environment. */
    private static final ConfigKey<Duration> OTLP_INTERVAL_KEY = ConfigKey.duration("interval", Duration.ofSeconds(60),
            Duration.ofSeconds(1), Duration.ofDays(1), "how often metrics are exported");
    static final Setting<Duration> OTLP_INTERVAL = Setting.custom(OTLP_INTERVAL_KEY, "duration [1s, 1d]",
            "60s", n -> Setting.convert(n, OTLP_INTERVAL_KEY))
            .defaultShownAs("`OTEL_METRIC_EXPORT_INTERVAL`, else 60s");
    static final Nested OTLP_HEADERS = Nested.freeMapping("headers", "mapping of strings",
            "headers sent with every export, `name: value` (e.g. an API key); they replace "
                    + "`OTEL_EXPORTER_OTLP_METRICS_HEADERS` / `OTEL_EXPORTER_OTLP_HEADERS`");
    static final KeyTable OTLP = KeyTable.of(OTLP_ENDPOINT, OTLP_PROTOCOL, OTLP_INTERVAL, OTLP_HEADERS);
    static final Nested TELEMETRY_OTLP = Nested.mapping("otlp",
            "OTLP metrics export through the OpenTelemetry SDK; on when this block is present (`otlp: {}` leaves "
                    + "every value to the environment) or the environment names an OTLP endpoint; values here win "
                    + "over the `OTEL_*` environment", OTLP);
    static final KeyTable TELEMETRY = KeyTable.of(TELEMETRY_PROMETHEUS, TELEMETRY_OTLP);

    // ---- control:

    static final Setting<Boolean> CONTROL_ENABLED = Setting.bool("enabled", true,
            "a long-running agent (`run` without `--once`) listens for `numa-agent prompt`");
    static final Setting<String> CONTROL_SOCKET = absolutePath("socket", null,
            "the prompt's Unix socket (mode 0600; its directory must be writable by its owner only)")
            .defaultShownAs("`control.sock` in the state directory (`--state-dir`)");
    static final KeyTable CONTROL = KeyTable.of(CONTROL_ENABLED, CONTROL_SOCKET);

    // ---- the file

    static final Nested PATHS_BLOCK = Nested.mapping("paths", "where the host's filesystems are", PATHS);
    static final Nested EXECUTOR_BLOCK = Nested.mapping("executor", "how decisions are carried out", EXECUTOR);
    static final Nested TELEMETRY_BLOCK = Nested.mapping("telemetry", "exporters", TELEMETRY);
    static final Nested CONTROL_BLOCK = Nested.mapping("control", "the control prompt (`numa-agent prompt`)", CONTROL);
    static final KeyTable FILE = KeyTable.of(PATHS_BLOCK, TASK_SOURCES, PLUGINS, EXECUTOR_BLOCK, TELEMETRY_BLOCK,
            CONTROL_BLOCK);

    /** An http or https URL with a host, as the OTLP exporter needs. */
    static String otlpEndpoint(YamlNode n) throws ConfigError {
        String v = n.string();
        java.net.URI uri;
        try {
            uri = new java.net.URI(v);
        } catch (java.net.URISyntaxException e) {
            throw n.error("not a URL: \"" + v + "\" (" + e.getReason() + ")");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw n.error("must be an http:// or https:// URL with a host, e.g. http://collector:4318, got \"" + v + "\"");
        }
        return v;
    }

    static String otlpProtocol(YamlNode n) throws ConfigError {
        String v = n.string();
        if (!v.equals(OtlpSettings.GRPC) && !v.equals(OtlpSettings.HTTP_PROTOBUF)) {
            throw n.error("must be " + OtlpSettings.GRPC + " or " + OtlpSettings.HTTP_PROTOBUF + ", got \"" + v + "\"");
        }
        return v;
    }

    /** "a, b or c", as the messages list alternatives. */
    static String oneOf(Collection<String> values) {
        List<String> l = List.copyOf(values);
        return l.size() == 1 ? l.get(0) : String.join(", ", l.subList(0, l.size() - 1)) + " or " + l.get(l.size() - 1);
    }

    private static Setting<String> absolutePath(String name, String defaultValue, String description) {
        return Setting.string(name, defaultValue, "absolute path", description, n -> {
            String s = n.string();
            if (!s.startsWith("/")) {
                throw n.error("must be an absolute path, got '" + s + "'");
            }
            return s;
        });
    }

    /** A cgroup path as the sources use it: starting with '/', no '..' or '//', no trailing '/'. */
    static String cgroupPath(YamlNode n) throws ConfigError {
        String s = n.string();
        if (!s.startsWith("/") || s.contains("/../") || s.endsWith("/..") || s.contains("//")) {
            throw n.error("must be a cgroup path relative to the cgroup root, starting with '/', e.g. /batch/a; got '"
                    + s + "'");
        }
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** A path below a task's cgroup: {@code ctr1} or {@code ctr/1}, no {@code ..}, no leading {@code /}. */
    static String subCgroupPath(YamlNode n) throws ConfigError {
        String s = n.string();
        String p = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        if (p.isEmpty() || p.startsWith("/") || p.contains("//") || ("/" + p + "/").contains("/../")
                || ("/" + p + "/").contains("/./")) {
            throw n.error("must be a cgroup path below the task's cgroup, e.g. ctr1; got '" + s + "'");
        }
        return p;
    }

    /** A Kubernetes node name: a DNS subdomain (RFC 1123: lower case, digits, '-' and '.', at most 253). */
    static String nodeName(YamlNode n) throws ConfigError {
        String s = n.string();
        if (s.length() > 253 || !NODE_NAME.matcher(s).matches()) {
            throw n.error("not a Kubernetes node name (lower-case letters, digits, '-' and '.', at most 253, "
                    + "starting and ending with a letter or digit): '" + s + "'");
        }
        return s;
    }

    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** An absolute path (not checked for existence: the kubelet may make it later), or empty. */
    static String absolutePathOrEmpty(YamlNode n) throws ConfigError {
        String s = n.string();
        if (!s.isEmpty() && !s.startsWith("/")) {
            throw n.error("must be an absolute path or empty, got '" + s + "'");
        }
        return s;
    }

    /** An absolute path to a regular file this process can read (checked when the config is loaded). */
    static String readableFile(YamlNode n) throws ConfigError {
        String s = n.string();
        if (!s.startsWith("/")) {
            throw n.error("must be an absolute path, got '" + s + "'");
        }
        java.nio.file.Path p = java.nio.file.Path.of(s);
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw n.error("no such file: " + s);
        }
        if (!java.nio.file.Files.isReadable(p)) {
            throw n.error("cannot read " + s + " (permission denied)");
        }
        return s;
    }

    /** One of {@code values}, documented as the alternatives. */
    private static Setting<String> choice(String name, String defaultValue, Collection<String> values,
                                          String description) {
        ConfigKey<String> key = ConfigKey.choice(name, defaultValue, List.copyOf(values), description);
        return Setting.custom(key, key.typeName(), defaultValue, n -> {
            String s = n.string();
            if (!values.contains(s)) {
                throw n.error("must be " + oneOf(values) + ", got '" + s + "'");
            }
            return s;
        });
    }

    private static Setting<String> cgroupPath(String name, String description) {
        return Setting.string(name, null, "cgroup path", description, RunnerKeys::cgroupPath);
    }

    private static List<String> cgroupParents(YamlNode n) throws ConfigError {
        List<String> parents = new ArrayList<>();
        for (YamlNode p : n.sequence()) {
            parents.add(cgroupPath(p));
        }
        if (parents.isEmpty()) {
            throw n.error("needs at least one parent cgroup");
        }
        return parents;
    }

    private static String glob(YamlNode n) throws ConfigError {
        String glob = n.string();
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw n.error("bad glob: " + e.getMessage());
        }
        return glob;
    }

    private static String regex(YamlNode n) throws ConfigError {
        String regex = n.string();
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw n.error("bad regular expression: " + e.getDescription());
        }
        return regex;
    }

    /** CPU as Kubernetes writes it: {@code 500m} millicores, or cores ({@code 2}, {@code 0.5}); read as millicores. */
    private static Setting<Long> cpu(String name, String description) {
        return Setting.custom(ConfigKey.size(name, 0, 0, Long.MAX_VALUE, description),
                "CPU (`500m` or cores: `2`, `0.5`)", "0", RunnerKeys::millicores);
    }

    private static long millicores(YamlNode n) throws ConfigError {
        Object v = n.plain();
        if (v instanceof String s && s.matches("\\d+m")) {
            return Long.parseLong(s.substring(0, s.length() - 1));
        }
        if (v instanceof Number num && num.doubleValue() >= 0 && num.doubleValue() < 1e6) {
            return Math.round(num.doubleValue() * 1000);
        }
        throw n.error("must be CPU in cores (2, 0.5) or millicores (500m), got " + n.kind());
    }

    private static String qosClass(YamlNode n) throws ConfigError {
        String q = n.string();
        String plain = normalQos(q);
        for (String canonical : QOS_CLASSES.keySet()) {
            if (normalQos(canonical).equals(plain)) {
                return canonical;
            }
        }
        throw n.error("unknown QoS class '" + q + "'; expected " + oneOf(QOS_CLASSES.keySet()));
    }

    private static String normalQos(String q) {
        return q.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    private static Setting<String> migration() {
        ConfigKey<String> key = ConfigKey.choice("migration", "move_pages", List.copyOf(MIGRATION_MODES.keySet()),
                "how a task's memory is moved: batched `move_pages(2)` calls (bounded stall, paced) or one "
                        + "`migrate_pages(2)` per process (what WCA does)");
        return Setting.custom(key, key.typeName(), key.defaultValue(), n -> {
            String s = n.string();
            if (!MIGRATION_MODES.containsKey(s)) {
                throw n.error("must be " + oneOf(MIGRATION_MODES.keySet()) + ", got '" + s + "'");
            }
            return s;
        });
    }

    private static Map<String, Decision.Resource> ownedResources() {
        Map<String, Decision.Resource> byName = new LinkedHashMap<>();
        for (Decision.Resource r : Decision.Resource.values()) {
            byName.put(r.configName(), r);
        }
        return Collections.unmodifiableMap(byName);
    }

    private static KeyTable owners() {
        List<KeyTable.Entry> keys = new ArrayList<>();
        for (Decision.Resource r : OWNED_RESOURCES.values()) {
            String what = switch (r) {
                case CPUS -> "tasks' `cpuset.cpus`";
                case MEMORY -> "memory placement: `cpuset.mems`, `memory_migrate`, page migration and swap-out";
                case NUMA_BALANCING -> "`kernel.numa_balancing`";
                case CPU_SHARES -> "tasks' CPU weight: `cpu.weight` (cgroup v2) or `cpu.shares` (v1)";
                case SCHEDULING -> "threads' scheduling class: policy, priority, nice (`sched_setattr`) and I/O "
                        + "priority (`ioprio_set`)";
                case IRQ_AFFINITY -> "hardware interrupts' CPU affinity: `/proc/irq/N/smp_affinity_list`";
                case CPU_CLASS -> "CPUs' cpufreq and cpuidle settings and the uncore frequency limits (CPU classes)";
            };
            keys.add(Setting.string(r.configName(), null, "plugin name", "the plugin that owns " + what,
                    YamlNode::string));
        }
        return new KeyTable(null, keys);
    }

    private static Map<String, QosClass> qosClasses() {
        Map<String, QosClass> m = new LinkedHashMap<>();
        m.put("guaranteed", QosClass.GUARANTEED);
        m.put("burstable", QosClass.BURSTABLE);
        m.put("best-effort", QosClass.BEST_EFFORT);
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, TaskSourceConfig.CgroupDriver> cgroupDrivers() {
        Map<String, TaskSourceConfig.CgroupDriver> m = new LinkedHashMap<>();
        m.put("auto", TaskSourceConfig.CgroupDriver.AUTO);
        m.put("systemd", TaskSourceConfig.CgroupDriver.SYSTEMD);
        m.put("cgroupfs", TaskSourceConfig.CgroupDriver.CGROUPFS);
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, MigrateMemory.MigrationMode> migrationModes() {
        Map<String, MigrateMemory.MigrationMode> m = new LinkedHashMap<>();
        m.put("move_pages", MigrateMemory.MigrationMode.MOVE_PAGES);
        m.put("migrate_pages", MigrateMemory.MigrationMode.MIGRATE_PAGES);
        return Collections.unmodifiableMap(m);
    }
}
