package io.numaagent.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One Kustomize directory rendered by one kubectl ({@code kubectl kustomize DIR}) and read into the
 * fabric8 model: typed classes for the kinds Kubernetes defines, {@code GenericKubernetesResource}
 * for the ServiceMonitor (a Prometheus Operator kind). Renders are cached: every test of a pair
 * reads the same objects.
 */
record Rendered(String dir, Path kubectl, List<HasMetadata> objects) {

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Rendered of(Path kustomizeRoot, String dir, Path kubectl) {
        return CACHE.computeIfAbsent(kubectl + " " + dir, k -> render(kustomizeRoot, dir, kubectl));
    }

    private static Rendered render(Path kustomizeRoot, String dir, Path kubectl) {
        Command c = Command.run(List.of(kubectl.toString(), "kustomize", kustomizeRoot.resolve(dir).toString()), Map.of(),
                Duration.ofMinutes(5));
        assertThat(c.exit()).as("%s kustomize %s: %s", kubectl, dir, c.stderr()).isZero();
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : DOCUMENT_SEPARATOR.split(c.stdout())) {
            if (doc.isBlank()) {
                continue;
            }
            KubernetesResource parsed = SERIALIZATION.unmarshal(doc);
            assertThat(parsed).as("a Kubernetes object:%n%s", doc).isInstanceOf(HasMetadata.class);
            objects.add((HasMetadata) parsed);
        }
        return new Rendered(dir, kubectl, List.copyOf(objects));
    }

    /** The one object of this kind (fails when there is none or more than one). */
    <T extends HasMetadata> T only(Class<T> kind) {
        List<T> all = all(kind);
        assertThat(all).as("%s objects of kind %s", dir, kind.getSimpleName()).hasSize(1);
        return all.get(0);
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
    }

    /** The object of this kind named {@code name}. */
    <T extends HasMetadata> T named(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(dir + ": no " + kind.getSimpleName() + " named " + name));
    }

    DaemonSet daemonSet() {
        return only(DaemonSet.class);
    }

    /** The generated ConfigMap whose name (before kustomize's hash suffix) is {@code base}. */
    ConfigMap configMap(String base) {
        return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().startsWith(base + "-"))
                .findFirst().orElseThrow(() -> new AssertionError(dir + ": no ConfigMap " + base + "-<hash>"));
    }

    @Override
    public String toString() {
        return dir + " rendered by " + kubectl;
    }
}
