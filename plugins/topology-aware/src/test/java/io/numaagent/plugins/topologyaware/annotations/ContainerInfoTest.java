package io.numaagent.plugins.topologyaware.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerInfoTest {

    private static Task task(String id, String name, List<String> subs, Map<String, String> labels,
                             Map<String, String> annotations) {
        return new Task(id, name, id, subs, List.of(), labels, annotations, Resources.NONE, QosClass.GUARANTEED,
                TaskMeasurements.NONE);
    }

    @Test
    void podTaskSubCgroupsAreContainersNamedByLeafOrAnnotation() {
        Task pod = task("/kubepods/pod1", "web-0", List.of("/kubepods/pod1/app", "/kubepods/pod1/cri-containerd-0f3a.scope"),
                Map.of("io.kubernetes.pod.namespace", "prod", "app", "web"),
                Map.of("numa-agent.io/container-name.cri-containerd-0f3a.scope", "sidecar"));
        List<ContainerInfo> cs = ContainerInfo.allOf(pod);
        assertThat(cs).extracting(ContainerInfo::name).containsExactly("app", "sidecar");
        assertThat(cs).extracting(ContainerInfo::id)
                .containsExactly("/kubepods/pod1/app", "/kubepods/pod1/cri-containerd-0f3a.scope");
        ContainerInfo app = cs.get(0);
        assertThat(app.pod()).isEqualTo(new PodInfo("/kubepods/pod1", "/kubepods/pod1", "web-0", "prod", QosClass.GUARANTEED,
                Map.of("io.kubernetes.pod.namespace", "prod", "app", "web")));
        assertThat(app.namespace()).isEqualTo("prod");
        assertThat(app.labels()).containsEntry("io.kubernetes.container.name", "app")
                .containsEntry("io.kubernetes.pod.name", "web-0").containsEntry("app", "web");
        assertThat(app.prettyName()).isEqualTo("prod/web-0/app");
    }

    @Test
    void taskWithoutSubCgroupsIsOneContainer() {
        Task single = task("/batch/job", "job", List.of(), Map.of("io.kubernetes.container.name", "worker",
                "io.kubernetes.pod.name", "job-x", "io.kubernetes.pod.uid", "1234"), Map.of());
        List<ContainerInfo> cs = ContainerInfo.allOf(single);
        assertThat(cs).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("/batch/job");
            assertThat(c.name()).isEqualTo("worker");
            assertThat(c.pod().name()).isEqualTo("job-x");
            assertThat(c.pod().uid()).isEqualTo("1234");
            assertThat(c.pod().namespace()).isEmpty();
        });
        assertThat(ContainerInfo.allOf(task("/batch/plain", "plain", List.of(), Map.of(), Map.of())))
                .extracting(ContainerInfo::name).containsExactly("plain");
    }

    @Test
    void podTaskResolvedPerContainerWithProblemsLoggedOnce() {
        Task pod = task("/kubepods/pod2", "db-0", List.of("/kubepods/pod2/postgres", "/kubepods/pod2/exporter"),
                Map.of("io.kubernetes.pod.namespace", "prod"),
                Map.of("prefer-isolated-cpus.resource-policy.nri.io/container.postgres", "true",
                        "memory-type.cri-resource-manager.intel.com/pod", "dram,pmem",
                        "hide-hyperthreads.resource-policy.nri.io/container.exporter", "maybe"));
        List<ContainerInfo> containers = ContainerInfo.allOf(pod);
        Map<String, ContainerHintsResolver.Resolution> r = ContainerHintsResolver.resolvePod(pod.annotations(), containers);
        ContainerHints postgres = r.get("/kubepods/pod2/postgres").hints();
        ContainerHints exporter = r.get("/kubepods/pod2/exporter").hints();
        assertThat(postgres.preferIsolatedCpus()).contains(true);
        assertThat(exporter.preferIsolatedCpus()).isEmpty();
        assertThat(exporter.memoryTypes()).isEqualTo(postgres.memoryTypes());
        assertThat(exporter.hideHyperthreads()).isEmpty();

        ProblemLog log = new ProblemLog();
        for (int cycle = 0; cycle < 3; cycle++) {
            List<AnnotationProblem> fresh = log.firstTime("/kubepods/pod2/exporter",
                    r.get("/kubepods/pod2/exporter").problems());
            assertThat(fresh).hasSize(cycle == 0 ? 1 : 0);
        }
        assertThat(log.firstTime("/kubepods/pod2/postgres", r.get("/kubepods/pod2/postgres").problems())).isEmpty();
    }
}
