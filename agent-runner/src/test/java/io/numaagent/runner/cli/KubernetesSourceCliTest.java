package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import io.numaagent.runner.kube.MockApiServer;
import io.numaagent.runner.kube.TestPod;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubernetes task source through the command line: {@code snapshot}, {@code run --once}, {@code check}. */
class KubernetesSourceCliTest {

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    private Path config(HostPaths paths, String kubeconfig) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources:
                  - type: kubernetes
                    node_name: node-a
                    kubeconfig: %s
                    initial_list_timeout: 60s
                plugins:
                  - name: static-placement
                    config: {rules: ["/kubepods.slice/** cpus=0-1"]}
                telemetry: {prometheus: {enabled: false}}
                control: {enabled: false}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs(), kubeconfig));
    }

    /** A burstable pod of node-a whose cgroups (systemd driver, containerd) are in the laptop's tree. */
    private HostPaths laptopWithPod(MockApiServer api) {
        ObjectNode pod = api.create(TestPod.named("shop", "web").label("app", "web").node("node-a")
                .container("nginx", java.util.Map.of("cpu", "500m"), java.util.Map.of()).phase("Running")
                .running("nginx", "containerd://" + "ab12".repeat(16)).json());
        String podPath = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + pod.path("metadata").path("uid").asText().replace('-', '_') + ".slice";
        TestMachine m = TestMachine.laptopOneNode();
        m.cgroup("/").pids(1);
        m.cgroup(podPath + "/cri-containerd-" + "ab12".repeat(16) + ".scope").pids(5000).cpuset("0-3", "0");
        return HostTreeWriter.of(m).write(dir.resolve("host"));
    }

    @Test
    void laptopOneNodeSnapshotAndDryRunSeeTheNodesPod() throws IOException {
        try (MockApiServer api = new MockApiServer()) {
            HostPaths paths = laptopWithPod(api);
            Path cfg = config(paths, api.writeKubeconfig(dir).toString());

            Result snapshot = cli("snapshot", "-c", cfg.toString());
            assertThat(snapshot.status()).as(snapshot.err()).isZero();
            assertThat(snapshot.out()).contains("\"name\":\"web\"", "\"io.kubernetes.pod.namespace\":\"shop\"",
                    "\"qos\":\"burstable\"", "cri-containerd-" + "ab12".repeat(16) + ".scope");

            Result run = cli("run", "--once", "--dry-run", "-c", cfg.toString(), "--state-dir",
                    dir.resolve("state").toString());
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("\"plugin\":\"static-placement\"", "kubepods-burstable-pod");
        }
    }

    @Test
    void laptopOneNodeCheckNeedsNoApiServer() throws IOException {
        HostPaths paths;
        Path kubeconfig;
        try (MockApiServer api = new MockApiServer()) {
            paths = laptopWithPod(api);
            kubeconfig = api.writeKubeconfig(dir);
        } // gone: nothing answers on its port any more

        Result check = cli("check", "-c", config(paths, kubeconfig.toString()).toString());

        assertThat(check.status()).as(check.err()).isZero();
        assertThat(check.out()).contains("ok");
    }

    @Test
    void laptopOneNodeKubeconfigThatIsNoKubeconfigStopsTheRunNamingIt() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.laptopOneNode()).write(dir.resolve("host"));
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "clusters: [unclosed\n");

        Result run = cli("run", "--once", "--dry-run", "-c", config(paths, kubeconfig.toString()).toString(),
                "--state-dir", dir.resolve("state").toString());

        assertThat(run.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("kubernetes task source: kubeconfig " + kubeconfig);
    }
}
