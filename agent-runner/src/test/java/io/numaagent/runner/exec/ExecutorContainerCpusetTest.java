package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.recording.LinePrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
 * Decisions for one sub-cgroup (a container of pod task {@code /batch/a}, cpus 0-3 and mems 0 like its
 * containers c1 and c2) on the twoSocketCxlMemorylessNode fixture, cgroup v1 with the kernel's
 * subset rules: only that sub-cgroup is set, the task's cgroup gets the union of its containers'
 * sets, written before the container when it grows and after it when it shrinks.
 */
class ExecutorContainerCpusetTest {

    private static final String A = "/batch/a";
    private static final String C1 = "/batch/a/c1";
    private static final String C2 = "/batch/a/c2";

    @TempDir
    Path tmp;

    private final FakeSleeper clock = new FakeSleeper();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private Executor executor(ExecTestHost f, CgroupWriter writer, boolean apply) {
        return new Executor(ExecutorCgroupTest.settings(apply, Map.of()), f.paths, CgroupLayout.detect(f.paths), writer,
                new RecordingSyscalls(clock), new LinePrinter(new PrintWriter(printed, true, StandardCharsets.UTF_8)),
                clock);
    }

    /** The fixture's snapshot with c1 and c2 as containers of /batch/a (cpus 0-3, mems 0). */
    private static Snapshot podSnapshot() {
        TestMachine m = ExecTestHost.machine(false);
        m.cgroup(A).containers(container("c1", C1), container("c2", C2));
        return m.snapshot(7, ExecTestHost.TIME);
    }

    private static Container container(String name, String path) {
        return new Container(name, path, Resources.NONE, QosClass.UNKNOWN, CpuSet.parse("0-3"), NodeSet.of(0));
    }

    private static SetCpus cpus(String sub, String list) {
        return new SetCpus("topology-aware", A, sub, CpuSet.parse(list), "r");
    }

    static Stream<Arguments> twoSocketCxlMemorylessNodeV1ContainerWrites() {
        return Stream.of(
                Arguments.of("shrinking union: containers first, the pod's cgroup last",
                        List.of(cpus(C1, "0"), cpus(C2, "1")),
                        List.of(C1 + " cpuset.cpus=0", C2 + " cpuset.cpus=1", A + " cpuset.cpus=0-1"),
                        List.of("wrote cpuset.cpus=0 to /batch/a/c1",
                                "wrote cpuset.cpus=1 to /batch/a/c2 (0-1 to /batch/a)"),
                        "cpuset.cpus", Map.of(A, "0-1", C1, "0", C2, "1")),
                Arguments.of("growing union: the pod's cgroup first; a shift widens, sets, then narrows",
                        List.of(cpus(C1, "4-5"), cpus(C2, "6")),
                        List.of(A + " cpuset.cpus=0-5", C1 + " cpuset.cpus=4-5",
                                A + " cpuset.cpus=0-6", C2 + " cpuset.cpus=6", A + " cpuset.cpus=4-6"),
                        List.of("wrote cpuset.cpus=4-5 to /batch/a/c1 (0-5 to /batch/a)",
                                "wrote cpuset.cpus=6 to /batch/a/c2 (4-6 to /batch/a)"),
                        "cpuset.cpus", Map.of(A, "4-6", C1, "4-5", C2, "6")),
                Arguments.of("mems of one container, the other keeps node 0",
                        List.of(new SetMems("topology-aware", A, C1, NodeSet.of(1), "r")),
                        List.of(A + " cpuset.mems=0-1", C1 + " cpuset.mems=1"),
                        List.of("wrote cpuset.mems=1 to /batch/a/c1 (0-1 to /batch/a)"),
                        "cpuset.mems", Map.of(A, "0-1", C1, "1", C2, "0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void twoSocketCxlMemorylessNodeV1ContainerWrites(String name, List<Decision> decisions, List<String> writes,
                                                     List<String> details, String file, Map<String, String> contents) {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new V1CpusetRules(f.cgroupfs));

        List<Outcome> out = executor(f, w, true).execute(podSnapshot(), decisions);

        assertThat(out).extracting(Outcome::status).containsOnly(Outcome.Status.APPLIED);
        assertThat(out).extracting(Outcome::detail).containsExactlyElementsOf(details);
        assertThat(w.writes).containsExactlyElementsOf(writes);
        contents.forEach((cg, value) -> assertThat(f.read(cg, file)).as(cg).isEqualTo(value + "\n"));
    }

    /** c2 has no container record: its set is not known, so the pod's cgroup keeps what c2 may be using. */
    @Test
    void twoSocketCxlMemorylessNodeSiblingWithoutContainerIsNeverNarrowed() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new V1CpusetRules(f.cgroupfs));
        TestMachine m = ExecTestHost.machine(false);
        m.cgroup(A).containers(container("c1", C1));

        List<Outcome> out = executor(f, w, true).execute(m.snapshot(7, ExecTestHost.TIME),
                List.of(cpus(C1, "0")));

        assertThat(out).extracting(Outcome::detail).containsExactly("wrote cpuset.cpus=0 to /batch/a/c1");
        assertThat(w.writes).containsExactly(C1 + " cpuset.cpus=0");
        assertThat(f.read(A, "cpuset.cpus")).isEqualTo("0-3\n");
        assertThat(f.read(C2, "cpuset.cpus")).isEqualTo("0-3\n");
    }

