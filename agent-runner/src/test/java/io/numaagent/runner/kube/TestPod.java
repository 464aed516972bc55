package io.numaagent.runner.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A pod as the API server returns it (JSON), built field by field for {@link MockApiServer}: the
 * metadata, the spec's node and containers with their requests and limits, the status's phase,
 * QoS class and container statuses. Fields not set are absent, as in the API server's output.
 */
public final class TestPod {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode pod = JSON.createObjectNode().put("kind", "Pod").put("apiVersion", "v1");

    private TestPod(String namespace, String name) {
        meta().put("name", name).put("namespace", namespace);
    }

    /** A pod {@code namespace/name} with nothing else yet. */
    public static TestPod named(String namespace, String name) {
        return new TestPod(namespace, name);
    }

    public TestPod uid(String uid) {
        meta().put("uid", uid);
        return this;
    }

    public TestPod label(String key, String value) {
        MockApiServer.object(meta(), "labels").put(key, value);
        return this;
    }

    public TestPod annotation(String key, String value) {
        MockApiServer.object(meta(), "annotations").put(key, value);
        return this;
    }

    public TestPod node(String nodeName) {
        spec().put("nodeName", nodeName);
        return this;
    }

    public TestPod phase(String phase) {
        status().put("phase", phase);
        return this;
    }

    /** The status's {@code qosClass} ({@code null}: left out, as before the API server set it). */
    public TestPod qosClass(String qosClass) {
        if (qosClass != null) {
            status().put("qosClass", qosClass);
        }
        return this;
    }

    /** An app container with its {@code requests} and {@code limits} (quantities as Kubernetes writes them). */
    public TestPod container(String name, Map<String, String> requests, Map<String, String> limits) {
        array(spec(), "containers").add(containerJson(name, requests, limits));
        return this;
    }

    public TestPod initContainer(String name, Map<String, String> requests, Map<String, String> limits) {
        array(spec(), "initContainers").add(containerJson(name, requests, limits));
        return this;
    }

    /** A running app container's status with its {@code containerID} ({@code containerd://<id>}). */
    public TestPod running(String name, String containerId) {
        array(status(), "containerStatuses").add(containerStatus(name, containerId, "running"));
        return this;
    }

    /** A running init container's status. */
    public TestPod initRunning(String name, String containerId) {
        array(status(), "initContainerStatuses").add(containerStatus(name, containerId, "running"));
        return this;
    }

    /** A terminated app container's status. */
    public TestPod terminated(String name, String containerId) {
        array(status(), "containerStatuses").add(containerStatus(name, containerId, "terminated"));
        return this;
    }

    /** The pod's JSON (a copy: the builder may go on). */
    public ObjectNode json() {
        return pod.deepCopy();
    }

    private static ObjectNode containerJson(String name, Map<String, String> requests, Map<String, String> limits) {
        ObjectNode c = JSON.createObjectNode().put("name", name).put("image", "busybox");
        if (!requests.isEmpty() || !limits.isEmpty()) {
            ObjectNode resources = c.putObject("resources");
            if (!requests.isEmpty()) {
                ObjectNode r = resources.putObject("requests");
                requests.forEach((k, v) -> r.put(k, v));
            }
            if (!limits.isEmpty()) {
                ObjectNode l = resources.putObject("limits");
                limits.forEach((k, v) -> l.put(k, v));
            }
        }
        return c;
    }

    private static ObjectNode containerStatus(String name, String containerId, String state) {
        ObjectNode s = JSON.createObjectNode().put("name", name).put("image", "busybox").put("ready", true)
                .put("restartCount", 0);
        if (containerId != null) {
            s.put("containerID", containerId);
        }
        ObjectNode st = s.putObject("state").putObject(state);
        if (state.equals("running")) {
            st.put("startedAt", "2026-01-01T00:00:00Z");
        } else {
            st.put("exitCode", 0);
        }
        return s;
    }

    private ObjectNode meta() {
        return MockApiServer.object(pod, "metadata");
    }

    private ObjectNode spec() {
        return MockApiServer.object(pod, "spec");
    }

    private ObjectNode status() {
        return MockApiServer.object(pod, "status");
    }

    private static ArrayNode array(ObjectNode node, String name) {
        return node.get(name) instanceof ArrayNode a ? a : node.putArray(name);
    }
}
