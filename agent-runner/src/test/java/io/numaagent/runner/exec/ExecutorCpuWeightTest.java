package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpuShares;
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
 * {@code set-cpu-shares} on the executor tests' twoSocketCxlMemorylessNode tree: one write of
 * {@code cpu.weight} (v2, converted as runc does) or {@code cpu.shares} (v1, in the {@code cpu,cpuacct}
 * hierarchy) to the task's cgroup or its one sub-cgroup, nothing else; already so is unchanged; a
 * missing file fails naming it; dry-run prints the decision.
 */
class ExecutorCpuWeightTest {

    private static final String A = "/batch/a";
    private static final String C1 = "/batch/a/c1";
    private static final String B = "/batch/b";

    @TempDir
    Path tmp;

    private final FakeSleeper clock = new FakeSleeper();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private Executor executor(ExecTestHost f, CgroupWriter writer, boolean apply, Map<Decision.Resource, String> owners) {
        return new Executor(ExecutorCgroupTest.settings(apply, owners), f.paths, CgroupLayout.detect(f.paths), writer,
                new RecordingSyscalls(clock), new LinePrinter(new PrintWriter(printed, true, StandardCharsets.UTF_8)),
                clock);
    }

    private static SetCpuShares shares(String sub, long shares) {
        return new SetCpuShares("topology-aware", sub == null ? B : A, sub, shares, "r");
    }

    /** The standard snapshot; /batch/b's weight and /batch/a's container c1 (weight {@code c1Weight}) as given. */
    private static Snapshot snapshot(boolean v2, long bWeight, long c1Weight) {
        TestMachine m = ExecTestHost.machine(v2);
        m.cgroup(B).cpuWeight(bWeight);
        m.cgroup(A).containers(new Container("c1", C1, Resources.NONE, QosClass.UNKNOWN, CpuSet.parse("0-3"),
                NodeSet.of(0), c1Weight));
        return m.snapshot(7, ExecTestHost.TIME);
    }

    static Stream<Arguments> twoSocketCxlMemorylessNodeWrites() {
        return Stream.of(
                Arguments.of("v2 task: 2048 shares are cpu.weight 79", true, shares(null, 2048),
                        B + " cpu.weight=79", "wrote cpu.weight=79 to /batch/b", B, "cpu.weight", "79\n"),
                Arguments.of("v2 container: 2 shares (best effort) are cpu.weight 1", true, shares(C1, 2),
                        C1 + " cpu.weight=1", "wrote cpu.weight=1 to /batch/a/c1", C1, "cpu.weight", "1\n"),
                Arguments.of("v1 task: cpu.shares as given", false, shares(null, 512),
                        B + " cpu.shares=512", "wrote cpu.shares=512 to /batch/b", B, "cpu.shares", "512\n"),
                Arguments.of("v1 container: only the sub-cgroup", false, shares(C1, 262144),
                        C1 + " cpu.shares=262144", "wrote cpu.shares=262144 to /batch/a/c1", C1, "cpu.shares",
                        "262144\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void twoSocketCxlMemorylessNodeWrites(String name, boolean v2, SetCpuShares d, String write, String detail,
                                          String cgroup, String file, String content) {
        ExecTestHost f = v2 ? ExecTestHost.cgroupV2(tmp) : ExecTestHost.cgroupV1(tmp);
        if (v2) { // the cpu controller enabled for these cgroups: the kernel shows cpu.weight, 100 by default
            ExecTestHost.write(f.cgroupfs.resolve("batch/b/cpu.weight"), "100\n");
            ExecTestHost.write(f.cgroupfs.resolve("batch/a/c1/cpu.weight"), "100\n");
            ExecTestHost.write(f.cgroupfs.resolve("batch/a/cpu.weight"), "100\n");
        }
        RecordingCgroupWriter w = new RecordingCgroupWriter(new FileCgroupWriter(CgroupLayout.detect(f.paths)));

        List<Outcome> out = executor(f, w, true, Map.of()).execute(snapshot(v2, v2 ? 100 : 1024, -1), List.of(d));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
            assertThat(o.detail()).isEqualTo(detail);
        });
        assertThat(w.writes).containsExactly(write);
        assertThat(f.read(cgroup, file)).isEqualTo(content);
        // the pod's own cgroup keeps its weight: a weight is relative to the siblings only
        assertThat(f.read(A, file)).isEqualTo(v2 ? "100\n" : "1024\n");
    }

