package io.numaagent.runner.tasks;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * fabric8's API server mock in CRUD mode (a real HTTP server keeping the objects written to it),
 * which can go away and come back on the same port with the same objects, and which selects pods by
 * {@code spec.nodeName} as the real API server does (the mock indexes metadata only: a field
 * selector on {@code spec.nodeName} would match nothing).
 */
public final class MockApiServer implements AutoCloseable {

    private final KubernetesCrudDispatcher dispatcher = nodeNameAwareDispatcher();
    private KubernetesMockServer server;
    private NamespacedKubernetesClient kubectl;
    private int port;

    public MockApiServer() {
        start(0);
    }

    private void start(int wantedPort) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), wantedPort);
        port = server.getPort();
        kubectl = server.createClient();
    }

    /**
     * Stops the server. Its shutdown gives up waiting after a while on a busy machine (and says so
     * with an exception) while the close goes on in the background: that is not a failure here.
     */
    private void stop() {
        kubectl.close();
        try {
            server.destroy();
        } catch (IllegalStateException closingInTheBackground) {
            // the port is released when the close completes; comeBack() waits for it
        }
    }

    /** A client for the test's own writes (the role of kubectl). */
    public NamespacedKubernetesClient kubectl() {
        return kubectl;
    }

    /** A kubeconfig naming this server, as the source's {@code kubeconfig:} would. */
    public Path writeKubeconfig(Path dir) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "http://127.0.0.1:%d"}
                users:
                  - name: agent
                    user: {token: "secret"}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: agent}
                current-context: mock
                """.formatted(port));
    }

    /** Stops serving: connections are refused until {@link #comeBack()}. */
    public void goAway() {
        stop();
    }

    /** Serves again on the same port, with the objects it held (once the old server has let go of it). */
    public void comeBack() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                start(port);
                return;
            } catch (RuntimeException portStillTaken) {
                if (System.nanoTime() > deadline) {
                    throw portStillTaken;
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The CRUD dispatcher with an attribute extractor that also indexes a pod's {@code spec.nodeName}. */
    private static KubernetesCrudDispatcher nodeNameAwareDispatcher() {
        KubernetesCrudDispatcher d = new KubernetesCrudDispatcher();
        KubernetesAttributesExtractor extractor = new KubernetesAttributesExtractor() {
            @Override
            public AttributeSet extract(HasMetadata resource) {
                AttributeSet set = super.extract(resource);
                String node = null;
                if (resource instanceof Pod pod && pod.getSpec() != null) {
                    node = pod.getSpec().getNodeName();
                } else if (resource instanceof GenericKubernetesResource g && "Pod".equals(g.getKind())
                        && g.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec) {
                    node = spec.get("nodeName") instanceof String n ? n : null; // the form the dispatcher stores
                }
                return node == null ? set : set.add(new Attribute("spec.nodeName", node));
            }
        };
        try {
            Field crd = KubernetesCrudDispatcher.class.getDeclaredField("crdProcessor");
            crd.setAccessible(true);
            extractor.setCustomResourceDefinitionProcessor(
                    (io.fabric8.kubernetes.client.server.mock.CustomResourceDefinitionProcessor) crd.get(d));
            set(io.fabric8.mockwebserver.crud.CrudDispatcher.class, d, "attributeExtractor", extractor);
            set(KubernetesCrudDispatcher.class, d, "kubernetesAttributesExtractor", extractor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the server mock's dispatcher changed: " + e, e);
        }
        return d;
    }

    private static void set(Class<?> owner, Object target, String field, Object value)
            throws ReflectiveOperationException {
        Field f = owner.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
