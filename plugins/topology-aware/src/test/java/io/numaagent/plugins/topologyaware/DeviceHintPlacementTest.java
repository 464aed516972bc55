package io.numaagent.plugins.topologyaware;

import static io.numaagent.plugins.topologyaware.Harness.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.TaskDevice;
import io.numaagent.api.snapshot.TaskDevice.Kind;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Topology hints from the mounts and devices a container uses (as the runner reads them from its
 * mountinfo and /dev and sysfs), on twoSocketFourNodeSixteenCpus (node n holds CPUs 4n..4n+3, socket 0
 * nodes 0-1): the {@code topologyhints} sources, the reference's ignored mounts, allow/deny lists and
 * strict hints. Without hints a guaranteed 2-CPU container goes to NUMA #1 (4-5).
 */
class DeviceHintPlacementTest {

    private static final String NS = ".resource-policy.nri.io";
    private static final String NVME = "/sys/devices/pci0000:80/0000:80:01.0";
    private static final String GPU = "/sys/devices/pci0000:c0/0000:c0:02.0";

    @TempDir
    Path state;

    /** A mount of an NVMe partition on node 2 (CPUs 8-11). */
    static TaskDevice nvmeMount(String at, String hostPath, boolean readOnly) {
        return new TaskDevice(Kind.MOUNT, "/g2", at, hostPath, readOnly, NVME + "/nvme/nvme0/nvme0n1/nvme0n1p1", NVME,
                CpuSet.parse("8-11"), NodeSet.of(2), List.of());
    }

    /** A GPU on CPUs 12-15 whose numa_node is -1 (as the reference's test device). */
    static TaskDevice gpu(String cgroup) {
        return new TaskDevice(Kind.DEVICE, cgroup, "/dev/dri/card1", "/dev/dri/card1", false, GPU + "/drm/card1", GPU,
                CpuSet.parse("12-15"), NodeSet.EMPTY, List.of());
    }

    private static final TaskDevice DATA = nvmeMount("/data", "/mnt/fast/data", false);

