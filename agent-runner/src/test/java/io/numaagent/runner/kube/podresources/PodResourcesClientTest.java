package io.numaagent.runner.kube.podresources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.PodResources;
import io.numaagent.runner.kube.podresources.PodResourcesMessages.Container;
import io.numaagent.runner.kube.podresources.PodResourcesMessages.Device;
import io.numaagent.runner.kube.podresources.PodResourcesMessages.Memory;
import io.numaagent.runner.kube.podresources.PodResourcesMessages.Pod;
import io.numaagent.runner.kube.podresources.PodResourcesServer.ListAnswer;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PodResourcesClient} against grpc-java serving {@code v1.PodResourcesLister} on a unix socket
 * ({@link PodResourcesServer}): no real kubelet runs here. The pods are those of a twoSocketFourNode
 * machine (CPUs 0-15, nodes 0-3) with a GPU and SR-IOV virtual functions.
 */
class PodResourcesClientTest {

    /** Generous: the machine is shared and slow; only the hanging server's test waits it out. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** twoSocketFourNode: a GPU on node 1 and two VFs on node 3, exclusive CPUs 4-7, memory pinned to node 1. */
    static byte[] twoSocketFourNodeGpuAndSriov(boolean packedCpus) {
        Container trainer = new Container("trainer", List.of(Device.of("nvidia.com/gpu", "GPU-6f8c", 1),
                Device.of("intel.com/sriov_netdevice", "0000:af:02.1", 3),
                Device.of("intel.com/sriov_netdevice", "0000:af:02.2", 3)), List.of(4, 5, 6, 7), packedCpus,
                List.of(new Memory("memory", 2L << 30, List.of(1)), new Memory("hugepages-1Gi", 4L << 30, List.of(1))),
                true);
        return PodResourcesMessages.list(
                new Pod("ml", "trainer-0", List.of(trainer, Container.of("sidecar"))),
                new Pod("default", "web", List.of(Container.of("nginx", new Device("example.com/fpga",
                        List.of("fpga-0", "fpga-1"), List.of(0, 2)))))); // one entry, two ids, two nodes
    }

    private static final PodResources TRAINER = new PodResources(List.of(
            new PodResources.Device("nvidia.com/gpu", List.of("GPU-6f8c"), NodeSet.of(1)),
            new PodResources.Device("intel.com/sriov_netdevice", List.of("0000:af:02.1"), NodeSet.of(3)),
            new PodResources.Device("intel.com/sriov_netdevice", List.of("0000:af:02.2"), NodeSet.of(3))),
            CpuSet.range(4, 7), List.of(new PodResources.Memory("memory", 2L << 30, NodeSet.of(1)),
            new PodResources.Memory("hugepages-1Gi", 4L << 30, NodeSet.of(1))));

    @Test
    void twoSocketFourNodeListGivesEachContainersDevicesCpusAndMemory() throws Exception {
        for (boolean packed : List.of(true, false)) {
            Path socket = dir.resolve("kubelet-" + packed + ".sock");
            try (PodResourcesServer server = PodResourcesServer.start(socket,
                    new ListAnswer.Message(() -> twoSocketFourNodeGpuAndSriov(packed)))) {
                PodResourcesList list = new PodResourcesClient(socket, TIMEOUT).list();

                assertThat(list.container("ml", "trainer-0", "trainer")).as("packed " + packed).contains(TRAINER);
                assertThat(list.container("ml", "trainer-0", "sidecar")).contains(PodResources.NONE);
                assertThat(list.container("default", "web", "nginx")).contains(new PodResources(List.of(
                        new PodResources.Device("example.com/fpga", List.of("fpga-0", "fpga-1"), NodeSet.of(0, 2))),
                        CpuSet.EMPTY, List.of()));
                assertThat(list.container("default", "web", "other")).isEmpty();
                assertThat(list.container("ml", "web", "nginx")).isEmpty();
                assertThat(list.pods()).extracting(PodResourcesList.Pod::name).containsExactly("trainer-0", "web");
                assertThat(server.listCalls()).isEqualTo(1);
            }
        }
    }

