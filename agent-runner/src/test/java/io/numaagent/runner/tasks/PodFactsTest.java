package io.numaagent.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.runner.config.TaskSourceConfig.CgroupDriver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a pod's QoS class, resources and cgroup paths are worked out, case by case. */
class PodFactsTest {

    /** A container from {@code "cpuRequest/memRequest/cpuLimit/memLimit"}, each part may be empty. */
    private static Container container(String name, String spec) {
        String[] p = (spec + "///").split("/", -1);
        Map<String, Quantity> requests = new HashMap<>();
        Map<String, Quantity> limits = new HashMap<>();
        if (!p[0].isEmpty()) {
            requests.put("cpu", new Quantity(p[0]));
        }
        if (!p[1].isEmpty()) {
            requests.put("memory", new Quantity(p[1]));
        }
        if (!p[2].isEmpty()) {
            limits.put("cpu", new Quantity(p[2]));
        }
        if (!p[3].isEmpty()) {
            limits.put("memory", new Quantity(p[3]));
        }
        return new ContainerBuilder().withName(name).withNewResources().withRequests(requests).withLimits(limits)
                .endResources().build();
    }

    private static Pod pod(String qosInStatus, String init, String... containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u").endMetadata()
                .withNewSpec().endSpec().withNewStatus().withQosClass(qosInStatus).endStatus();
        for (int i = 0; i < containers.length; i++) {
            b.editSpec().addToContainers(container("c" + i, containers[i])).endSpec();
        }
        if (init != null) {
            b.editSpec().addToInitContainers(container("init", init)).endSpec();
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "limitsEqualRequests          |          | 1/1Gi/1/1Gi      |              | GUARANTEED",
        "onlyLimitsRequestsDefaulted  |          | //500m/512Mi     |              | GUARANTEED",
        "oneContainerWithoutLimits    |          | 1/1Gi/1/1Gi      | 100m///      | BURSTABLE",
        "requestBelowLimit            |          | 500m/1Gi/1/1Gi   |              | BURSTABLE",
        "nothingAnywhere              |          | ///              | ///          | BEST_EFFORT",
        "statusWinsOverTheSpec        | Burstable | 1/1Gi/1/1Gi     |              | BURSTABLE",
        "statusUnknownSpellingComputed | Gold    | ///              |              | BEST_EFFORT",
    })
    void qosClassIsTheStatusElseComputedAsKubernetesDoes(String name, String status, String c0, String c1,
                                                          QosClass expected) {
        Pod p = c1 == null ? pod(status, null, c0) : pod(status, null, c0, c1);
        assertThat(PodFacts.qos(p)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // name | init | c0 | c1 | cpuReq | cpuLim | memReq | memLim
        "sumOfContainers          |            | 500m/1Gi/1/2Gi | 250m/512Mi/1/1Gi | 750  | 2000 | 1610612736 | 3221225472",
        "oneWithoutLimitNoPodLimit |           | 500m/1Gi/1/2Gi | 250m/512Mi//     | 750  | 0    | 1610612736 | 0",
        "largerInitContainerWins  | 2/64Mi/2/64Mi | 500m/1Gi/1/2Gi | 250m/512Mi/1/1Gi | 2000 | 2000 | 1610612736 | 3221225472",
        "fractionsRoundUp         |            | 0.0001/100/0.0001/100 | ///     | 1    | 0    | 100        | 0",
    })
    void podResourcesAreWhatTheSchedulerCounts(String name, String init, String c0, String c1, long cpuReq,
                                               long cpuLim, long memReq, long memLim) {
        assertThat(PodFacts.resources(pod(null, init, c0, c1)))
                .isEqualTo(new Resources(cpuReq, cpuLim, memReq, memLim));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "SYSTEMD,  GUARANTEED,  /kubepods.slice/kubepods-podaa_bb.slice",
        "SYSTEMD,  BURSTABLE,   /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podaa_bb.slice",
        "SYSTEMD,  BEST_EFFORT, /kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podaa_bb.slice",
        "CGROUPFS, GUARANTEED,  /kubepods/podaa-bb",
        "CGROUPFS, BURSTABLE,   /kubepods/burstable/podaa-bb",
        "CGROUPFS, BEST_EFFORT, /kubepods/besteffort/podaa-bb",
    })
    void podCgroupForEachDriverAndQosClass(CgroupDriver driver, QosClass qos, String expected) {
        assertThat(PodCgroups.podCandidates(driver, "aa-bb", qos)).containsExactly(expected);
        assertThat(PodCgroups.podCandidates(CgroupDriver.AUTO, "aa-bb", qos)).contains(expected).hasSize(2);
    }

    @ParameterizedTest(name = "{1} under {0}")
    @CsvSource({
        "/kubepods.slice/kubepods-podu.slice, containerd://abc, /kubepods.slice/kubepods-podu.slice/cri-containerd-abc.scope",
        "/kubepods.slice/kubepods-podu.slice, cri-o://abc,      /kubepods.slice/kubepods-podu.slice/crio-abc.scope",
        "/kubepods.slice/kubepods-podu.slice, docker://abc,     /kubepods.slice/kubepods-podu.slice/docker-abc.scope",
        "/kubepods/podu,                      containerd://abc, /kubepods/podu/abc /kubepods/podu/cri-containerd-abc",
        "/kubepods/podu,                      cri-o://abc,      /kubepods/podu/crio-abc /kubepods/podu/abc",
        "/kubepods/podu,                      abc,              ''",
        "/kubepods/podu,                      containerd://,    ''",
    })
    void containerCgroupFromItsContainerId(String pod, String containerId, String expected) {
        assertThat(PodCgroups.containerCandidates(pod, containerId))
                .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(" ")));
    }
}
