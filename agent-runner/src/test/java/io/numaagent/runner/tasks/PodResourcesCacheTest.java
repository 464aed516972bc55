package io.numaagent.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.PodResources;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.runner.kube.podresources.PodResourcesClient;
import io.numaagent.runner.kube.podresources.PodResourcesMessages;
import io.numaagent.runner.kube.podresources.PodResourcesMessages.Device;
import io.numaagent.runner.kube.podresources.PodResourcesMessages.Pod;
import io.numaagent.runner.kube.podresources.PodResourcesServer;
import io.numaagent.runner.kube.podresources.PodResourcesServer.ListAnswer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet is asked once per pod container (through the real client, grpc-java answering on a unix
 * socket); a failed call costs the pod resources only and is not repeated before the back-off ends.
 * twoSocketFourNode: a GPU on node 1, VFs on node 3.
 */
class PodResourcesCacheTest {

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private static final byte[] GPU_POD = PodResourcesMessages.list(new Pod("ml", "trainer-0", List.of(
            PodResourcesMessages.Container.of("trainer", Device.of("nvidia.com/gpu", "GPU-6f8c", 1)).cpus(4, 5),
            PodResourcesMessages.Container.of("sidecar"))), new Pod("net", "router", List.of(
            PodResourcesMessages.Container.of("dpdk", Device.of("intel.com/sriov_netdevice", "0000:af:02.1", 3)))));

    private static final PodResources TRAINER = new PodResources(List.of(new PodResources.Device("nvidia.com/gpu",
            List.of("GPU-6f8c"), NodeSet.of(1))), CpuSet.of(4, 5), List.of());
    private static final PodResources DPDK = new PodResources(List.of(new PodResources.Device(
            "intel.com/sriov_netdevice", List.of("0000:af:02.1"), NodeSet.of(3))), CpuSet.EMPTY, List.of());

    private static Task pod(String namespace, String name, String... containers) {
        String cgroup = "/kubepods/pod-" + name;
        List<Container> cs = Arrays.stream(containers).map(c -> new Container(c, cgroup + "/" + c, Resources.NONE,
                QosClass.UNKNOWN, CpuSet.EMPTY, NodeSet.EMPTY)).toList();
        return new Task(cgroup, name, cgroup, cs.stream().map(Container::cgroupPath).toList(), List.of(100),
                Map.of(PodFacts.POD_NAMESPACE, namespace, PodFacts.POD_NAME, name, PodFacts.POD_UID, "uid-" + name),
                Map.of(), Resources.NONE, QosClass.GUARANTEED, TaskMeasurements.NONE, cs);
    }

    private static List<PodResources> resources(List<Task> tasks) {
        return tasks.stream().flatMap(t -> t.containers().stream()).map(Container::podResources).toList();
    }

    private PodResourcesCache cache(Path socket) {
        return new PodResourcesCache(new PodResourcesClient(socket, Duration.ofSeconds(20)), now::get);
    }

    @Test
    void twoSocketFourNodeAskedOncePerContainer() throws Exception {
        Path socket = dir.resolve("kubelet.sock");
        try (PodResourcesServer kubelet = PodResourcesServer.start(socket, new ListAnswer.Message(() -> GPU_POD))) {
            PodResourcesCache cache = cache(socket);
            Task trainer = pod("ml", "trainer-0", "trainer", "sidecar");

            assertThat(resources(cache.withPodResources(List.of(trainer)))).containsExactly(TRAINER, PodResources.NONE);
            for (int cycle = 0; cycle < 3; cycle++) {
                assertThat(resources(cache.withPodResources(List.of(trainer)))).containsExactly(TRAINER,
                        PodResources.NONE);
            }
            assertThat(kubelet.listCalls()).isEqualTo(1);

            // a new pod: one call for its container; the kubelet does not list "web": it has none
            Task router = pod("net", "router", "dpdk");
            Task web = pod("default", "web", "nginx");
            assertThat(resources(cache.withPodResources(List.of(trainer, router, web)))).containsExactly(TRAINER,
                    PodResources.NONE, DPDK, PodResources.NONE);
            assertThat(kubelet.listCalls()).isEqualTo(2);

            // the router goes and comes back (same cgroup): asked again, as it was forgotten
            cache.withPodResources(List.of(trainer, web));
            assertThat(kubelet.listCalls()).isEqualTo(2);
            assertThat(resources(cache.withPodResources(List.of(trainer, router, web)))).containsExactly(TRAINER,
                    PodResources.NONE, DPDK, PodResources.NONE);
            assertThat(kubelet.listCalls()).isEqualTo(3);
        }
    }

    @Test
    void twoSocketFourNodeTasksOfOtherSourcesAreNeverAskedAbout() throws Exception {
        Path socket = dir.resolve("kubelet.sock");
        try (PodResourcesServer kubelet = PodResourcesServer.start(socket, new ListAnswer.Message(() -> GPU_POD))) {
            PodResourcesCache cache = cache(socket);
            Task cgroupTask = new Task("/batch/a", "a", "/batch/a", List.of("/batch/a/x"), List.of(7), Map.of(), Map.of(),
                    Resources.NONE, QosClass.BURSTABLE, TaskMeasurements.NONE, List.of(new Container("x", "/batch/a/x",
                    Resources.NONE, QosClass.UNKNOWN, CpuSet.EMPTY, NodeSet.EMPTY)));
            Task noContainers = pod("ml", "trainer-0");

            List<Task> out = cache.withPodResources(List.of(cgroupTask, noContainers));

            assertThat(out).containsExactly(cgroupTask, noContainers);
            assertThat(kubelet.listCalls()).isZero();
            assertThat(cache.calls()).isZero();
        }
    }

    @Test
    void twoSocketFourNodeFailureCostsThePodResourcesOnlyAndBacksOff() throws Exception {
        Path socket = dir.resolve("kubelet.sock");
        Task trainer = pod("ml", "trainer-0", "trainer", "sidecar");

        // no socket yet: nothing known, the task passes unchanged
        PodResourcesCache cache = cache(socket);
        assertThat(cache.withPodResources(List.of(trainer))).containsExactly(trainer);
        assertThat(cache.calls()).isEqualTo(1);

        try (PodResourcesServer kubelet = PodResourcesServer.start(socket,
                new ListAnswer.Fails(Status.PERMISSION_DENIED))) {
            // within the back-off: not asked
            now.addAndGet(PodResourcesCache.RETRY_AFTER.toNanos() - 1);
            assertThat(cache.withPodResources(List.of(trainer))).containsExactly(trainer);
            assertThat(kubelet.listCalls()).isZero();

            // after it: asked, and it fails differently
            now.addAndGet(1);
            assertThat(cache.withPodResources(List.of(trainer))).containsExactly(trainer);
            assertThat(kubelet.listCalls()).isEqualTo(1);

            // it answers after the next back-off
            kubelet.answerList(new ListAnswer.Message(() -> GPU_POD));
            cache.withPodResources(List.of(trainer));
            assertThat(kubelet.listCalls()).isEqualTo(1);
            now.addAndGet(PodResourcesCache.RETRY_AFTER.toNanos());
            assertThat(resources(cache.withPodResources(List.of(trainer)))).containsExactly(TRAINER,
                    PodResources.NONE);
            assertThat(kubelet.listCalls()).isEqualTo(2);
            assertThat(cache.calls()).isEqualTo(3);
        }
    }
}
