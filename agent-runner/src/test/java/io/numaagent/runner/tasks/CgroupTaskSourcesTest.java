package io.numaagent.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.Fixtures;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.ReadProblems;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupTaskSourcesTest {

    private static List<Task> discover(String fixture, TaskSourceConfig config, ReadProblems problems) {
        Host host = Fixtures.host(fixture);
        return TaskSources.create(config, host).discover(new CgroupReads(host, problems), problems);
    }

    @Test
    void staticTwoSocketFourNodeBuildsFullTasksAndSkipsMissingCgroups() {
        Resources res = new Resources(4000, 8000, 4L << 30, 8L << 30);
        TaskSourceConfig config = new TaskSourceConfig.Static(List.of(
                new TaskSourceConfig.StaticTask("/batch/a", null, Map.of("team", "ml"), res, QosClass.GUARANTEED,
                        List.of(), Map.of("cpu.preserve.resource-policy.nri.io", "true")),
                new TaskSourceConfig.StaticTask("/batch/missing", "m", Map.of(), Resources.NONE, QosClass.UNKNOWN),
                new TaskSourceConfig.StaticTask("kubepods/pod123/", "web", Map.of(), null, null)));
        ReadProblems problems = new ReadProblems();
        List<Task> tasks = discover("twoSocketFourNode", config, problems);

        assertThat(tasks).hasSize(2);
        Task a = tasks.get(0);
        assertThat(a.id()).isEqualTo("/batch/a");
        assertThat(a.name()).isEqualTo("a");
        assertThat(a.cgroupPath()).isEqualTo("/batch/a");
        assertThat(a.subCgroups()).isEmpty();
        assertThat(a.pids()).containsExactly(1001, 1002);
        assertThat(a.labels()).isEqualTo(Map.of("team", "ml"));
        assertThat(a.annotations()).isEqualTo(Map.of("cpu.preserve.resource-policy.nri.io", "true"));
        assertThat(a.requested()).isEqualTo(res);
        assertThat(a.qos()).isEqualTo(QosClass.GUARANTEED);
        assertThat(a.measurements().memoryBytesOnNode(0)).isEqualTo((2L << 30) + (256L << 20));
        Task pod = tasks.get(1);
        assertThat(pod.id()).isEqualTo("/kubepods/pod123");
        assertThat(pod.name()).isEqualTo("web");
        assertThat(pod.subCgroups()).containsExactly("/kubepods/pod123/ctr-app", "/kubepods/pod123/ctr-sidecar");
        assertThat(pod.pids()).containsExactly(2001, 2002);
        assertThat(pod.requested()).isEqualTo(Resources.NONE);
        assertThat(pod.qos()).isEqualTo(QosClass.UNKNOWN);
        String missingDir = Fixtures.paths("twoSocketFourNode").cgroupfs().resolve("batch/missing").toString();
        assertThat(problems.warnings()).containsExactly(
                new ReadWarning(missingDir, "cgroup of static task /batch/missing does not exist"));
    }

    /** Declared containers become the task's, with their sub-cgroups; one whose cgroup is missing is reported. */
    @Test
    void staticTwoSocketFourNodePodContainers() {
        Resources app = new Resources(2000, 2000, 1L << 30, 1L << 30);
        TaskSourceConfig config = new TaskSourceConfig.Static(List.of(new TaskSourceConfig.StaticTask("/kubepods/pod123",
                null, Map.of(), Resources.NONE, QosClass.BURSTABLE, List.of(
                        new TaskSourceConfig.StaticContainer("app", "ctr-app", app, QosClass.GUARANTEED),
                        new TaskSourceConfig.StaticContainer("gone", "ctr-gone", Resources.NONE, QosClass.UNKNOWN)))));
        ReadProblems problems = new ReadProblems();
        List<Task> tasks = discover("twoSocketFourNode", config, problems);

        assertThat(tasks).singleElement().satisfies(t -> {
            assertThat(t.subCgroups()).containsExactly("/kubepods/pod123/ctr-app", "/kubepods/pod123/ctr-sidecar");
            assertThat(t.containers()).containsExactly(new Container("app", "/kubepods/pod123/ctr-app", app,
                    QosClass.GUARANTEED, CpuSet.EMPTY, NodeSet.EMPTY));
        });
        String goneDir = Fixtures.paths("twoSocketFourNode").cgroupfs().resolve("kubepods/pod123/ctr-gone").toString();
        assertThat(problems.warnings()).containsExactly(
                new ReadWarning(goneDir, "cgroup of container gone of static task /kubepods/pod123 does not exist"));
    }

    @Test
    void staticCxlTwoMemoryOnlyNodesOnCgroupV1() {
        TaskSourceConfig config = new TaskSourceConfig.Static(List.of(
                new TaskSourceConfig.StaticTask("/kubepods/pod456", null, Map.of(), Resources.NONE, QosClass.BURSTABLE)));
        ReadProblems problems = new ReadProblems();
        List<Task> tasks = discover("cxlTwoMemoryOnlyNodes", config, problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(tasks).singleElement().satisfies(t -> {
            assertThat(t.subCgroups()).containsExactly("/kubepods/pod456/ctr-db", "/kubepods/pod456/ctr-pause");
            assertThat(t.pids()).containsExactly(4000, 4001);
            assertThat(t.measurements().memoryBytesOnNode(1)).isEqualTo(130000L * 4096);
            assertThat(t.measurements().memoryBytesOnNode(3)).isEqualTo(10000L * 4096);
        });
    }

    /** Task ids and sub-cgroups found by a cgroup scan, per the rule in {@link CgroupScanTaskSource}. */
    @ParameterizedTest(name = "{0}: parents {1}, glob {2}, depth {3}")
    @CsvSource(delimiter = '|', value = {
            "twoSocketFourNode     | /          |        | 1 | /batch[/batch/a,/batch/b] /kubepods[/kubepods/pod123/ctr-app,/kubepods/pod123/ctr-sidecar] /system.slice[/system.slice/sshd.service]",
            "twoSocketFourNode     | /          |        | 2 | /batch/a[] /batch/b[] /kubepods/pod123[/kubepods/pod123/ctr-app,/kubepods/pod123/ctr-sidecar] /system.slice/sshd.service[]",
            "twoSocketFourNode     | /kubepods  |        | 1 | /kubepods/pod123[/kubepods/pod123/ctr-app,/kubepods/pod123/ctr-sidecar]",
            "twoSocketFourNode     | /kubepods  |        | 2 | /kubepods/pod123/ctr-app[] /kubepods/pod123/ctr-sidecar[]",
            "twoSocketFourNode     | /          | */pod* | 3 | /kubepods/pod123[/kubepods/pod123/ctr-app,/kubepods/pod123/ctr-sidecar]",
            "twoSocketFourNode     | /batch     | b      | 1 | /batch/b[]",
            "twoSocketFourNode     | /batch,/kubepods/pod123 | | 1 | /batch/a[] /batch/b[] /kubepods/pod123/ctr-app[] /kubepods/pod123/ctr-sidecar[]",
            "cxlTwoMemoryOnlyNodes | /kubepods  |        | 1 | /kubepods/pod456[/kubepods/pod456/ctr-db,/kubepods/pod456/ctr-pause]",
            "cxlTwoMemoryOnlyNodes | /          |        | 2 | /batch/a[] /kubepods/pod456[/kubepods/pod456/ctr-db,/kubepods/pod456/ctr-pause]",
    })
    void cgroupScan(String fixture, String parents, String glob, int depth, String expected) {
        TaskSourceConfig config = new TaskSourceConfig.Cgroups(List.of(parents.split(",")), glob, depth);
        ReadProblems problems = new ReadProblems();
        List<Task> tasks = discover(fixture, config, problems);

        String found = String.join(" ", tasks.stream()
                .map(t -> t.id() + "[" + String.join(",", t.subCgroups()) + "]").toList());
        assertThat(found).isEqualTo(expected);
        assertThat(tasks).as("one container per sub-cgroup, named by its leaf, requests unknown").allSatisfy(t ->
                assertThat(t.containers()).extracting(c -> c.cgroupPath().endsWith("/" + c.name()) ? c.cgroupPath() : "?")
                        .containsExactlyElementsOf(t.subCgroups()));
        assertThat(tasks).flatMap(Task::containers).allMatch(c -> c.requested().equals(Resources.NONE)
                && c.qos() == QosClass.UNKNOWN);
        assertThat(problems.warnings()).isEmpty();
        assertThat(tasks).allMatch(t -> t.id().equals(t.cgroupPath()) && !t.pids().isEmpty());
    }

    @Test
    void cgroupScanReportsAMissingParent() {
        ReadProblems problems = new ReadProblems();
        List<Task> tasks = discover("twoSocketFourNode", new TaskSourceConfig.Cgroups(List.of("/nope"), null, 1), problems);

        assertThat(tasks).isEmpty();
        assertThat(problems.warnings()).extracting(ReadWarning::message)
                .containsExactly("parent cgroup /nope does not exist");
    }

    @Test
    void cgroupScanRejectsDepthZero() {
        assertThatThrownBy(() -> new CgroupScanTaskSource(new TaskSourceConfig.Cgroups(List.of("/"), null, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("depth must be at least 1, got 0");
    }
}
