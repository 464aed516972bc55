package io.numaagent.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numaagent.runner.kube.MockApiServer;
import io.numaagent.runner.kube.TestPod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The pods of the footprint measurement's {@code type: kubernetes} runs: {@code pods} Burstable pods
 * of node {@value #NODE}, one running containerd container each (100m CPU and 64 MiB requested),
 * with a few labels and annotations as a Deployment's pods carry, and uids and container ids that
 * depend on the pod's number only, so that {@link FootprintHost#kubernetesMachine} writes their
 * cgroups where the kubelet (systemd driver) would.
 *
 * <p>{@code benchmarks/footprint/measure.sh --source kubernetes} runs {@link #main}: it serves the
 * pods from agent-runner's {@link MockApiServer} (list and watch, as the API server) until killed.
 */
public final class FootprintPods {

    public static final String NODE = "footprint-node";

    private FootprintPods() {
    }

    public static String uid(int i) {
        return String.format("0f00d000-0000-4000-8000-%012d", i);
    }

    /** A container id as runtimes make them: 64 hex digits. */
    public static String containerId(int i) {
        return String.format("%064x", 0xc0ffee000000L + i);
    }

    public static String podCgroup(int i) {
        return "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uid(i).replace('-', '_') + ".slice";
    }

    public static String containerCgroup(int i) {
        return podCgroup(i) + "/cri-containerd-" + containerId(i) + ".scope";
    }

    /** Pod {@code i} as the API server holds it once the kubelet runs it. */
    public static ObjectNode pod(int i) {
        String name = String.format("web-%05d", i);
        return TestPod.named("footprint", name).uid(uid(i)).node(NODE).label("app", "web")
                .label("pod-template-hash", "5d8f7c9b4").annotation("kubernetes.io/config.source", "api")
                .annotation("prometheus.io/scrape", "true")
                .container("app", Map.of("cpu", "100m", "memory", "64Mi"), Map.of())
                .phase("Running").qosClass("Burstable").running("app", "containerd://" + containerId(i)).json();
    }

    /** {@code FootprintPods PODS DIR}: serves the pods and writes {@code DIR/kubeconfig} naming the server. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: FootprintPods PODS DIR");
            System.exit(2);
        }
        int pods = Integer.parseInt(args[0]);
        MockApiServer server = new MockApiServer();
        for (int i = 0; i < pods; i++) {
            server.create(pod(i));
        }
        Path kubeconfig = server.writeKubeconfig(Files.createDirectories(Path.of(args[1])));
        System.out.println("serving " + pods + " pods of node " + NODE + " on " + server.url() + ", " + kubeconfig);
        Thread.currentThread().join(); // until killed
    }
}