    @Test
    void twoSocketCxlMemorylessNodeSubCgroupNotOfTheTaskIsRefused() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new V1CpusetRules(f.cgroupfs));

        List<Outcome> out = executor(f, w, true).execute(podSnapshot(), List.of(cpus("/batch/b", "4")));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.REJECTED);
            assertThat(o.detail()).isEqualTo("set-cpus of sub-cgroup /batch/b: not one of the sub-cgroups of task "
                    + "/batch/a [/batch/a/c1, /batch/a/c2]");
        });
        assertThat(w.writes).isEmpty();
    }

    @Test
    void twoSocketCxlMemorylessNodeContainerAlreadySoIsUnchangedAndEachSubCgroupIsClaimedApart() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new V1CpusetRules(f.cgroupfs));

        List<Outcome> out = executor(f, w, true).execute(podSnapshot(), List.of(cpus(C1, "0-3"),
                new SetCpus("other", A, C1, CpuSet.of(1), "r"), new SetCpus("other", A, C2, CpuSet.of(2), "r")));

        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.UNCHANGED, Outcome.Status.REJECTED,
                Outcome.Status.APPLIED);
        assertThat(out).extracting(Outcome::detail).containsExactly("cpuset.cpus of /batch/a/c1 already 0-3",
                "cpus of /batch/a/c1 already decided by topology-aware in this cycle", "wrote cpuset.cpus=2 to /batch/a/c2");
        assertThat(w.writes).containsExactly(C2 + " cpuset.cpus=2");
    }

    @Test
    void twoSocketCxlMemorylessNodeDryRunPrintsTheSubCgroup() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new V1CpusetRules(f.cgroupfs));

        executor(f, w, false).execute(podSnapshot(), List.of(cpus(C1, "0"), new SetCpus("topology-aware", A,
                CpuSet.parse("0-1"), "whole")));

        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"plugin\":\"topology-aware\",\"task\":\"/batch/a\",\"action\":\"set-cpus\",\"subCgroup\":\"/batch/a/c1\","
                        + "\"cpus\":\"0\",\"reason\":\"r\"}",
                "{\"plugin\":\"topology-aware\",\"task\":\"/batch/a\",\"action\":\"set-cpus\",\"cpus\":\"0-1\","
                        + "\"reason\":\"whole\"}");
        assertThat(w.writes).isEmpty();
    }
}
