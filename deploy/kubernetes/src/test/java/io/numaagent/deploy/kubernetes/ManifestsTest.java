package io.numaagent.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The base and every overlay, rendered by Debian's kubectl (and the PATH's when another), give a
 * DaemonSet that can do what the agent needs on its node, with a config the agent accepts.
 * Skipped, saying why, only when Debian's kubectl can be neither found nor installed.
 */
class ManifestsTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path REPO = MODULE.resolve("../..").normalize();
    private static final Path DIST = REPO.resolve("dist/target/numa-agent");
    private static final String NAMESPACE = "numa-agent";
    /** Where the image keeps its bundled plugins (deploy/image/src/build-root.sh). */
    private static final String IMAGE_PLUGINS = "/opt/numa-agent/plugins";

    /** What each Kustomize directory must deploy. */
    enum Setup {
        BASE("base", List.of("numa-allocator"), true),
        OBSERVE_ONLY("overlays/observe-only", List.of("numa-allocator"), false),
        NUMA_ALLOCATOR("overlays/numa-allocator", List.of("numa-allocator"), true),
        TOPOLOGY_AWARE("overlays/topology-aware", List.of("topology-aware"), true);

        final String dir;
        /** The plugins the config runs: at least one, since plugins drive the agent's cycles (none: nothing is measured). */
        final List<String> plugins;
        /** May change cgroups and move memory (else: reads only, with read-only host mounts). */
        final boolean writes;

        Setup(String dir, List<String> plugins, boolean writes) {
            this.dir = dir;
            this.plugins = plugins;
            this.writes = writes;
        }
    }

    static Stream<Arguments> renders() {
        List<Path> kubectls = Kubectls.all(MODULE);
        List<Arguments> out = new ArrayList<>();
        for (Setup setup : Setup.values()) {
            if (kubectls.isEmpty()) {
                out.add(Arguments.of(setup, null)); // each test then says why it is skipped
            }
            for (Path kubectl : kubectls) {
                out.add(Arguments.of(setup, kubectl));
            }
        }
        return out.stream();
    }

    private static Rendered render(Setup setup, Path kubectl) {
        Assumptions.assumeTrue(kubectl != null, Kubectls::unavailable);
        return Rendered.of(MODULE, setup.dir, kubectl);
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("renders")
    void everyObjectIsAKnownKindWithOnlyKnownFields(Setup setup, Path kubectl) {
        Rendered r = render(setup, kubectl);
        assertThat(r.objects().stream().map(o -> o.getApiVersion() + " " + o.getKind()).sorted())
                .containsExactly("apps/v1 DaemonSet", "monitoring.coreos.com/v1 ServiceMonitor",
                        "rbac.authorization.k8s.io/v1 ClusterRole", "rbac.authorization.k8s.io/v1 ClusterRoleBinding",
                        "v1 ConfigMap", "v1 ConfigMap", "v1 Namespace", "v1 Service", "v1 ServiceAccount");
        assertThat(r.only(GenericKubernetesResource.class).getKind()).isEqualTo("ServiceMonitor");
        for (HasMetadata o : r.objects()) {
            assertThat(UnknownFields.in(o)).as("keys the Kubernetes model does not know in %s", r).isEmpty();
            boolean clusterScoped = o instanceof Namespace || o instanceof ClusterRole || o instanceof ClusterRoleBinding;
            assertThat(o.getMetadata().getNamespace()).as("%s %s", o.getKind(), o.getMetadata().getName())
                    .isEqualTo(clusterScoped ? null : NAMESPACE);
        }
        assertThat(r.only(Namespace.class).getMetadata().getLabels())
                .as("the pod uses host namespaces and paths: the namespace admits privileged pods")
                .containsEntry("pod-security.kubernetes.io/enforce", "privileged");
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("renders")
    void podSharesTheNodesProcessesWithExactlyTheCapabilitiesItNeeds(Setup setup, Path kubectl) {
        Rendered r = render(setup, kubectl);
        PodSpec pod = r.daemonSet().getSpec().getTemplate().getSpec();
        assertThat(pod.getHostPID()).as("hostPID").isTrue();
        SecurityContext security = agent(r).getSecurityContext();
        assertThat(security.getRunAsUser()).isZero();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        List<String> added = security.getCapabilities().getAdd();
        if (setup.writes) {
            assertThat(Boolean.TRUE.equals(security.getPrivileged()) || added.containsAll(List.of("SYS_NICE", "SYS_ADMIN")))
                    .as("privileged, or CAP_SYS_NICE and CAP_SYS_ADMIN: %s", added).isTrue();
        } else {
            assertThat(security.getPrivileged()).isFalse();
            assertThat(added).doesNotContain("SYS_NICE", "SYS_ADMIN");
            assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        }
        assertThat(added).contains("SYS_PTRACE", "DAC_READ_SEARCH"); // other users' /proc/<pid> files
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(mountOf(r, "/tmp").getName()).isEqualTo(volumeMountedAt(r, "/tmp").getName());
        assertThat(volumeMountedAt(r, "/tmp").getEmptyDir()).as("/tmp: the root file system is read-only").isNotNull();
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("renders")
    void nodesFileSystemsAreMountedWhereTheConfigLooksForThem(Setup setup, Path kubectl) throws IOException {
        Rendered r = render(setup, kubectl);
        Map<String, Object> paths = section(agentConfig(r), "paths");
        Map<String, String> hostPathByConfigKey = Map.of("sysfs", "/sys", "procfs", "/proc", "cgroupfs", "/sys/fs/cgroup");
        hostPathByConfigKey.forEach((key, hostPath) -> {
            String inPod = (String) paths.get(key);
            Volume volume = volumeMountedAt(r, inPod);
            assertThat(volume.getHostPath()).as("%s: the volume at %s", key, inPod).isNotNull();
            assertThat(volume.getHostPath().getPath()).as("paths.%s", key).isEqualTo(hostPath);
            assertThat(Boolean.TRUE.equals(mountOf(r, inPod).getReadOnly()))
                    .as("%s mounted read-only", inPod).isEqualTo(!setup.writes);
        });
        String stateDir = option(agent(r), "--state-dir");
        assertThat(volumeMountedAt(r, stateDir).getHostPath().getPath()).isEqualTo("/var/lib/numa-agent");
        assertThat(volumeMountedAt(r, stateDir).getHostPath().getType()).isEqualTo("DirectoryOrCreate");
        assertThat(Boolean.TRUE.equals(mountOf(r, stateDir).getReadOnly())).as("state directory writable").isFalse();
        assertThat(option(agent(r), "--plugins-dir")).isEqualTo(IMAGE_PLUGINS);
        assertThat(Files.isDirectory(DIST.resolve("plugins"))).as("the distribution the image carries has plugins/").isTrue();
    }

    /**
     * The kubelet's pod-resources socket is where the kubernetes source asks for it (its
     * {@code pod_resources_socket}, by default agent-runner's {@value #POD_RESOURCES_SOCKET}): the node's
     * directory, read-only (connecting to a socket needs no write access to its mount).
     */
    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("renders")
    void kubeletPodResourcesSocketIsMountedWhereTheKubernetesSourceAsksForIt(Setup setup, Path kubectl) {
        Rendered r = render(setup, kubectl);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sources = (List<Map<String, Object>>) agentConfig(r).get("task_sources");
        Map<String, Object> kubernetes = sources.stream().filter(s -> "kubernetes".equals(s.get("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no kubernetes task source"));
        String socket = (String) kubernetes.getOrDefault("pod_resources_socket", POD_RESOURCES_SOCKET);
        String dir = Path.of(socket).getParent().toString();
        Volume volume = volumeMountedAt(r, dir);
        assertThat(volume.getHostPath()).as("the volume at %s", dir).isNotNull();
        assertThat(volume.getHostPath().getPath()).isEqualTo("/var/lib/kubelet/pod-resources");
        assertThat(mountOf(r, dir).getReadOnly()).as("%s read-only", dir).isTrue();
    }

    /** agent-runner's default {@code pod_resources_socket} (PodResourcesClient.DEFAULT_SOCKET). */
    private static final String POD_RESOURCES_SOCKET = "/var/lib/kubelet/pod-resources/kubelet.sock";

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("renders")
    void nodeNameComesFromTheDownwardApi(Setup setup, Path kubectl) {
        Rendered r = render(setup, kubectl);
        EnvVar nodeName = agent(r).getEnv().stream().filter(e -> e.getName().equals("NODE_NAME")).findFirst()
                .orElseThrow(() -> new AssertionError("no NODE_NAME in the agent's environment"));
        assertThat(nodeName.getValue()).isNull();
        assertThat(nodeName.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("renders")
    void configFileIsTheConfigMapsAndTheAgentAcceptsIt(Setup setup, Path kubectl, @TempDir Path tmp) throws IOException {
        Rendered r = render(setup, kubectl);
        String configPath = option(agent(r), "--config");
        VolumeMount mount = mountOf(r, configPath);
        Volume volume = volumeMountedAt(r, configPath);
        ConfigMap configMap = r.configMap("numa-agent-config");
        assertThat(volume.getConfigMap().getName()).isEqualTo(configMap.getMetadata().getName());
        // one file by subPath: the ConfigMap volume's own directory is writable by others (0777), which
        // the agent, as root, refuses above its config file
        assertThat(mount.getSubPath()).isNotNull();
        assertThat(mount.getReadOnly()).isTrue();
        String yaml = configMap.getData().get(mount.getSubPath());
        assertThat(yaml).as("ConfigMap key %s", mount.getSubPath()).isNotNull();

        Map<String, Object> config = new Yaml().load(yaml);
        assertThat(section(config, "executor")).containsEntry("apply", false);
        assertThat(((List<?>) config.get("task_sources")).stream().map(s -> (Object) ((Map<?, ?>) s).get("type")))
                .containsExactly((Object) "kubernetes");
        assertThat(((List<?>) config.get("plugins")).stream().map(p -> (Object) ((Map<?, ?>) p).get("name")))
                .containsExactlyElementsOf(setup.plugins);

        Path file = tmp.resolve("numa-agent.yaml");
        Files.writeString(file, yaml);
        Command check = check(file);
        Assumptions.assumeFalse(check.exit() == 2 && check.stderr().contains("unknown task source type 'kubernetes'"),
                "this runner has no `type: kubernetes` task source yet (it comes with the kubernetes task source "
                        + "branch); everything else in this test ran");
        assertThat(check.exit()).as("numa-agent check of the ConfigMap's config: %s%s", check.stdout(), check.stderr()).isZero();
        assertThat(check.stdout()).contains("ok (" + setup.plugins.size() + " plugin(s)").contains("dry-run");
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("renders")
    void probesAskTheMetricsPortTheConfigOpens(Setup setup, Path kubectl) throws IOException {
        Rendered r = render(setup, kubectl);
        Map<String, Object> prometheus = section(section(agentConfig(r), "telemetry"), "prometheus");
        assertThat(prometheus).containsEntry("enabled", true).containsEntry("host", "0.0.0.0");
        ContainerPort metrics = metricsPort(r);
        assertThat(metrics.getContainerPort()).isEqualTo(prometheus.get("port"));
        Map<String, Probe> probes = Map.of("/-/healthy", agent(r).getLivenessProbe(), "/metrics", agent(r).getReadinessProbe());
        probes.forEach((path, probe) -> {
            assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(metrics.getName());
        });
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("renders")
    void prometheusFindsEveryAgentThroughTheServiceAndServiceMonitor(Setup setup, Path kubectl) {
        Rendered r = render(setup, kubectl);
        Service service = r.only(Service.class);
        Map<String, String> podLabels = r.daemonSet().getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        ServicePort port = service.getSpec().getPorts().get(0);
        assertThat(port.getTargetPort().getStrVal()).isEqualTo(metricsPort(r).getName());
        assertThat(service.getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(metricsPort(r).getContainerPort()))
                .containsEntry("prometheus.io/path", "/metrics");

        GenericKubernetesResource monitor = r.only(GenericKubernetesResource.class);
        Map<String, Object> spec = monitor.get("spec");
        Map<String, String> matchLabels = monitor.get("spec", "selector", "matchLabels");
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(matchLabels);
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("port", port.getName()).containsEntry("path", "/metrics");
        });
        assertThat(spec).containsOnlyKeys("selector", "endpoints");
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("renders")
    void serviceAccountMayOnlyReadPods(Setup setup, Path kubectl) {
        Rendered r = render(setup, kubectl);
        DaemonSet ds = r.daemonSet();
        ServiceAccount account = r.named(ServiceAccount.class, ds.getSpec().getTemplate().getSpec().getServiceAccountName());
        List<PolicyRule> rules = r.only(ClusterRole.class).getRules();
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
        });
        ClusterRoleBinding binding = r.only(ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(r.only(ClusterRole.class).getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo(ds.getMetadata().getNamespace());
        });
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("renders")
    void dashboardsConfigMapHoldsTheRepositorysDashboards(Setup setup, Path kubectl) throws IOException {
        Rendered r = render(setup, kubectl);
        ConfigMap dashboards = r.configMap("numa-agent-dashboards");
        Map<String, String> expected = new TreeMap<>();
        try (Stream<Path> files = Files.list(REPO.resolve("dashboards"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).collect(Collectors.toList())) {
                expected.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(new TreeMap<>(dashboards.getData()))
                .as("deploy/kubernetes/base/dashboards/ holds copies of dashboards/*.json (kustomize reads no file "
                        + "outside its directory); refresh them with cp dashboards/*.json deploy/kubernetes/base/dashboards/")
                .isEqualTo(expected);
        assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(r.configMap("numa-agent-config").getMetadata().getLabels()).doesNotContainKey("grafana_dashboard");
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("renders")
    void podRunsOnEveryLinuxNodeFromTheImportedImageWithinItsResources(Setup setup, Path kubectl) {
        Rendered r = render(setup, kubectl);
        PodSpec pod = r.daemonSet().getSpec().getTemplate().getSpec();
        assertThat(pod.getTolerations()).anySatisfy(t -> {
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getKey()).isNull();
        });
        assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux").containsEntry("kubernetes.io/arch", "amd64");
        Container agent = agent(r);
        assertThat(agent.getImage()).isEqualTo(System.getProperty("numa-agent.image"));
        assertThat(agent.getImagePullPolicy()).as("no registry: the image is imported on each node").isEqualTo("Never");
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = agent.getResources().getRequests().get(resource);
            Quantity limit = agent.getResources().getLimits().get(resource);
            assertThat(request).as("%s request", resource).isNotNull();
            assertThat(limit).as("%s limit", resource).isNotNull();
            assertThat(request.getNumericalAmount()).as("%s request <= limit", resource)
                    .isLessThanOrEqualTo(limit.getNumericalAmount());
        }
        // the JVM's heap (64 MiB) and metaspace (64 MiB) caps must fit below the memory limit
        assertThat(agent.getResources().getLimits().get("memory").getNumericalAmount())
                .isGreaterThan(new Quantity("128Mi").getNumericalAmount());
    }

    // ---- helpers

    private static Container agent(Rendered r) {
        List<Container> containers = r.daemonSet().getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("containers of the DaemonSet").hasSize(1);
        return containers.get(0);
    }

    private static ContainerPort metricsPort(Rendered r) {
        return agent(r).getPorts().stream().filter(p -> "metrics".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no port named metrics"));
    }

    /** The value of {@code --name=VALUE} in the container's arguments. */
    private static String option(Container c, String name) {
        return c.getArgs().stream().filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + "= in " + c.getArgs()));
    }

    private static VolumeMount mountOf(Rendered r, String mountPath) {
        return agent(r).getVolumeMounts().stream().filter(m -> m.getMountPath().equals(mountPath)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + mountPath));
    }

    private static Volume volumeMountedAt(Rendered r, String mountPath) {
        String name = mountOf(r, mountPath).getName();
        return r.daemonSet().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    /** The agent's config file as the pod reads it: the ConfigMap key mounted at --config. */
    private static Map<String, Object> agentConfig(Rendered r) {
        VolumeMount mount = mountOf(r, option(agent(r), "--config"));
        return new Yaml().load(r.configMap("numa-agent-config").getData().get(mount.getSubPath()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> config, String key) {
        Object value = config.get(key);
        assertThat(value).as("config key %s", key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /**
     * {@code numa-agent check} of the distribution the image carries, over this host's /sys, /proc and
     * cgroups (the pod's /host paths are not here), for node {@code test-node}.
     */
    private static Command check(Path config) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Command.run(List.of(java.toString(), "-jar", DIST.resolve("agent-runner.jar").toString(), "check", "-c",
                config.toString(), "--path.sysfs=/sys", "--path.procfs=/proc", "--path.cgroupfs=/sys/fs/cgroup"),
                Map.of("NODE_NAME", "test-node"), Duration.ofMinutes(5));
    }
}
