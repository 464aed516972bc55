package io.numaagent.plugins.topologyaware;

import static io.numaagent.plugins.topologyaware.Harness.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.PodResources;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Topology hints from what the kubelet's pod-resources API says it assigned to a container (device
 * plugins' devices with their NUMA nodes), and {@code pick-resources-by-hints}, on
 * twoSocketFourNodeSixteenCpus (node n holds CPUs 4n..4n+3, socket 0 nodes 0-1). Without hints a
 * guaranteed 2-CPU container goes to NUMA #1 (4-5).
 */
class PodResourceHintPlacementTest {

    private static final String NS = ".resource-policy.nri.io";

    @TempDir
    Path state;

    static PodResources.Device device(String resource, String id, Integer... nodes) {
        return new PodResources.Device(resource, List.of(id), NodeSet.of(List.of(nodes)));
    }

    static PodResources devices(PodResources.Device... devices) {
        return new PodResources(List.of(devices), CpuSet.EMPTY, List.of());
    }

    private static final PodResources.Device GPU3 = device("nvidia.com/gpu", "GPU-6f8c", 3);
    private static final PodResources.Device VF2 = device("intel.com/sriov_netdevice", "0000:af:02.1", 2);

    static Stream<Arguments> hints() {
        String deny = "deny.topologyhints" + NS;
        String allow = "allow.topologyhints" + NS;
        String sources = "topologyhints" + NS;
        return Stream.of(
                Arguments.of("nothing assigned: NUMA #1", PodResources.NONE, Map.of(), "4-5 / 1"),
                Arguments.of("GPU on node 3: NUMA #3", devices(GPU3), Map.of(), "12-13 / 3"),
                Arguments.of("VF on node 2: NUMA #2", devices(VF2), Map.of(), "8-9 / 2"),
                Arguments.of("a device without NUMA nodes gives no hint",
                        devices(device("example.com/dongle", "d0")), Map.of(), "4-5 / 1"),
                Arguments.of("the kubelet's exclusive CPUs and pinned memory give no hint, as in the reference",
                        new PodResources(List.of(), CpuSet.parse("12-13"), List.of(new PodResources.Memory("memory",
                                1L << 30, NodeSet.of(3)))), Map.of(), "4-5 / 1"),
                Arguments.of("GPU (node 3) and VF (node 2): socket #1 scores 0.9 for each, its nodes 1 x 0",
                        devices(GPU3, VF2), Map.of(), "8-9 / 2-3"),
                Arguments.of("two GPUs on nodes 2 and 3: a hint each, not the last one's only",
                        devices(device("nvidia.com/gpu", "GPU-a", 2), GPU3), Map.of(), "8-9 / 2-3"),
                Arguments.of("topologyhints: pod-resources", devices(GPU3), Map.of(sources, "pod-resources"),
                        "12-13 / 3"),
                Arguments.of("topologyhints: all", devices(GPU3), Map.of(sources, "all"), "12-13 / 3"),
                Arguments.of("topologyhints: mounts,devices: no pod-resource hint", devices(GPU3),
                        Map.of(sources, "mounts,devices"), "4-5 / 1"),
                Arguments.of("topologyhints: none", devices(GPU3), Map.of(sources, "none"), "4-5 / 1"),
                Arguments.of("deny prefix podresourceapi:", devices(GPU3),
                        Map.of(deny, "{type: prefix, paths: [\"podresourceapi:\"]}"), "4-5 / 1"),
                Arguments.of("deny the VF's resource: the GPU only", devices(GPU3, VF2),
                        Map.of(deny, "{type: prefix, paths: [\"podresourceapi:intel.com/\"]}"), "12-13 / 3"),
                Arguments.of("deny everything, allow GPUs by glob", devices(GPU3, VF2),
                        Map.of(deny, "{type: prefix, paths: [/, \"podresourceapi:\"]}", allow,
                                "{type: glob, paths: [\"podresourceapi:nvidia.com/*\"]}"), "12-13 / 3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hints")
    void twoSocketFourNodeSixteenCpusGuaranteedTwoCpus(String name, PodResources assigned,
                                                       Map<String, String> annotations, String placement) {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        h.pod("/pod", container("/pod/ctr", QosClass.GUARANTEED, 2000, 2000, 100, 100))
                .annotate("/pod", annotations).podResources("/pod", "/pod/ctr", assigned);
        h.step();

        assertThat(h.placement()).containsExactly(Map.entry("/pod/ctr", placement));
    }

    @Test
    void twoSocketFourNodeSixteenCpusPodContainersEachByTheirOwnDevices() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        h.pod("/pod", container("/pod/plain", QosClass.GUARANTEED, 2000, 2000, 100, 100),
                container("/pod/infer", QosClass.GUARANTEED, 2000, 2000, 100, 100))
                .podResources("/pod", "/pod/infer", devices(GPU3));
        h.step();

        assertThat(h.placement()).containsExactly(Map.entry("/pod/infer", "12-13 / 3"),
                Map.entry("/pod/plain", "4-5 / 1"));
    }

    @Test
    void twoSocketFourNodeSixteenCpusStrictPodResourceHintFailsAMisalignedGrant() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        // six CPUs cannot fit node 3's four: the grant spans socket #1, outside the GPU's node
        h.pod("/pod", container("/pod/ctr", QosClass.GUARANTEED, 6000, 6000, 100, 100))
                .annotate("/pod", Map.of("strict.topologyhints" + NS, "true"))
                .podResources("/pod", "/pod/ctr", devices(GPU3));
        h.step();
        assertThat(h.placement()).containsExactly(Map.entry("/pod/ctr", "- / -"));

        h.annotate("/pod", Map.of());
        h.step();
        assertThat(h.placement()).containsExactly(Map.entry("/pod/ctr", "8-13 / 2-3"));
    }