    static Stream<Arguments> hints() {
        String deny = "deny.topologyhints" + NS;
        String allow = "allow.topologyhints" + NS;
        String sources = "topologyhints" + NS;
        return Stream.of(
                Arguments.of("no devices: NUMA #1", List.of(), Map.of(), "4-5 / 1"),
                Arguments.of("NVMe mount on node 2: NUMA #2", List.of(DATA), Map.of(), "8-9 / 2"),
                Arguments.of("GPU device on CPUs 12-15: NUMA #3", List.of(gpu("/g2")), Map.of(), "12-13 / 3"),
                Arguments.of("both (CPUs 8-11 and 12-15): socket #1 scores 1 for each, its nodes 0.5 x 0 and 0 x 1",
                        List.of(DATA, gpu("/g2")), Map.of(), "8-9 / 2-3"),
                Arguments.of("read-only mount: no hint", List.of(nvmeMount("/data", "/mnt/fast/data", true)), Map.of(),
                        "4-5 / 1"),
                Arguments.of("mount at /etc/hosts: ignored as in the reference",
                        List.of(nvmeMount("/etc/hosts", "/mnt/fast/pods/x/etc-hosts", false)), Map.of(), "4-5 / 1"),
                Arguments.of("kubelet config map volume: ignored",
                        List.of(nvmeMount("/cfg", "/var/lib/kubelet/pods/0a1b-2c/volumes/kubernetes.io~configmap/c",
                                false)), Map.of(), "4-5 / 1"),
                Arguments.of("topologyhints: devices: the mount gives no hint", List.of(DATA),
                        Map.of(sources, "devices"), "4-5 / 1"),
                Arguments.of("topologyhints: mounts: the device gives no hint", List.of(gpu("/g2")),
                        Map.of(sources, "mounts"), "4-5 / 1"),
                Arguments.of("topologyhints: mounts,devices: both", List.of(DATA),
                        Map.of(sources, "mounts,devices"), "8-9 / 2"),
                Arguments.of("topologyhints: pod-resources only: the mount gives no hint", List.of(DATA),
                        Map.of(sources, "pod-resources"), "4-5 / 1"),
                Arguments.of("topologyhints: false", List.of(DATA), Map.of(sources, "false"), "4-5 / 1"),
                Arguments.of("deny prefix of the host path", List.of(DATA),
                        Map.of(deny, "{type: prefix, paths: [/mnt/fast]}"), "4-5 / 1"),
                Arguments.of("deny prefix of the sysfs device", List.of(DATA),
                        Map.of(deny, "{type: prefix, paths: [/sys/devices/pci0000:80]}"), "4-5 / 1"),
                Arguments.of("deny glob of the GPU's sysfs path", List.of(gpu("/g2")),
                        Map.of(deny, "{type: glob, paths: [/sys/devices/pci*/*/drm/card*]}"), "4-5 / 1"),
                Arguments.of("deny everything, allow the GPU by glob: the GPU only", List.of(DATA, gpu("/g2")),
                        Map.of(deny, "{type: prefix, paths: [/]}", allow,
                                "{type: glob, paths: [/sys/devices/pci*/*:c0:02.0/drm/*]}"), "12-13 / 3"),
                Arguments.of("a container-scoped deny for another container does not apply", List.of(DATA),
                        Map.of(deny + "/container.other", "{paths: [/]}"), "8-9 / 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hints")
    void twoSocketFourNodeSixteenCpusGuaranteedTwoCpus(String name, List<TaskDevice> devices,
                                                       Map<String, String> annotations, String placement) {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        h.guaranteed("/g2", 2000).annotate("/g2", annotations).devices("/g2", devices);
        h.step();

        assertThat(h.placement()).containsExactly(Map.entry("/g2", placement));
    }

    @Test
    void twoSocketFourNodeSixteenCpusStrictHintFailsAMisalignedGrant() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        TaskDevice gpuOnTwoCpus = new TaskDevice(Kind.DEVICE, "/b", "/dev/dri/card1", "/dev/dri/card1", false,
                GPU + "/drm/card1", GPU, CpuSet.parse("12-13"), NodeSet.EMPTY, List.of());
        // a burstable container's shared CPUs would be all of NUMA #3 (12-15): outside the hint's 12-13
        h.add("/b", QosClass.BURSTABLE, 500, 1000, 100, 100)
                .annotate("/b", Map.of("strict.topologyhints" + NS, "true")).devices("/b", List.of(gpuOnTwoCpus));
        h.step();
        assertThat(h.placement()).containsExactly(Map.entry("/b", "- / -"));
        assertThat(h.plugin.allocator().grant("/b")).isNull();

        // not strict: placed on NUMA #3 all the same
        h.annotate("/b", Map.of());
        h.step();
        assertThat(h.placement()).containsExactly(Map.entry("/b", "12-15 / 3"));
    }

    /** The e2e guest's disk: a virtio-blk behind a PCI expander bridge on node 3 (as its sysfs shows it). */
    static final String GUEST_DISK = "/sys/devices/pci0000:40/0000:40:00.0/0000:41:01.0";

    static TaskDevice guestDisk(Kind kind, String cgroup, String at) {
        // a mount: host path "/", the filesystem's root (the guest's own mount table does not mount the disk)
        return new TaskDevice(kind, cgroup, at, kind == Kind.MOUNT ? "/" : at, false,
                GUEST_DISK + "/virtio2/block/vda", GUEST_DISK, CpuSet.parse("6-7"), NodeSet.of(3), List.of());
    }

    /**
     * e2e/tests/agent-topology-aware-hints.sh (fourNodeTwoSocket: node n holds CPUs 2n, 2n+1; the disk on
     * node 3): best-effort containers placed in one cycle, one with the disk's filesystem mounted, one with
     * its device node, one with both but {@code topologyhints: false}.
     */
    @Test
    void fourNodeTwoSocketE2eGuestDiskOnNodeThree() {
        Harness h = new Harness(TestMachine.qemu(2, 1, 2, 2, 1, 1L << 30), state, Map.of());
        h.bestEffort("/e2e/mnt").devices("/e2e/mnt", List.of(guestDisk(Kind.MOUNT, "/e2e/mnt", "/data")));
        h.bestEffort("/e2e/dev").devices("/e2e/dev", List.of(guestDisk(Kind.DEVICE, "/e2e/dev", "/dev/vda")));
        h.bestEffort("/e2e/off").annotate("/e2e/off", Map.of("topologyhints" + NS, "false"))
                .devices("/e2e/off", List.of(guestDisk(Kind.MOUNT, "/e2e/off", "/data"),
                        guestDisk(Kind.DEVICE, "/e2e/off", "/dev/vda")));
        h.step();

        // both hinted ones on NUMA #3, the shared CPUs of the disk's node; without hints NUMA #1, where a lone
        // best-effort goes (PlacementSequenceTest "fourNodeTwoSocket (e2e guest)")
        assertThat(h.placement()).containsExactly(Map.entry("/e2e/dev", "6-7 / 3"), Map.entry("/e2e/mnt", "6-7 / 3"),
                Map.entry("/e2e/off", "2-3 / 1"));
    }

    @Test
    void twoSocketFourNodeSixteenCpusPodContainersEachByTheirOwnDevices() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        h.pod("/pod", container("/pod/plain", QosClass.GUARANTEED, 2000, 2000, 100, 100),
                container("/pod/render", QosClass.GUARANTEED, 2000, 2000, 100, 100))
                .devices("/pod", List.of(gpu("/pod/render")));
        h.step();

        assertThat(h.placement()).containsExactly(Map.entry("/pod/plain", "4-5 / 1"),
                Map.entry("/pod/render", "12-13 / 3"));
    }
}
