package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.cli.Main;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import io.numaagent.runner.kube.MockApiServer;
import io.numaagent.runner.kube.TestPod;
import io.numaagent.runner.kube.podresources.PodResourcesMessages;
import io.numaagent.runner.kube.podresources.PodResourcesMessages.Device;
import io.numaagent.runner.kube.podresources.PodResourcesMessages.Pod;
import io.numaagent.runner.kube.podresources.PodResourcesServer;
import io.numaagent.runner.kube.podresources.PodResourcesServer.ListAnswer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pod-resource hints through the real runner: a Guaranteed pod of node-a (the API server stand-in)
 * whose container the kubelet stand-in (grpc-java serving the pod-resources API on a unix socket) says
 * holds a GPU on node 3. {@code run --once --dry-run} places it on NUMA #3 of
 * twoSocketFourNodeSixteenCpus instead of #1; the recording carries the pod resources and its replay
 * prints the same. No kubelet or API server runs here.
 */
class PodResourcesThroughRunnerTest {

    private static final String CONTAINER_ID = "ab12".repeat(16);

    @TempDir
    Path dir;

    private record Setup(Path config, String containerCgroup) {
    }

    private Setup setup(MockApiServer api, Path socket) throws IOException {
        ObjectNode pod = api.create(TestPod.named("ml", "infer-0").node("node-a")
                .container("infer", Map.of("cpu", "2", "memory", "100Mi"), Map.of("cpu", "2", "memory", "100Mi"))
                .phase("Running").qosClass("Guaranteed").running("infer", "containerd://" + CONTAINER_ID).json());
        String podCgroup = "/kubepods.slice/kubepods-pod" + pod.path("metadata").path("uid").asText().replace('-', '_')
                + ".slice";
        String containerCgroup = podCgroup + "/cri-containerd-" + CONTAINER_ID + ".scope";
        TestMachine m = TestMachine.twoSocketFourNodeSixteenCpus();
        m.cgroup(containerCgroup).pids(5000).cpuset("0-15", "0-3");
        HostPaths paths = HostTreeWriter.of(m.cgroupV2()).write(dir.resolve("host"));
        Path config = Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources:
                  - type: kubernetes
                    node_name: node-a
                    kubeconfig: %s
                    initial_list_timeout: 60s
                    pod_resources_socket: %s
                    pod_resources_timeout: 60s
                plugins:
                  - name: topology-aware
                executor:
                  owners: {cpus: topology-aware, memory: topology-aware}
                telemetry: {prometheus: {enabled: false}}
                control: {enabled: false}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs(), api.writeKubeconfig(dir), socket));
        return new Setup(config, containerCgroup);
    }

    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(status).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void twoSocketFourNodeSixteenCpusGpuOnNodeThreePullsThePodsContainerThere() throws IOException {
        Path socket = dir.resolve("kubelet.sock");
        byte[] list = PodResourcesMessages.list(new Pod("ml", "infer-0", List.of(PodResourcesMessages.Container.of(
                "infer", Device.of("nvidia.com/gpu", "GPU-6f8c", 3)))));
        try (MockApiServer api = new MockApiServer();
             PodResourcesServer kubelet = PodResourcesServer.start(socket, new ListAnswer.Message(() -> list))) {
            Setup s = setup(api, socket);
            Path recording = dir.resolve("rec.jsonl");

            String live = cli("run", "--once", "--dry-run", "-c", s.config().toString(), "--state-dir",
                    dir.resolve("state").toString(), "--record", recording.toString());
            String replayed = cli("replay", "-c", s.config().toString(), recording.toString());

            String sub = "\"subCgroup\":\"" + s.containerCgroup() + "\"";
            assertThat(live.lines().filter(l -> l.contains("\"set-cpus\"") || l.contains("\"set-mems\"")))
                    .hasSize(2).allSatisfy(l -> assertThat(l).contains(sub))
                    .anySatisfy(l -> assertThat(l).contains("\"cpus\":\"12-13\"", "exclusive CPUs of NUMA node #3"))
                    .anySatisfy(l -> assertThat(l).contains("\"mems\":\"3\"", "dram memory of NUMA node #3"));
            assertThat(Files.readString(recording)).contains("\"podResources\":{\"devices\":[{\"resourceName\":"
                    + "\"nvidia.com/gpu\",\"deviceIds\":[\"GPU-6f8c\"],\"numaNodes\":\"3\"}]");
            assertThat(replayed).isEqualTo(live);
            assertThat(kubelet.listCalls()).isEqualTo(1);
        }
    }

    @Test
    void twoSocketFourNodeSixteenCpusNoKubeletSocketCostsTheHintsOnly() throws IOException {
        try (MockApiServer api = new MockApiServer()) {
            Setup s = setup(api, dir.resolve("no-such/kubelet.sock"));

            String live = cli("run", "--once", "--dry-run", "-c", s.config().toString(), "--state-dir",
                    dir.resolve("state").toString());

            assertThat(live.lines().filter(l -> l.contains("\"set-cpus\"")))
                    .singleElement().satisfies(l -> assertThat(l).contains("\"cpus\":\"4-5\"",
                            "exclusive CPUs of NUMA node #1"));
        }
    }
}
