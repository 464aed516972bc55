package io.numaagent.runner.kube.podresources;

import io.numaagent.api.CpuSet;
import io.numaagent.api.IdSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.PodResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kubelet's answer to {@code v1.PodResourcesLister/List}: the pods of the node with what each of
 * their containers was assigned, decoded from {@code ListPodResourcesResponse}
 * ({@code k8s.io/kubelet/pkg/apis/podresources/v1/api.proto}). Fields this agent does not use
 * (dynamic resources of DRA claims, which carry no NUMA nodes, and any added later) are skipped.
 */
public final class PodResourcesList {

    /** One pod: its namespace and name (the API gives no uid) and its containers by name. */
    public record Pod(String namespace, String name, Map<String, PodResources> containers) {
        public Pod {
            containers = Map.copyOf(containers);
        }
    }

    private final Map<String, Pod> byKey;

    private PodResourcesList(Map<String, Pod> byKey) {
        this.byKey = byKey;
    }

    /** The pods as listed. */
    public List<Pod> pods() {
        return List.copyOf(byKey.values());
    }

    /** What the kubelet assigned to container {@code container} of pod {@code namespace/name}, if it lists it. */
    public Optional<PodResources> container(String namespace, String name, String container) {
        Pod p = byKey.get(namespace + "/" + name);
        return p == null ? Optional.empty() : Optional.ofNullable(p.containers().get(container));
    }

    /** Decodes a {@code ListPodResourcesResponse}. */
    static PodResourcesList decode(byte[] message) throws ProtoReader.MalformedMessage {
        try {
            return decodeChecked(message);
        } catch (IdOutOfRange e) {
            throw new ProtoReader.MalformedMessage(e.getMessage());
        }
    }

    private static PodResourcesList decodeChecked(byte[] message) throws ProtoReader.MalformedMessage {
        Map<String, Pod> pods = new LinkedHashMap<>();
        ProtoReader r = new ProtoReader(message);
        for (int f = r.nextField(); f != 0; f = r.nextField()) {
            if (f == 1) { // repeated PodResources pod_resources
                Pod p = pod(r.message());
                pods.put(p.namespace() + "/" + p.name(), p);
            } else {
                r.skip();
            }
        }
        return new PodResourcesList(pods);
    }

    /** {@code PodResources}: name 1, namespace 2, containers 3. */
    private static Pod pod(ProtoReader r) throws ProtoReader.MalformedMessage {
        String name = "";
        String namespace = "";
        Map<String, PodResources> containers = new LinkedHashMap<>();
        for (int f = r.nextField(); f != 0; f = r.nextField()) {
            switch (f) {
                case 1 -> name = r.string();
                case 2 -> namespace = r.string();
                case 3 -> {
                    NamedResources c = container(r.message());
                    containers.put(c.name(), c.resources());
                }
                default -> r.skip();
            }
        }
        return new Pod(namespace, name, containers);
    }

    /** {@code ContainerResources}: name 1, devices 2, cpu_ids 3, memory 4 (dynamic_resources 5 skipped). */
    private static NamedResources container(ProtoReader r) throws ProtoReader.MalformedMessage {
        String name = "";
        List<PodResources.Device> devices = new ArrayList<>();
        List<Integer> cpus = new ArrayList<>();
        List<PodResources.Memory> memory = new ArrayList<>();
        for (int f = r.nextField(); f != 0; f = r.nextField()) {
            switch (f) {
                case 1 -> name = r.string();
                case 2 -> devices.add(device(r.message()));
                case 3 -> r.repeatedVarint(v -> cpus.add(id(v)));
                case 4 -> memory.add(memory(r.message()));
                default -> r.skip();
            }
        }
        return new NamedResources(name, new PodResources(devices, CpuSet.of(cpus), memory));
    }

    private record NamedResources(String name, PodResources resources) {
    }

    /** {@code ContainerDevices}: resource_name 1, device_ids 2, topology 3. */
    private static PodResources.Device device(ProtoReader r) throws ProtoReader.MalformedMessage {
        String resource = "";
        List<String> ids = new ArrayList<>();
        NodeSet nodes = NodeSet.EMPTY;
        for (int f = r.nextField(); f != 0; f = r.nextField()) {
            switch (f) {
                case 1 -> resource = r.string();
                case 2 -> ids.add(r.string());
                case 3 -> nodes = nodes.union(topology(r.message()));
                default -> r.skip();
            }
        }
        return new PodResources.Device(resource, ids, nodes);
    }

    /** {@code ContainerMemory}: memory_type 1, size 2, topology 3. */
    private static PodResources.Memory memory(ProtoReader r) throws ProtoReader.MalformedMessage {
        String type = "";
        long size = 0;
        NodeSet nodes = NodeSet.EMPTY;
        for (int f = r.nextField(); f != 0; f = r.nextField()) {
            switch (f) {
                case 1 -> type = r.string();
                case 2 -> size = r.varintField();
                case 3 -> nodes = nodes.union(topology(r.message()));
                default -> r.skip();
            }
        }
        if (size < 0) {
            throw new ProtoReader.MalformedMessage("memory size " + Long.toUnsignedString(size) + " of " + type
                    + " out of range");
        }
        return new PodResources.Memory(type, size, nodes);
    }

    /** {@code TopologyInfo}: repeated {@code NUMANode} nodes 1, each with int64 ID 1. */
    private static NodeSet topology(ProtoReader r) throws ProtoReader.MalformedMessage {
        List<Integer> ids = new ArrayList<>();
        for (int f = r.nextField(); f != 0; f = r.nextField()) {
            if (f == 1) {
                ProtoReader node = r.message();
                for (int g = node.nextField(); g != 0; g = node.nextField()) {
                    if (g == 1) {
                        ids.add(id(node.varintField()));
                    } else {
                        node.skip();
                    }
                }
            } else {
                r.skip();
            }
        }
        return NodeSet.of(ids);
    }

    /** A CPU or NUMA node id: int64 on the wire, in range here. */
    private static int id(long v) {
        if (v < 0 || v >= IdSet.MAX_ID) {
            throw new IdOutOfRange(v);
        }
        return (int) v;
    }

    /** An id no CPU or node can have; unchecked so that it leaves the LongConsumer of repeated fields. */
    static final class IdOutOfRange extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        IdOutOfRange(long v) {
            super("id " + v + " out of range (0.." + (IdSet.MAX_ID - 1) + ")");
        }
    }
}
