package io.numaagent.runner.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.PodResources;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.TestMachine;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A container's pod resources in recordings: written when known, absent when not, and read back exactly. */
class PodResourcesRecordingTest {

    private static final PodResources GPU_AND_VF = new PodResources(List.of(
            new PodResources.Device("nvidia.com/gpu", List.of("GPU-6f8c"), NodeSet.of(1)),
            new PodResources.Device("intel.com/sriov_netdevice", List.of("0000:af:02.1"), NodeSet.of(3))),
            CpuSet.range(4, 7), List.of(new PodResources.Memory("hugepages-1Gi", 4L << 30, NodeSet.of(1))));

    private static Snapshot twoSocketFourNodePod(PodResources trainer) {
        TestMachine m = TestMachine.twoSocketFourNode();
        m.task("/kubepods/podA").subCgroups("/kubepods/podA/trainer", "/kubepods/podA/sidecar").pids(100)
                .qos(QosClass.GUARANTEED).containers(
                        new Container("trainer", "/kubepods/podA/trainer", Resources.NONE, QosClass.UNKNOWN,
                                CpuSet.EMPTY, NodeSet.EMPTY, -1, trainer),
                        new Container("sidecar", "/kubepods/podA/sidecar", Resources.NONE, QosClass.UNKNOWN,
                                CpuSet.EMPTY, NodeSet.EMPTY));
        return m.snapshot(1, Instant.parse("2026-12-02T18:00:00Z"));
    }

    @Test
    void twoSocketFourNodeContainerPodResourcesRoundTrip() {
        Snapshot s = twoSocketFourNodePod(GPU_AND_VF);
        String json = RecordingWriter.toLine(s);

        assertThat(json).contains("\"name\":\"trainer\",\"cgroupPath\":\"/kubepods/podA/trainer\"")
                .contains(",\"podResources\":{\"devices\":[{\"resourceName\":\"nvidia.com/gpu\","
                        + "\"deviceIds\":[\"GPU-6f8c\"],\"numaNodes\":\"1\"},{\"resourceName\":"
                        + "\"intel.com/sriov_netdevice\",\"deviceIds\":[\"0000:af:02.1\"],\"numaNodes\":\"3\"}],"
                        + "\"cpus\":\"4-7\",\"memory\":[{\"memoryType\":\"hugepages-1Gi\",\"sizeBytes\":4294967296,"
                        + "\"numaNodes\":\"1\"}]}}");
        assertThat(json.split("podResources", -1)).as("the sidecar has none: left out").hasSize(2);
        Snapshot back = RecordingReader.snapshot(json);
        assertThat(back.tasks().get(0).containers()).extracting(Container::podResources)
                .containsExactly(GPU_AND_VF, PodResources.NONE);
        assertThat(back).isEqualTo(s);
    }

    @Test
    void twoSocketFourNodeRecordingWithoutPodResourcesReadsAsNone() {
        String json = RecordingWriter.toLine(twoSocketFourNodePod(PodResources.NONE));

        assertThat(json).doesNotContain("podResources");
        assertThat(RecordingReader.snapshot(json).tasks().get(0).containers()).extracting(Container::podResources)
                .containsOnly(PodResources.NONE);
    }
}
