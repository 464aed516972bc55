package io.numaagent.runner.kube.podresources;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pod-resources messages ({@code k8s.io/kubelet/pkg/apis/podresources/v1/api.proto}) encoded with
 * protobuf-java's {@link CodedOutputStream}, as the kubelet's Go code would send them: for tests of
 * the agent's own decoder.
 */
public final class PodResourcesMessages {

    private PodResourcesMessages() {
    }

    /** A {@code ListPodResourcesResponse} of these pods. */
    public static byte[] list(Pod... pods) {
        return encode(out -> {
            for (Pod p : pods) {
                out.writeByteArray(1, p.bytes());
            }
        });
    }

    /** An {@code AllocatableResourcesResponse}: devices 1, cpu_ids 2 (packed), memory 3. */
    public static byte[] allocatable(List<Device> devices, List<Integer> cpus) {
        return encode(out -> {
            for (Device d : devices) {
                out.writeByteArray(1, d.bytes());
            }
            packed(out, 2, cpus);
        });
    }

    /** A {@code PodResources}: name 1, namespace 2, containers 3. */
    public record Pod(String namespace, String name, List<Container> containers) {
        byte[] bytes() {
            return encode(out -> {
                out.writeString(1, name);
                out.writeString(2, namespace);
                for (Container c : containers) {
                    out.writeByteArray(3, c.bytes());
                }
            });
        }
    }

    /**
     * A {@code ContainerResources}: name 1, devices 2, cpu_ids 3 (packed, as proto3 writes them, or
     * one field per id), memory 4, and a dynamic resource 5 that the agent skips.
     */
    public record Container(String name, List<Device> devices, List<Integer> cpus, boolean packedCpus,
                            List<Memory> memory, boolean withDynamicResource) {
        public static Container of(String name, Device... devices) {
            return new Container(name, List.of(devices), List.of(), true, List.of(), false);
        }

        public Container cpus(Integer... ids) {
            return new Container(name, devices, List.of(ids), packedCpus, memory, withDynamicResource);
        }

        public Container unpackedCpus() {
            return new Container(name, devices, cpus, false, memory, withDynamicResource);
        }

        public Container memory(Memory... m) {
            return new Container(name, devices, cpus, packedCpus, List.of(m), withDynamicResource);
        }

        public Container dynamicResource() {
            return new Container(name, devices, cpus, packedCpus, memory, true);
        }

        byte[] bytes() {
            return encode(out -> {
                out.writeString(1, name);
                for (Device d : devices) {
                    out.writeByteArray(2, d.bytes());
                }
                if (packedCpus) {
                    packed(out, 3, cpus);
                } else {
                    for (int c : cpus) {
                        out.writeInt64(3, c);
                    }
                }
                for (Memory m : memory) {
                    out.writeByteArray(4, m.bytes());
                }
                if (withDynamicResource) { // DynamicResource{claim_name 2, claim_namespace 3, claim_resources 4}
                    out.writeByteArray(5, encode(d -> {
                        d.writeString(2, "gpu-claim");
                        d.writeString(3, "default");
                        d.writeByteArray(4, encode(c -> {
                            c.writeByteArray(1, encode(cdi -> cdi.writeString(1, "vendor.com/gpu=gpu0")));
                            c.writeString(2, "gpu.vendor.com");
                        }));
                    }));
                }
            });
        }
    }

    /** A {@code ContainerDevices}: resource_name 1, device_ids 2, topology 3. */
    public record Device(String resourceName, List<String> ids, List<Integer> numaNodes) {
        public static Device of(String resourceName, String id, Integer... numaNodes) {
            return new Device(resourceName, List.of(id), List.of(numaNodes));
        }

        byte[] bytes() {
            return encode(out -> {
                out.writeString(1, resourceName);
                for (String id : ids) {
                    out.writeString(2, id);
                }
                if (!numaNodes.isEmpty()) {
                    out.writeByteArray(3, topology(numaNodes));
                }
            });
        }
    }

    /** A {@code ContainerMemory}: memory_type 1, size 2 (uint64), topology 3. */
    public record Memory(String type, long size, List<Integer> numaNodes) {
        byte[] bytes() {
            return encode(out -> {
                out.writeString(1, type);
                out.writeUInt64(2, size);
                out.writeByteArray(3, topology(numaNodes));
            });
        }
    }

    /** {@code TopologyInfo}{nodes 1: NUMANode{ID 1}}. */
    static byte[] topology(List<Integer> nodes) {
        return encode(out -> {
            for (int n : nodes) {
                out.writeByteArray(1, encode(node -> node.writeInt64(1, n)));
            }
        });
    }

    private static void packed(CodedOutputStream out, int field, List<Integer> ids) throws IOException {
        if (ids.isEmpty()) {
            return;
        }
        List<Long> values = new ArrayList<>();
        ids.forEach(i -> values.add((long) i));
        int size = values.stream().mapToInt(CodedOutputStream::computeInt64SizeNoTag).sum();
        out.writeTag(field, 2);
        out.writeUInt32NoTag(size);
        for (long v : values) {
            out.writeInt64NoTag(v);
        }
    }

    @FunctionalInterface
    interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] encode(Writer w) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            w.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
