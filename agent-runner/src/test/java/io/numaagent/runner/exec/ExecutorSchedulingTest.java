package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.ThreadScheduling;
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
 * {@code set-scheduling-class} on the executor tests' twoSocketCxlMemorylessNode tree, with the threads of
 * {@code /batch/a} (1010), its containers {@code c1} (1011-1013) and {@code c2} (1021) listed in
 * {@code cgroup.threads} (v2) or {@code tasks} (v1), and {@link FakeThreadSyscalls}: every thread of the
 * container (a whole task: of its cgroup and sub-cgroups) set, gone threads counted, refusals failing the
 * outcome with their counts; already so is unchanged; dry-run prints and calls nothing.
 */
class ExecutorSchedulingTest {

    private static final String A = "/batch/a";
    private static final String C1 = "/batch/a/c1";
    private static final String C2 = "/batch/a/c2";

    @TempDir
    Path tmp;

    private final FakeSleeper clock = new FakeSleeper();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final FakeThreadSyscalls kernel = new FakeThreadSyscalls().threads(1010, 1011, 1012, 1013, 1021);

    private ExecTestHost host(boolean v2) {
        ExecTestHost f = v2 ? ExecTestHost.cgroupV2(tmp) : ExecTestHost.cgroupV1(tmp);
        CgroupThreads threads = new CgroupThreads(CgroupLayout.detect(f.paths));
        ExecTestHost.write(threads.file(A), "1010\n");
        ExecTestHost.write(threads.file(C1), "1011\n1012\n1013\n");
        ExecTestHost.write(threads.file(C2), "1021\n");
        return f;
    }

    private Executor executor(ExecTestHost f, boolean apply, Map<Decision.Resource, String> owners) {
        CgroupLayout layout = CgroupLayout.detect(f.paths);
        return new Executor(ExecutorCgroupTest.settings(apply, owners), f.paths, layout, new FileCgroupWriter(layout),
                new RecordingSyscalls(clock), kernel, new LinePrinter(new PrintWriter(printed, true,
                StandardCharsets.UTF_8)), clock);
    }

    private static SchedulingParameters params(String policy, int priority, Integer nice, long runtime,
                                               long deadline, String ioClass, int ioPriority) {
        return new SchedulingParameters(policy, priority, List.of(), nice, runtime, deadline, 0, ioClass, ioPriority);
    }

    private static final SchedulingParameters BACKGROUND = params("batch", 0, 5, 0, 0, "idle", 0);

    private static SetSchedulingClass decision(String sub, String name, SchedulingParameters p) {
        return new SetSchedulingClass("topology-aware", A, sub, name, p, "r");
    }

    /** The standard snapshot, {@code /batch/a}'s threads seen as given. */
    private static Snapshot snapshot(boolean v2, ThreadScheduling... seen) {
        Snapshot s = ExecTestHost.machine(v2).snapshot(7, ExecTestHost.TIME);
        List<Task> tasks = s.tasks().stream().map(t -> t.id().equals(A) ? t.withThreadScheduling(List.of(seen)) : t)
                .toList();
        return new Snapshot(s.sequence(), s.time(), s.platform(), s.kernel(), tasks, s.outcomes(), s.warnings(),
                s.accessCounters());
    }

