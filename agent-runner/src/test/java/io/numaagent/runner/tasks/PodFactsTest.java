package io.numaagent.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.runner.config.TaskSourceConfig.CgroupDriver;
import io.numaagent.runner.kube.PodInfo;
import io.numaagent.runner.kube.PodInfo.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a pod's QoS class, resources and cgroup paths are worked out, case by case. */
class PodFactsTest {

    /** A container from {@code "cpuRequest/memRequest/cpuLimit/memLimit"}, each part may be empty. */
    private static ContainerSpec container(String name, String spec) {
        String[] p = (spec + "///").split("/", -1);
        return new ContainerSpec(name, orNull(p[0]), orNull(p[1]), orNull(p[2]), orNull(p[3]));
    }

    private static String orNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static PodInfo pod(String qosInStatus, String init, String... containers) {
        List<ContainerSpec> app = new ArrayList<>();
        for (int i = 0; i < containers.length; i++) {
            app.add(container("c" + i, containers[i]));
        }
        List<ContainerSpec> inits = init == null ? List.of() : List.of(container("init", init));
        return new PodInfo("ns", "p", "u", "1", Map.of(), Map.of(), "node-a", app, inits, "Running", qosInStatus,
                List.of(), List.of());
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
        PodInfo p = c1 == null ? pod(status, null, c0) : pod(status, null, c0, c1);
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
