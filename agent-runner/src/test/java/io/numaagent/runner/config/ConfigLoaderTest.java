package io.numaagent.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.testing.RecordingPluginContext;
import io.numaagent.runner.builtin.StaticPlacementPluginFactory;
import io.numaagent.runner.host.HostPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    private static final PluginFactory STATIC = new StaticPlacementPluginFactory();
    private static final ConfigLoader LOADER = new ConfigLoader(
            n -> n.equals(STATIC.name()) ? Optional.of(STATIC) : Optional.empty(), List.of(STATIC.name()));

    @Test
    void fullConfigIsReadWithEveryValue() throws ConfigError {
        String yaml = """
                paths:
                  sysfs: /host/sys
                  procfs: /host/proc
                task_sources:
                  - type: static
                    tasks:
                      - cgroup: /batch/a/
                        labels: {team: db}
                        annotations: {topologyhints.resource-policy.nri.io: "false"}
                        resources: {cpu_request: 500m, cpu_limit: 2, memory_request: 1Gi, memory_limit: 2G}
                        qos: best-effort
                  - type: cgroups
                    parents: [/kubepods.slice]
                    glob: "*pod*"
                    depth: 3
                  - type: processes
                    command: "java .*Server"
                    min_rss: 100Mi
                plugins:
                  - name: static-placement
                    interval: 500ms
                    config:
                      rules: ["/batch/* cpus=0-3 mems=0"]
                      numa_balancing: 0
                executor:
                  apply: true
                  migration: migrate_pages
                  bandwidth: 64Mi
                  move_pages_batch: 256
                  max_migration_per_cycle: 2s
                  owners: {cpus: static-placement, numa-balancing: static-placement}
                telemetry:
                  prometheus: {enabled: false, host: 0.0.0.0, port: 9999}
                """;
        AgentConfig c = LOADER.parse("agent.yaml", yaml);

        assertThat(c.paths()).isEqualTo(new HostPaths(Path.of("/host/sys"), Path.of("/host/proc"), Path.of("/sys/fs/cgroup")));
        assertThat(c.taskSources()).containsExactly(
                new TaskSourceConfig.Static(List.of(new TaskSourceConfig.StaticTask("/batch/a", "a", Map.of("team", "db"),
                        new Resources(500, 2000, 1L << 30, 2_000_000_000L), QosClass.BEST_EFFORT, List.of(),
                        Map.of("topologyhints.resource-policy.nri.io", "false")))),
                new TaskSourceConfig.Cgroups(List.of("/kubepods.slice"), "*pod*", 3),
                new TaskSourceConfig.Processes("java .*Server", 100L << 20));
        assertThat(c.plugins()).hasSize(1);
        PluginEntry p = c.plugins().get(0);
        assertThat(p.name()).isEqualTo("static-placement");
        assertThat(p.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.config().asMap()).containsExactly(Map.entry("rules", List.of("/batch/* cpus=0-3 mems=0")),
                Map.entry("numa_balancing", 0));
        assertThat(p.keyPlaces().get("numa_balancing")).isEqualTo(
                new PluginEntry.Place("agent.yaml", 24, 23, "plugins[0].config.numa_balancing"));
        assertThat(c.executor()).isEqualTo(new ExecutorSettings(true, MigrateMemory.MigrationMode.MIGRATE_PAGES, 64L << 20,
                256, Duration.ofSeconds(2), Map.of(Decision.Resource.CPUS, "static-placement",
                Decision.Resource.NUMA_BALANCING, "static-placement")));
        assertThat(c.telemetry()).isEqualTo(new TelemetrySettings(false, "0.0.0.0", 9999));
    }

    @Test
    void staticPodContainersAreReadWithTheirResourcesAndQos() throws ConfigError {
        AgentConfig c = LOADER.parse("agent.yaml", """
                task_sources:
                  - type: static
                    tasks:
                      - cgroup: /kubepods/pod1
                        qos: burstable
                        containers:
                          - {name: app, cgroup: ctr/1/, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2}}
                          - name: sidecar
                """);

        assertThat(c.taskSources()).containsExactly(new TaskSourceConfig.Static(List.of(new TaskSourceConfig.StaticTask(
                "/kubepods/pod1", "pod1", Map.of(), Resources.NONE, QosClass.BURSTABLE, List.of(
                        new TaskSourceConfig.StaticContainer("app", "ctr/1", new Resources(2000, 2000, 0, 0),
                                QosClass.GUARANTEED),
                        new TaskSourceConfig.StaticContainer("sidecar", "sidecar", Resources.NONE, QosClass.UNKNOWN))))));
    }

    @Test
    void kubernetesSourceIsReadWithItsDefaults(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path kubeconfig = java.nio.file.Files.writeString(tmp.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        AgentConfig c = LOADER.parse("agent.yaml", "task_sources:\n  - type: kubernetes\n"
                + "  - type: kubernetes\n    node_name: worker-1.example\n    kubeconfig: " + kubeconfig
                + "\n    cgroup_driver: cgroupfs\n    initial_list_timeout: 5s\n"
                + "  - type: kubernetes\n    pod_resources_socket: /run/kubelet/pr.sock\n    pod_resources_timeout: 500ms\n"
                + "  - type: kubernetes\n    pod_resources_socket: ''\n");

        assertThat(c.taskSources()).containsExactly(
                new TaskSourceConfig.Kubernetes(null, null, TaskSourceConfig.CgroupDriver.AUTO, Duration.ofSeconds(30),
                        "/var/lib/kubelet/pod-resources/kubelet.sock", Duration.ofSeconds(2)),
                new TaskSourceConfig.Kubernetes("worker-1.example", kubeconfig.toString(),
                        TaskSourceConfig.CgroupDriver.CGROUPFS, Duration.ofSeconds(5)),
                new TaskSourceConfig.Kubernetes(null, null, TaskSourceConfig.CgroupDriver.AUTO, Duration.ofSeconds(30),
                        "/run/kubelet/pr.sock", Duration.ofMillis(500)),
                new TaskSourceConfig.Kubernetes(null, null, TaskSourceConfig.CgroupDriver.AUTO, Duration.ofSeconds(30),
                        "", Duration.ofSeconds(2)));
    }

    @Test
    void defaultsWhenBlocksAreMissing() throws ConfigError {
        AgentConfig c = LOADER.parse("min.yaml", "plugins:\n  - name: static-placement\n");
        assertThat(c.paths()).isEqualTo(HostPaths.DEFAULT);
        assertThat(c.executor()).isEqualTo(ExecutorSettings.DEFAULTS);
        assertThat(c.executor().apply()).as("dry-run unless apply: true").isFalse();
        assertThat(c.telemetry()).isEqualTo(TelemetrySettings.DEFAULTS);
        assertThat(c.plugins().get(0).interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.plugins().get(0).config().asMap()).containsEntry("numa_balancing", -1);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("unknownTopKey", "plugin:\n  - name: x\n",
                        "bad.yaml:1:1: plugin: unknown key 'plugin'; expected one of: paths, task_sources, plugins, executor, telemetry, control"),
                Arguments.of("syntaxError", "plugins:\n  - name: [static\n",
                        "bad.yaml:3:1: YAML syntax error: expected ',' or ']', but got <stream end>"),
                Arguments.of("tabIndentation", "plugins:\n\t- name: x\n",
                        "bad.yaml:2:1: YAML syntax error: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
                Arguments.of("emptyFile", "", "bad.yaml:1:1: the config is empty; it needs at least a 'plugins:' list"),
                Arguments.of("unknownPlugin", "plugins:\n  - name: numa-alocator\n",
                        "bad.yaml:2:11: plugins[0].name: no plugin named 'numa-alocator'; available: static-placement"
                                + " (plugins are found on the class path and in the plugins directory)"),
                Arguments.of("unknownPluginKey", "plugins:\n  - name: static-placement\n    config:\n      rulez: []\n",
                        "bad.yaml:4:7: plugins[0].config.rulez: unknown key 'rulez'; expected one of: rules, numa_balancing"),
                Arguments.of("pluginValueOutOfRange",
                        "plugins:\n  - name: static-placement\n    config:\n      numa_balancing: 7\n",
                        "bad.yaml:4:23: plugins[0].config.numa_balancing: 'numa_balancing' = 7 is out of range [-1, 3]"),
                Arguments.of("pluginWrongType",
                        "plugins:\n  - name: static-placement\n    config:\n      rules: yes\n",
                        "bad.yaml:4:14: plugins[0].config.rules: 'rules' must be a list of strings; got true (boolean)"),
                Arguments.of("intervalGarbage", "plugins:\n  - name: static-placement\n    interval: soon\n",
                        "bad.yaml:3:15: plugins[0].interval: 'interval' must be a duration like 500ms, 5s or 1m; got \"soon\""),
                Arguments.of("intervalTooShort", "plugins:\n  - name: static-placement\n    interval: 1ms\n",
                        "bad.yaml:3:15: plugins[0].interval: 'interval' = 1ms is out of range [100ms, 86400s]"),
                Arguments.of("pluginTwice", "plugins:\n  - name: static-placement\n  - name: static-placement\n",
                        "bad.yaml:3:11: plugins[1].name: plugin 'static-placement' is configured twice"),
                Arguments.of("applyNotBoolean", "executor:\n  apply: maybe\n",
                        "bad.yaml:2:10: executor.apply: must be true or false, got string 'maybe'"),
                Arguments.of("badMigration", "executor:\n  migration: teleport\n",
                        "bad.yaml:2:14: executor.migration: must be move_pages or migrate_pages, got 'teleport'"),
                Arguments.of("badBandwidth", "executor:\n  bandwidth: fast\n",
                        "bad.yaml:2:14: executor.bandwidth: 'bandwidth' must be a size like 512Mi or 2G; got \"fast\""),
                Arguments.of("batchOutOfRange", "executor:\n  move_pages_batch: 0\n",
                        "bad.yaml:2:21: executor.move_pages_batch: 0 is out of range [1, 65536]"),
                Arguments.of("ownerNotConfigured", "plugins:\n  - name: static-placement\nexecutor:\n  owners: {cpus: topology-aware}\n",
                        "bad.yaml:4:18: executor.owners.cpus: owner 'topology-aware' is not a configured plugin; configured: static-placement"),
                Arguments.of("ownerUnknownResource", "executor:\n  owners: {disks: x}\n",
                        "bad.yaml:2:12: executor.owners.disks: unknown key 'disks'; expected one of: cpus, memory, numa-balancing, cpu-shares, scheduling, irq-affinity, cpu-class"),
                Arguments.of("staticAnnotationNotAString", "task_sources:\n  - type: static\n    tasks:\n"
                                + "      - cgroup: /x\n        annotations: {a: [1]}\n",
                        "bad.yaml:5:26: task_sources[0].tasks[0].annotations.a: must be a string, got a list"),
                Arguments.of("relativeSysfs", "paths:\n  sysfs: sys\n",
                        "bad.yaml:2:10: paths.sysfs: must be an absolute path, got 'sys'"),
                Arguments.of("unknownSourceType", "task_sources:\n  - type: kubelet2\n",
                        "bad.yaml:2:11: task_sources[0].type: unknown task source type 'kubelet2'; expected static, cgroups, processes or kubernetes"),
                Arguments.of("kubernetesNodeNameUpperCase", "task_sources:\n  - type: kubernetes\n    node_name: Node_A\n",
                        "bad.yaml:3:16: task_sources[0].node_name: not a Kubernetes node name (lower-case letters, "
                                + "digits, '-' and '.', at most 253, starting and ending with a letter or digit): 'Node_A'"),
                Arguments.of("kubernetesKubeconfigMissing",
                        "task_sources:\n  - type: kubernetes\n    kubeconfig: /nonexistent/kubeconfig\n",
                        "bad.yaml:3:17: task_sources[0].kubeconfig: no such file: /nonexistent/kubeconfig"),
                Arguments.of("kubernetesKubeconfigRelative", "task_sources:\n  - type: kubernetes\n    kubeconfig: kc\n",
                        "bad.yaml:3:17: task_sources[0].kubeconfig: must be an absolute path, got 'kc'"),
                Arguments.of("kubernetesPodResourcesSocketRelative",
                        "task_sources:\n  - type: kubernetes\n    pod_resources_socket: kubelet.sock\n",
                        "bad.yaml:3:27: task_sources[0].pod_resources_socket: must be an absolute path or empty, "
                                + "got 'kubelet.sock'"),
                Arguments.of("kubernetesCgroupDriverUnknown",
                        "task_sources:\n  - type: kubernetes\n    cgroup_driver: systemd-cgroupfs\n",
                        "bad.yaml:3:20: task_sources[0].cgroup_driver: must be auto, systemd or cgroupfs, got 'systemd-cgroupfs'"),
                Arguments.of("kubernetesStaticKey", "task_sources:\n  - type: kubernetes\n    parents: [/kubepods]\n",
                        "bad.yaml:3:5: task_sources[0].parents: unknown key 'parents'; expected one of: type, node_name, "
                                + "kubeconfig, cgroup_driver, initial_list_timeout, pod_resources_socket, pod_resources_timeout"),
                Arguments.of("sourceWithoutType", "task_sources:\n  - parents: [/a]\n",
                        "bad.yaml:2:5: task_sources[0].type: required key is missing"),
                Arguments.of("relativeCgroup", "task_sources:\n  - type: static\n    tasks:\n      - cgroup: batch/a\n",
                        "bad.yaml:4:17: task_sources[0].tasks[0].cgroup: must be a cgroup path relative to the cgroup root, starting with '/', e.g. /batch/a; got 'batch/a'"),
                Arguments.of("badRegex", "task_sources:\n  - type: processes\n    command: \"(java\"\n",
                        "bad.yaml:3:14: task_sources[0].command: bad regular expression: Unclosed group"),
                Arguments.of("badCpu", "task_sources:\n  - type: static\n    tasks:\n      - cgroup: /a\n        resources: {cpu_request: lots}\n",
                        "bad.yaml:5:34: task_sources[0].tasks[0].resources.cpu_request: must be CPU in cores (2, 0.5) or millicores (500m), got string 'lots'"),
                Arguments.of("badQos", "task_sources:\n  - type: static\n    tasks:\n      - cgroup: /a\n        qos: gold\n",
                        "bad.yaml:5:14: task_sources[0].tasks[0].qos: unknown QoS class 'gold'; expected guaranteed, burstable or best-effort"),
                Arguments.of("containerCgroupAbsolute", "task_sources:\n  - type: static\n    tasks:\n      - cgroup: /p\n"
                                + "        containers:\n          - {name: app, cgroup: /p/app}\n",
                        "bad.yaml:6:33: task_sources[0].tasks[0].containers[0].cgroup: must be a cgroup path below the task's cgroup, e.g. ctr1; got '/p/app'"),
                Arguments.of("containerCgroupUp", "task_sources:\n  - type: static\n    tasks:\n      - cgroup: /p\n"
                                + "        containers:\n          - {name: app, cgroup: ../q}\n",
                        "bad.yaml:6:33: task_sources[0].tasks[0].containers[0].cgroup: must be a cgroup path below the task's cgroup, e.g. ctr1; got '../q'"),
                Arguments.of("containerTwice", "task_sources:\n  - type: static\n    tasks:\n      - cgroup: /p\n"
                                + "        containers:\n          - {name: app}\n          - {name: app, cgroup: other}\n",
                        "bad.yaml:7:20: task_sources[0].tasks[0].containers[1].name: container app is listed twice"),
                Arguments.of("containerSubCgroupTwice", "task_sources:\n  - type: static\n    tasks:\n      - cgroup: /p\n"
                                + "        containers:\n          - {name: app}\n          - {name: b, cgroup: app}\n",
                        "bad.yaml:7:31: task_sources[0].tasks[0].containers[1].cgroup: sub-cgroup app belongs to two containers"),
                Arguments.of("containerWithoutName", "task_sources:\n  - type: static\n    tasks:\n      - cgroup: /p\n"
                                + "        containers:\n          - {cgroup: app}\n",
                        "bad.yaml:6:13: task_sources[0].tasks[0].containers[0].name: required key is missing"),
                Arguments.of("containerBadQos", "task_sources:\n  - type: static\n    tasks:\n      - cgroup: /p\n"
                                + "        containers:\n          - {name: app, qos: gold}\n",
                        "bad.yaml:6:30: task_sources[0].tasks[0].containers[0].qos: unknown QoS class 'gold'; expected guaranteed, burstable or best-effort"),
                Arguments.of("duplicateKey", "executor:\n  apply: true\n  apply: false\n",
                        "bad.yaml:3:3: executor.apply: duplicate key 'apply'"),
                Arguments.of("portOutOfRange", "telemetry:\n  prometheus: {port: 70000}\n",
                        "bad.yaml:2:22: telemetry.prometheus.port: 70000 is out of range [0, 65535]"),
                Arguments.of("otlpProtocolUnknown", "telemetry:\n  otlp: {protocol: http/json}\n",
                        "bad.yaml:2:20: telemetry.otlp.protocol: must be grpc or http/protobuf, got \"http/json\""),
                Arguments.of("otlpEndpointNotHttp", "telemetry:\n  otlp:\n    endpoint: collector:4318\n",
                        "bad.yaml:3:15: telemetry.otlp.endpoint: must be an http:// or https:// URL with a host, e.g. "
                                + "http://collector:4318, got \"collector:4318\""),
                Arguments.of("otlpIntervalTooShort", "telemetry:\n  otlp: {interval: 10ms}\n",
                        "bad.yaml:2:20: telemetry.otlp.interval: 'interval' = 10ms is out of range [1s, 86400s]"),
                Arguments.of("otlpHeaderName", "telemetry:\n  otlp:\n    headers: {\"api key\": x}\n",
                        "bad.yaml:3:26: telemetry.otlp.headers.api key: not an HTTP header name: \"api key\""),
                Arguments.of("otlpUnknownKey", "telemetry:\n  otlp: {url: http://c:4318}\n",
                        "bad.yaml:2:10: telemetry.otlp.url: unknown key 'url'; expected one of: endpoint, protocol, interval, headers"),
                Arguments.of("customTagRefused", "plugins: !!java.util.ArrayList []\n",
                        "bad.yaml:1:10: YAML syntax error: Global tag is not allowed: tag:yaml.org,2002:java.util.ArrayList"));
    }

    @Test
    void otlpBlockIsReadAndWhatItLeavesOutStaysNull() throws ConfigError {
        AgentConfig c = LOADER.parse("agent.yaml", """
                plugins:
                  - name: static-placement
                telemetry:
                  otlp:
                    endpoint: https://collector.example:4318
                    protocol: http/protobuf
                    interval: 15s
                    headers: {Authorization: "Bearer abc", x-tenant: ops}
                """);
        assertThat(c.telemetry()).isEqualTo(new TelemetrySettings(true, "127.0.0.1", 9464, new OtlpSettings(
                "https://collector.example:4318", "http/protobuf", Duration.ofSeconds(15),
                Map.of("Authorization", "Bearer abc", "x-tenant", "ops"))));
        AgentConfig bare = LOADER.parse("agent.yaml", "plugins:\n  - name: static-placement\ntelemetry:\n  otlp: {}\n");
        assertThat(bare.telemetry().otlp()).isEqualTo(new OtlpSettings(null, null, null, Map.of()));
        assertThat(LOADER.parse("agent.yaml", "plugins:\n  - name: static-placement\n").telemetry().otlp()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigNamesFileLineColumnAndKey(String name, String yaml, String message) {
        assertThatThrownBy(() -> LOADER.parse("bad.yaml", yaml)).isInstanceOf(ConfigError.class).hasMessage(message);
    }

    @Test
    void pluginCreateErrorIsLocatedAtItsKey() throws ConfigError {
        AgentConfig c = LOADER.parse("agent.yaml", "plugins:\n  - name: static-placement\n    config:\n"
                + "      rules: [\"/a cpus=zero\"]\n");
        PluginEntry e = c.plugins().get(0);
        assertThatThrownBy(() -> STATIC.create(e.config(), new RecordingPluginContext("static-placement")))
                .isInstanceOfSatisfying(io.numaagent.api.plugin.ConfigException.class, ex -> assertThat(e.locate(ex))
                        .hasMessage("agent.yaml:4:14: plugins[0].config.rules: rule 1 \"/a cpus=zero\": 'cpus=zero': "
                                + "not an id: \"zero\" in \"zero\""));
    }

    /** A plugin with one nested key whose reader complains about a key deep inside it, as the tier-mover's does. */
    private static final PluginFactory NESTED = new PluginFactory() {
        @Override
        public String name() {
            return "nested";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public List<io.numaagent.api.plugin.ConfigKey<?>> configKeys() {
            return List.of(io.numaagent.api.plugin.ConfigKey.tree("policy", String.class, "policy", v -> {
                throw new io.numaagent.api.plugin.ConfigException("policy.config.filters[1].pids", "pids must be positive");
            }, "doc"));
        }

        @Override
        public io.numaagent.api.plugin.Plugin create(io.numaagent.api.plugin.PluginConfig config,
                                                      io.numaagent.api.plugin.PluginContext context) {
            throw new io.numaagent.api.plugin.ConfigException("policy.config.intervalms", "too short");
        }
    };

    static Stream<Arguments> nestedKeyErrors() {
        return Stream.of(
                Arguments.of("pathFoundToTheEnd", """
                        plugins:
                          - name: nested
                            config:
                              policy:
                                config:
                                  filters:
                                    - pids: [1]
                                    - pids: [-1]
                        """, "bad.yaml:8:21: plugins[0].config.policy.config.filters[1].pids: pids must be positive"),
                Arguments.of("nestedStringEndsTheWalk", """
                        plugins:
                          - name: nested
                            config:
                              policy:
                                config: |
                                  filters: [{pids: [-1]}]
                        """, "bad.yaml:5:17: plugins[0].config.policy.config.filters[1].pids: pids must be positive"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nestedKeyErrors")
    void nestedKeyOfAPluginIsLocatedAtItsDeepestNodeInTheFile(String name, String yaml, String message) {
        ConfigLoader loader = new ConfigLoader(n -> Optional.of(NESTED), List.of("nested"));

        assertThatThrownBy(() -> loader.parse("bad.yaml", yaml)).isInstanceOf(ConfigError.class).hasMessage(message);
    }

    @Test
    void nestedKeyOfACreateErrorIsPlacedAtItsTopKey() {
        PluginEntry e = new PluginEntry("nested", Duration.ofSeconds(5), 10_000, null,
                new PluginEntry.Place("agent.yaml", 2, 5, "plugins[0]"),
                Map.of("policy", new PluginEntry.Place("agent.yaml", 4, 7, "plugins[0].config.policy")));

        assertThat(e.locate(new io.numaagent.api.plugin.ConfigException("policy.config.intervalms", "too short")))
                .hasMessage("agent.yaml:4:7: plugins[0].config.policy.config.intervalms: too short");
    }
}