    @Test
    void twoSocketCxlMemorylessNodeWeightAlreadySoIsUnchanged() {
        ExecTestHost f = ExecTestHost.cgroupV2(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new FileCgroupWriter(CgroupLayout.detect(f.paths)));

        List<Outcome> out = executor(f, w, true, Map.of()).execute(snapshot(true, 79, 39),
                List.of(shares(null, 2048), shares(C1, 1024)));

        assertThat(out).extracting(Outcome::status).containsOnly(Outcome.Status.UNCHANGED);
        assertThat(out).extracting(Outcome::detail).containsExactly("cpu.weight already 79",
                "cpu.weight of /batch/a/c1 already 39");
        assertThat(w.writes).isEmpty();
    }

    @Test
    void twoSocketCxlMemorylessNodeV2WithoutCpuControllerFailsNamingTheFile() {
        ExecTestHost f = ExecTestHost.cgroupV2(tmp); // no cpu.weight: the cpu controller is not enabled there
        RecordingCgroupWriter w = new RecordingCgroupWriter(new FileCgroupWriter(CgroupLayout.detect(f.paths)));

        List<Outcome> out = executor(f, w, true, Map.of()).execute(snapshot(true, -1, -1), List.of(shares(null, 2048)));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
            assertThat(o.errno()).isEqualTo("ENOENT");
            assertThat(o.detail()).isEqualTo("cannot write " + f.cgroupfs.resolve("batch/b/cpu.weight")
                    + ": No such file or directory (ENOENT)");
        });
        assertThat(f.cgroupfs.resolve("batch/b/cpu.weight")).doesNotExist();
    }

    @Test
    void twoSocketCxlMemorylessNodeRejections() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new FileCgroupWriter(CgroupLayout.detect(f.paths)));

        List<Outcome> out = executor(f, w, true, Map.of(Decision.Resource.CPU_SHARES, "topology-aware"))
                .execute(snapshot(false, 1024, -1), List.of(
                        new SetCpuShares("topology-aware", "pid:301", null, 1024, "r"),
                        new SetCpuShares("topology-aware", A, "/batch/b", 1024, "r"),
                        new SetCpuShares("numa-allocator", B, null, 4096, "r"),
                        shares(null, 4096)));

        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.REJECTED, Outcome.Status.REJECTED,
                Outcome.Status.REJECTED, Outcome.Status.APPLIED);
        assertThat(out).extracting(Outcome::detail).containsExactly(
                "set-cpu-shares needs a cgroup task; pid:301 is a single process",
                "set-cpu-shares of sub-cgroup /batch/b: not one of the sub-cgroups of task /batch/a "
                        + "[/batch/a/c1, /batch/a/c2]",
                "cpu-shares owned by topology-aware",
                "wrote cpu.shares=4096 to /batch/b");
        assertThat(w.writes).containsExactly(B + " cpu.shares=4096");
    }

    @Test
    void twoSocketCxlMemorylessNodeDryRunPrintsTheDecision() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new FileCgroupWriter(CgroupLayout.detect(f.paths)));

        List<Outcome> out = executor(f, w, false, Map.of()).execute(snapshot(false, 1024, -1),
                List.of(shares(C1, 1536), shares(null, 1024)));

        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.DRY_RUN, Outcome.Status.UNCHANGED);
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"plugin\":\"topology-aware\",\"task\":\"/batch/a\",\"action\":\"set-cpu-shares\","
                        + "\"subCgroup\":\"/batch/a/c1\",\"shares\":1536,\"reason\":\"r\"}");
        assertThat(w.writes).isEmpty();
    }
}