    static Stream<Arguments> twoSocketCxlMemorylessNodeSets() {
        return Stream.of(
                Arguments.of("v2 container: batch nice 5, io idle on its 3 threads", true,
                        decision(C1, "background", BACKGROUND), Outcome.Status.APPLIED,
                        "set class background (policy batch, nice 5, ioClass idle) on /batch/a/c1: 3 threads set, "
                                + "0 gone, 0 failed", null,
                        List.of("sched_setattr 1011 policy=3 flags=0 nice=5 priority=0 runtime=0 deadline=0 period=0",
                                "ioprio_set 1011 class=3 level=0",
                                "sched_setattr 1012 policy=3 flags=0 nice=5 priority=0 runtime=0 deadline=0 period=0",
                                "ioprio_set 1012 class=3 level=0",
                                "sched_setattr 1013 policy=3 flags=0 nice=5 priority=0 runtime=0 deadline=0 period=0",
                                "ioprio_set 1013 class=3 level=0")),
                Arguments.of("v1 whole task: its own thread and each container's (tasks files)", false,
                        decision(null, "realtime", params("fifo", 42, null, 0, 0, "rt", 2)), Outcome.Status.APPLIED,
                        "set class realtime (policy fifo, priority 42, ioClass rt, ioPriority 2) on /batch/a, "
                                + "/batch/a/c1, /batch/a/c2: 5 threads set, 0 gone, 0 failed", null,
                        List.of("sched_setattr 1010 policy=1 flags=0 nice=0 priority=42 runtime=0 deadline=0 period=0",
                                "ioprio_set 1010 class=1 level=2",
                                "sched_setattr 1011 policy=1 flags=0 nice=0 priority=42 runtime=0 deadline=0 period=0",
                                "ioprio_set 1011 class=1 level=2",
                                "sched_setattr 1012 policy=1 flags=0 nice=0 priority=42 runtime=0 deadline=0 period=0",
                                "ioprio_set 1012 class=1 level=2",
                                "sched_setattr 1013 policy=1 flags=0 nice=0 priority=42 runtime=0 deadline=0 period=0",
                                "ioprio_set 1013 class=1 level=2",
                                "sched_setattr 1021 policy=1 flags=0 nice=0 priority=42 runtime=0 deadline=0 period=0",
                                "ioprio_set 1021 class=1 level=2")),
                Arguments.of("v2 nice alone: setpriority, policy and I/O left", true,
                        decision(C2, "nicer", params("none", 0, -3, 0, 0, null, 0)), Outcome.Status.APPLIED,
                        "set class nicer (policy none, nice -3) on /batch/a/c2: 1 thread set, 0 gone, 0 failed", null,
                        List.of("setpriority 1021 -3")),
                Arguments.of("v2 deadline refused for want of bandwidth", true,
                        decision(C2, "dl", params("deadline", 0, null, 10_000_000, 30_000_000, null, 0)),
                        Outcome.Status.FAILED, "set class dl (policy deadline, runtime 10000000, deadline 30000000, "
                                + "period 30000000) on /batch/a/c2: 0 threads set, 0 gone, 1 failed: sched_setattr "
                                + "EBUSY x1 (SCHED_DEADLINE admission: not enough deadline bandwidth left on these "
                                + "CPUs)", "EBUSY", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void twoSocketCxlMemorylessNodeSets(String name, boolean v2, SetSchedulingClass d, Outcome.Status status,
                                        String detail, String errno, List<String> calls) {
        if (d.parameters().policy().equals("deadline")) { // the guest's deadline bandwidth is taken
            kernel.refuse("sched_setattr", 1021, Errno.EBUSY);
        }
        ExecTestHost f = host(v2);

        List<Outcome> out = executor(f, true, Map.of()).execute(snapshot(v2), List.of(d));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(status);
            assertThat(o.detail()).isEqualTo(detail);
            assertThat(o.errno()).isEqualTo(errno);
        });
        assertThat(kernel.calls).containsExactlyElementsOf(calls);
    }

    @Test
    void twoSocketCxlMemorylessNodeGoneThreadsAreCountedAndRefusalsFailNamingTheirCounts() {
        kernel.gone(1012).refuse("sched_setattr", 1013, Errno.EPERM);
        ExecTestHost f = host(true);

        List<Outcome> out = executor(f, true, Map.of()).execute(snapshot(true),
                List.of(decision(C1, "realtime", params("rr", 10, null, 0, 0, null, 0))));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
            assertThat(o.errno()).isEqualTo("EPERM");
            assertThat(o.detail()).isEqualTo("set class realtime (policy rr, priority 10) on /batch/a/c1: 1 thread "
                    + "set, 1 gone, 1 failed: sched_setattr EPERM x1 (needs CAP_SYS_NICE, and with "
                    + "CONFIG_RT_GROUP_SCHED real-time runtime in the cgroup: cpu.rt_runtime_us)");
        });
        assertThat(kernel.calls).containsExactly(
                "sched_setattr 1011 policy=2 flags=0 nice=0 priority=10 runtime=0 deadline=0 period=0");
    }

    @Test
    void twoSocketCxlMemorylessNodeThreadsAlreadySoAreUnchanged() {
        ExecTestHost f = host(true);
        ThreadScheduling batch = new ThreadScheduling(C1, "batch", 0, 5, List.of(), 0, 0, 0, "idle", 0, 3);

        List<Outcome> out = executor(f, true, Map.of()).execute(snapshot(true, batch),
                List.of(decision(C1, "background", BACKGROUND)));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.UNCHANGED);
            assertThat(o.detail()).isEqualTo("the 3 threads of /batch/a/c1 already run with class background");
        });
        assertThat(kernel.calls).isEmpty();
    }

    @Test
    void twoSocketCxlMemorylessNodeDryRunPrintsAndCallsNothing() {
        ExecTestHost f = host(false);

        List<Outcome> out = executor(f, false, Map.of()).execute(snapshot(false),
                List.of(decision(C1, "background", BACKGROUND)));

        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.DRY_RUN);
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"plugin\":\"topology-aware\",\"task\":\"/batch/a\",\"action\":\"set-scheduling-class\","
                        + "\"subCgroup\":\"/batch/a/c1\",\"className\":\"background\",\"parameters\":{\"policy\":"
                        + "\"batch\",\"priority\":0,\"flags\":[],\"nice\":5,\"runtime\":0,\"deadline\":0,\"period\":0,"
                        + "\"ioClass\":\"idle\",\"ioPriority\":0},\"reason\":\"r\"}");
        assertThat(kernel.calls).isEmpty();
    }

    @Test
    void twoSocketCxlMemorylessNodeAnotherOwnersDecisionAndAProcessTaskAreRejected() {
        ExecTestHost f = host(true);
        SetSchedulingClass process = new SetSchedulingClass("topology-aware", "pid:301", null, "background",
                BACKGROUND, "r");

        List<Outcome> out = executor(f, true, Map.of(Decision.Resource.SCHEDULING, "numa-allocator"))
                .execute(snapshot(true), List.of(decision(C1, "background", BACKGROUND), process));

        assertThat(out).extracting(Outcome::status).containsOnly(Outcome.Status.REJECTED);
        assertThat(out).extracting(Outcome::detail).containsExactly("scheduling owned by numa-allocator",
                "set-scheduling-class needs a cgroup task; pid:301 is a single process");
        assertThat(kernel.calls).isEmpty();
    }
}
