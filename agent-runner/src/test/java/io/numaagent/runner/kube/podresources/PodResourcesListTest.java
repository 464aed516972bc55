package io.numaagent.runner.kube.podresources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.PodResources;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written decoder of {@code ListPodResourcesResponse} on messages protobuf-java encodes
 * ({@link PodResourcesMessages}): fields it does not know are skipped whatever their wire type, and
 * what the wire format does not allow is an error naming the byte.
 */
class PodResourcesListTest {

    private record Bad(String name, byte[] message, String error) {
    }

    @Test
    void twoSocketFourNodeUnknownFieldsOfEveryWireTypeAreSkipped() throws Exception {
        byte[] container = PodResourcesMessages.encode(out -> {
            out.writeString(1, "trainer");
            out.writeFixed32(9, 7); // fields a later kubelet might add
            out.writeFixed64(10, 8);
            out.writeUInt64(11, 9);
            out.writeByteArray(2, PodResourcesMessages.encode(d -> {
                d.writeString(1, "nvidia.com/gpu");
                d.writeString(2, "GPU-6f8c");
                d.writeByteArray(3, PodResourcesMessages.topology(List.of(1)));
                d.writeString(12, "extra");
            }));
        });
        byte[] pod = PodResourcesMessages.encode(out -> {
            out.writeString(1, "trainer-0");
            out.writeString(2, "ml");
            out.writeByteArray(3, container);
            out.writeInt64(4, 3); // newer kubelets' pod-level cpu_ids
        });
        byte[] list = PodResourcesMessages.encode(out -> out.writeByteArray(1, pod));

        assertThat(PodResourcesList.decode(list).container("ml", "trainer-0", "trainer")).contains(new PodResources(
                List.of(new PodResources.Device("nvidia.com/gpu", List.of("GPU-6f8c"), NodeSet.of(1))), CpuSet.EMPTY,
                List.of()));
    }

    @Test
    void malformedMessagesNameTheByte() {
        byte[] pod = PodResourcesMessages.encode(out -> out.writeString(1, "x"));
        List<Bad> cases = List.of(
                new Bad("truncated varint", new byte[] {0x10, (byte) 0x80}, "varint at byte 1 runs past the end"),
                new Bad("varint of 11 bytes", new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01},
                        "varint at byte 1 is longer than 10 bytes"),
                new Bad("field 0", new byte[] {0x02, 0x00}, "field number 0 at byte 0"),
                new Bad("truncated fixed64", new byte[] {0x11, 1, 2, 3}, "fixed-size value at byte 1 runs past the end"),
                new Bad("pod_resources as a varint", new byte[] {0x08, 0x01},
                        "wire type 0 at byte 1 where 2 belongs"),
                new Bad("name not UTF-8", PodResourcesMessages.encode(out -> out.writeByteArray(1,
                        PodResourcesMessages.encode(p -> p.writeByteArray(1, new byte[] {(byte) 0xC3, 0x28})))),
                        "string at byte 3 is not UTF-8"),
                new Bad("CPU id past 65535", PodResourcesMessages.list(new PodResourcesMessages.Pod("ml", "p",
                        List.of(PodResourcesMessages.Container.of("c").cpus(70_000)))), "id 70000 out of range (0..65535)"),
                new Bad("negative NUMA node", PodResourcesMessages.list(new PodResourcesMessages.Pod("ml", "p",
                        List.of(PodResourcesMessages.Container.of("c", PodResourcesMessages.Device.of("r", "d", -1))))),
                        "id -1 out of range (0..65535)"),
                new Bad("pod cut short", java.util.Arrays.copyOf(PodResourcesMessages.encode(out ->
                        out.writeByteArray(1, pod)), 3), "length 3 at byte 1 runs past the end (1 bytes left)"));
        for (Bad c : cases) {
            assertThatThrownBy(() -> PodResourcesList.decode(c.message())).as(c.name())
                    .isInstanceOf(ProtoReader.MalformedMessage.class).hasMessage(c.error());
        }
    }
}