    @Test
    void twoSocketFourNodeEmptyNodeListsNoPods() throws Exception {
        Path socket = dir.resolve("kubelet.sock");
        try (PodResourcesServer server = PodResourcesServer.start(socket,
                new ListAnswer.Message(PodResourcesMessages::list))) {
            assertThat(new PodResourcesClient(socket, TIMEOUT).list().pods()).isEmpty();
        }
    }

    private record Failure(String name, ListAnswer answer, String message, int grpcCode) {
    }

    @Test
    void twoSocketFourNodeFailingAnswersNameTheirReason() throws Exception {
        List<Failure> cases = List.of(
                new Failure("permission", new ListAnswer.Fails(Status.PERMISSION_DENIED.withDescription(
                        "not allowed: 50% of callers")), "gRPC PERMISSION_DENIED (7): not allowed: 50% of callers", 7),
                new Failure("unavailable", new ListAnswer.Fails(Status.UNAVAILABLE), "gRPC UNAVAILABLE (14)", 14),
                new Failure("garbage", new ListAnswer.Message(() -> new byte[] {0x0A, 0x7F, 0x01}),
                        "malformed ListPodResourcesResponse: length 127 at byte 1 runs past the end (1 bytes left)",
                        -1),
                new Failure("bad wire type", new ListAnswer.Message(() -> new byte[] {0x0B}),
                        "malformed ListPodResourcesResponse: wire type 3 of field 1 at byte 0", -1));
        for (Failure c : cases) {
            Path socket = dir.resolve(c.name().replace(' ', '-') + ".sock");
            try (PodResourcesServer server = PodResourcesServer.start(socket, c.answer())) {
                assertThatThrownBy(() -> new PodResourcesClient(socket, TIMEOUT).list()).as(c.name())
                        .isInstanceOfSatisfying(PodResourcesException.class, e -> {
                            assertThat(e.getMessage()).isEqualTo(c.message());
                            assertThat(e.grpcCode()).isEqualTo(c.grpcCode());
                        });
            }
        }
    }

    @Test
    void twoSocketFourNodeKubeletWithoutTheServiceAnswersUnimplemented() throws Exception {
        Path socket = dir.resolve("kubelet.sock");
        try (PodResourcesServer server = PodResourcesServer.withoutService(socket)) {
            assertThatThrownBy(() -> new PodResourcesClient(socket, TIMEOUT).list())
                    .isInstanceOfSatisfying(PodResourcesException.class, e -> {
                        assertThat(e.grpcCode()).isEqualTo(12);
                        assertThat(e.getMessage()).isEqualTo(
                                "gRPC UNIMPLEMENTED (12): Method not found: v1.PodResourcesLister/List");
                    });
        }
    }

    @Test
    void noSocketIsSaidSo() {
        Path socket = dir.resolve("pod-resources/kubelet.sock");
        assertThatThrownBy(() -> new PodResourcesClient(socket, TIMEOUT).list())
                .isInstanceOf(PodResourcesException.class)
                .hasMessage("socket " + socket + " does not exist");
    }

    @Test
    void aServerThatNeverAnswersCostsTheTimeoutOnly() throws Exception {
        Path socket = dir.resolve("kubelet.sock");
        try (PodResourcesServer server = PodResourcesServer.start(socket, new ListAnswer.Hangs())) {
            assertThatThrownBy(() -> new PodResourcesClient(socket, Duration.ofSeconds(1)).list())
                    .isInstanceOf(PodResourcesException.class)
                    .hasMessage("no answer from " + socket + " in time");
        }
    }

    @Test
    void aSocketThatSpeaksNoHttp2IsAFailureNotAHang() throws Exception {
        Path socket = dir.resolve("not-grpc.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            Thread t = new Thread(() -> {
                try (SocketChannel c = listener.accept()) {
                    c.write(ByteBuffer.wrap("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    // the test sees the client's failure either way
                }
            });
            t.start();
            Optional<String> message = Optional.empty();
            try {
                new PodResourcesClient(socket, TIMEOUT).list();
            } catch (PodResourcesException e) {
                message = Optional.of(e.getMessage());
            }
            t.join();
            assertThat(message).hasValueSatisfying(m -> assertThat(m).doesNotContain("in time"));
        }
    }
}