    /**
     * pick-resources-by-hints: a container with a GPU on node 0 and a VF on node 3 gets the root pool
     * (no socket holds both); by hints it takes CPUs next to each device and memory on their nodes.
     * CPU 0 is reserved (the default 750m), so node 0 offers 1-3.
     */
    static Stream<Arguments> picks() {
        PodResources gpu0vf3 = devices(device("nvidia.com/gpu", "GPU-0", 0), device("intel.com/sriov_netdevice",
                "0000:af:02.1", 3));
        return Stream.of(
                Arguments.of("not annotated: CPUs by the allocator's order, memory of the whole pool", gpu0vf3, 4,
                        false, "2-5 / 0-3"),
                Arguments.of("four CPUs, two hints: two next to each device, memory on their nodes", gpu0vf3, 4,
                        true, "2-3,12-13 / 0,3"),
                Arguments.of("three CPUs, two hints: one next to each, the third by the allocator's order", gpu0vf3,
                        3, true, "1-2,12 / 0,3"),
                Arguments.of("one CPU, two hints: more hints than CPUs, picked as usual; memory still by hints",
                        gpu0vf3, 1, true, "1 / 0,3"),
                Arguments.of("one device: its NUMA pool, picked there all the same", devices(GPU3), 2, true,
                        "12-13 / 3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("picks")
    void twoSocketFourNodeSixteenCpusPickResourcesByHints(String name, PodResources assigned, int cpus,
                                                          boolean pick, String placement) {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        Map<String, String> annotations = new HashMap<>();
        if (pick) {
            annotations.put("pick-resources-by-hints" + NS + "/container.ctr", "true");
        }
        h.pod("/pod", container("/pod/ctr", QosClass.GUARANTEED, 1000L * cpus, 1000L * cpus, 100, 100))
                .annotate("/pod", annotations).podResources("/pod", "/pod/ctr", assigned);
        h.step();

        assertThat(h.placement()).containsExactly(Map.entry("/pod/ctr", placement));
    }

    @Test
    void twoSocketFourNodeSixteenCpusPickByHintsFallsBackWhenADevicesNodeIsFull() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        // node 3's four CPUs go to a container of its own first
        h.pod("/full", container("/full/ctr", QosClass.GUARANTEED, 4000, 4000, 100, 100))
                .podResources("/full", "/full/ctr", devices(GPU3));
        h.step();
        h.pod("/pod", container("/pod/ctr", QosClass.GUARANTEED, 4000, 4000, 100, 100))
                .annotate("/pod", Map.of("pick-resources-by-hints" + NS + "/container.ctr", "true"))
                .podResources("/pod", "/pod/ctr", devices(device("nvidia.com/gpu", "GPU-0", 0),
                        device("intel.com/sriov_netdevice", "0000:af:02.1", 3)));
        h.step();

        // no CPU near the VF is free: all four by the allocator's order (as unannotated); memory still by hints
        assertThat(h.placement()).containsExactly(Map.entry("/full/ctr", "12-15 / 3"),
                Map.entry("/pod/ctr", "2-5 / 0,3"));
    }
}
