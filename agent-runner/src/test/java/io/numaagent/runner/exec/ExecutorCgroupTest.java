package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.config.ExecutorSettings;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.recording.LinePrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation, arbitration, diff, dry-run and cgroup/sysctl writes on the twoSocketCxlMemorylessNode fixture. */
class ExecutorCgroupTest {

    @TempDir
    Path tmp;

    private final FakeSleeper clock = new FakeSleeper();
    private final RecordingSyscalls sys = new RecordingSyscalls(clock);
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    static ExecutorSettings settings(boolean apply, Map<Decision.Resource, String> owners) {
        return new ExecutorSettings(apply, MigrateMemory.MigrationMode.MOVE_PAGES, 0, 4, Duration.ofSeconds(10), owners);
    }

    private Executor executor(ExecTestHost f, CgroupWriter writer, ExecutorSettings settings) {
        return new Executor(settings, f.paths, CgroupLayout.detect(f.paths), writer, sys,
                new LinePrinter(new PrintWriter(printed, true, StandardCharsets.UTF_8)), clock);
    }

    private static String a = "/batch/a";

    /** The fixture's snapshot with task /batch/a listing these sub-cgroups. */
    private static Snapshot snapshotWithSubCgroupsOfA(List<String> subCgroups) {
        TestMachine m = ExecTestHost.machine(true);
        m.cgroup(a).subCgroups(subCgroups.toArray(String[]::new));
        return m.snapshot(7, ExecTestHost.TIME);
    }

    // ------------------------------------------------------------------ apply, cgroup v1

    static Stream<Arguments> twoSocketCxlMemorylessNodeV1Writes() {
        return Stream.of(
                Arguments.of("widen cpus of task and sub-cgroups, parent first",
                        new SetCpus("numa-allocator", a, CpuSet.parse("0-5"), "grow"),
                        List.of("/batch/a cpuset.cpus=0-5", "/batch/a/c1 cpuset.cpus=0-5", "/batch/a/c2 cpuset.cpus=0-5"),
                        "cpuset.cpus", "0-5\n", "wrote cpuset.cpus=0-5 to /batch/a and 2 sub-cgroups"),
                Arguments.of("narrow cpus, sub-cgroups first",
                        new SetCpus("numa-allocator", a, CpuSet.parse("0-1"), "shrink"),
                        List.of("/batch/a/c2 cpuset.cpus=0-1", "/batch/a/c1 cpuset.cpus=0-1", "/batch/a cpuset.cpus=0-1"),
                        "cpuset.cpus", "0-1\n", "wrote cpuset.cpus=0-1 to /batch/a and 2 sub-cgroups"),
                Arguments.of("shift cpus: widen to the union top-down, then narrow bottom-up",
                        new SetCpus("numa-allocator", a, CpuSet.parse("4-6"), "move to socket 1"),
                        List.of("/batch/a cpuset.cpus=0-6", "/batch/a/c1 cpuset.cpus=0-6", "/batch/a/c2 cpuset.cpus=0-6",
                                "/batch/a/c2 cpuset.cpus=4-6", "/batch/a/c1 cpuset.cpus=4-6", "/batch/a cpuset.cpus=4-6"),
                        "cpuset.cpus", "4-6\n", "wrote cpuset.cpus=4-6 to /batch/a and 2 sub-cgroups"),
                Arguments.of("shift mems to the CXL node",
                        new SetMems("numa-allocator", a, NodeSet.of(2), "cold"),
                        List.of("/batch/a cpuset.mems=0,2", "/batch/a/c1 cpuset.mems=0,2", "/batch/a/c2 cpuset.mems=0,2",
                                "/batch/a/c2 cpuset.mems=2", "/batch/a/c1 cpuset.mems=2", "/batch/a cpuset.mems=2"),
                        "cpuset.mems", "2\n", "wrote cpuset.mems=2 to /batch/a and 2 sub-cgroups"),
                Arguments.of("widen mems",
                        new SetMems("numa-allocator", a, NodeSet.parse("0-1"), "spread"),
                        List.of("/batch/a cpuset.mems=0-1", "/batch/a/c1 cpuset.mems=0-1", "/batch/a/c2 cpuset.mems=0-1"),
                        "cpuset.mems", "0-1\n", "wrote cpuset.mems=0-1 to /batch/a and 2 sub-cgroups"),
                Arguments.of("memory_migrate on",
                        new SetMemoryMigrate("numa-allocator", a, true, "let the kernel move pages"),
                        List.of("/batch/a cpuset.memory_migrate=1", "/batch/a/c1 cpuset.memory_migrate=1",
                                "/batch/a/c2 cpuset.memory_migrate=1"),
                        "cpuset.memory_migrate", "1\n", "wrote cpuset.memory_migrate=1 to /batch/a and 2 sub-cgroups"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void twoSocketCxlMemorylessNodeV1Writes(String name, Decision d, List<String> writes, String file, String content,
                                            String detail) {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new V1CpusetRules(f.cgroupfs));
        List<Outcome> out = executor(f, w, settings(true, Map.of())).execute(f.snapshot(), List.of(d));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
            assertThat(o.detail()).isEqualTo(detail);
            assertThat(o.cycle()).isEqualTo(7);
        });
        assertThat(w.writes).containsExactlyElementsOf(writes);
        for (String cg : List.of(a, "/batch/a/c1", "/batch/a/c2")) {
            assertThat(f.read(cg, file)).as(cg).isEqualTo(content);
        }
        assertThat(f.cgroupfs.resolve("cpuset/batch/a/" + file)).hasContent(content.strip());
        assertThat(sys.calls).isEmpty();
    }

    @Test
    void kernelRulesRefuseTheWrongOrder() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        V1CpusetRules rules = new V1CpusetRules(f.cgroupfs);
        assertThatThrownBy(() -> rules.write(a, "cpuset.cpus", "0-1"))
                .isInstanceOfSatisfying(HostWriteException.class, e -> assertThat(e.errno()).isEqualTo("EBUSY"));
        assertThatThrownBy(() -> rules.write("/batch/a/c1", "cpuset.cpus", "0-5"))
                .isInstanceOfSatisfying(HostWriteException.class, e -> assertThat(e.errno()).isEqualTo("EACCES"));
    }

    @Test
    void nestedSubCgroupsNarrowDeepestFirstAndWidenShallowestFirst() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        f.cgroup("/batch/a/c1/inner", "0-3", "0", false);
        Snapshot s = snapshotWithSubCgroupsOfA(List.of("/batch/a/c2", "/batch/a/c1/inner", "/batch/a/c1"));
        RecordingCgroupWriter w = new RecordingCgroupWriter(new V1CpusetRules(f.cgroupfs));

        List<Outcome> out = executor(f, w, settings(true, Map.of())).execute(s,
                List.of(new SetCpus("numa-allocator", a, CpuSet.parse("2-3"), "narrow")));

        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(w.writes).containsExactly("/batch/a/c1/inner cpuset.cpus=2-3", "/batch/a/c2 cpuset.cpus=2-3",
                "/batch/a/c1 cpuset.cpus=2-3", "/batch/a cpuset.cpus=2-3");
        assertThat(f.read("/batch/a/c1/inner", "cpuset.cpus")).isEqualTo("2-3\n");
    }

    static Stream<Arguments> twoSocketCxlMemorylessNodeV1SubCgroupBelowACgroupWithoutProcesses() {
        List<String> topDown = List.of(a, "/batch/a/c1", "/batch/a/c2", "/batch/a/mid", "/batch/a/mid/c3");
        List<String> bottomUp = new ArrayList<>(topDown);
        Collections.reverse(bottomUp);
        return Stream.of(
                Arguments.of(new SetCpus("numa-allocator", a, CpuSet.parse("4-6"), "move to socket 1"), "cpuset.cpus",
                        Stream.concat(topDown.stream().map(cg -> cg + " cpuset.cpus=0-6"),
                                bottomUp.stream().map(cg -> cg + " cpuset.cpus=4-6")).toList(), "4-6\n"),
                Arguments.of(new SetMems("numa-allocator", a, NodeSet.of(2), "cold"), "cpuset.mems",
                        Stream.concat(topDown.stream().map(cg -> cg + " cpuset.mems=0,2"),
                                bottomUp.stream().map(cg -> cg + " cpuset.mems=2")).toList(), "2\n"),
                Arguments.of(new SetCpus("numa-allocator", a, CpuSet.parse("0-1"), "shrink"), "cpuset.cpus",
                        bottomUp.stream().map(cg -> cg + " cpuset.cpus=0-1").toList(), "0-1\n"));
    }

    /**
     * /batch/a/mid holds no processes, so the task lists only /batch/a/mid/c3 among its sub-cgroups.
     * Regression: mid was not written, and the kernel refused c3's widening (EACCES) and a's narrowing (EBUSY).
     */
    @ParameterizedTest
    @MethodSource
    void twoSocketCxlMemorylessNodeV1SubCgroupBelowACgroupWithoutProcesses(Decision d, String file, List<String> writes,
                                                                         String content) {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        f.cgroup("/batch/a/mid", "0-3", "0", false);
        f.cgroup("/batch/a/mid/c3", "0-3", "0", false);
        Snapshot s = snapshotWithSubCgroupsOfA(List.of("/batch/a/c1", "/batch/a/c2", "/batch/a/mid/c3"));
        RecordingCgroupWriter w = new RecordingCgroupWriter(new V1CpusetRules(f.cgroupfs));

        List<Outcome> out = executor(f, w, settings(true, Map.of())).execute(s, List.of(d));

        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(out.get(0).detail()).isEqualTo("wrote " + file + "=" + content.strip() + " to /batch/a and 4 sub-cgroups");
        assertThat(w.writes).containsExactlyElementsOf(writes);
        assertThat(f.read("/batch/a/mid", file)).isEqualTo(content);
        assertThat(f.read("/batch/a/mid/c3", file)).isEqualTo(content);
    }

    // ------------------------------------------------------------------ apply, cgroup v2 and sysctl

    @Test
    void twoSocketCxlMemorylessNodeV2WritesTheUnifiedTree() {
        ExecTestHost f = ExecTestHost.cgroupV2(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new FileCgroupWriter(CgroupLayout.detect(f.cgroupfs)));
        List<Outcome> out = executor(f, w, settings(true, Map.of())).execute(f.snapshot(), List.of(
                new SetCpus("topology-aware", a, CpuSet.parse("0-5"), "grow"),
                new SetMems("numa-allocator", "/batch/b", NodeSet.parse("1-2"), "spill to CXL"),
                new SetMemoryMigrate("numa-allocator", a, true, "v1 only")));

        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.APPLIED, Outcome.Status.APPLIED,
                Outcome.Status.REJECTED);
        assertThat(out.get(2).detail()).isEqualTo(
                "cpuset.memory_migrate does not exist on cgroup v2 (v2 moves pages on every cpuset.mems change)");
        assertThat(f.cgroupfs.resolve("batch/a/cpuset.cpus")).hasContent("0-5");
        assertThat(f.cgroupfs.resolve("batch/a/c1/cpuset.cpus")).hasContent("0-5");
        assertThat(f.cgroupfs.resolve("batch/a/c2/cpuset.cpus")).hasContent("0-5");
        assertThat(f.read("/batch/b", "cpuset.mems")).isEqualTo("1-2\n");
        assertThat(f.cgroupfs.resolve("cpuset")).doesNotExist();
        assertThat(w.writes).containsExactly("/batch/a cpuset.cpus=0-5", "/batch/a/c1 cpuset.cpus=0-5",
                "/batch/a/c2 cpuset.cpus=0-5", "/batch/b cpuset.mems=1-2");
    }

    @Test
    void setNumaBalancingWritesTheSysctl() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        List<Outcome> out = executor(f, new RecordingCgroupWriter(null), settings(true, Map.of()))
                .execute(f.snapshot(), List.of(new SetNumaBalancing("topology-aware", 0, "explicit placement")));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(out.get(0).detail()).isEqualTo("wrote kernel.numa_balancing=0");
        assertThat(f.numaBalancing()).isEqualTo("0\n");
    }

    @Test
    void writeFailureNamesFileAndErrnoAndOthersProceed() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        List<Outcome> out = executor(f, new FileCgroupWriter(CgroupLayout.detect(f.cgroupfs)), settings(true, Map.of()))
                .execute(f.snapshot(), List.of(
                        new SetCpus("numa-allocator", "/batch/gone", CpuSet.parse("4-5"), "cgroup removed meanwhile"),
                        new SetCpus("numa-allocator", "/batch/b", CpuSet.parse("4-5"), "still there")));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(out.get(0).errno()).isEqualTo("ENOENT");
        assertThat(out.get(0).detail()).isEqualTo("cannot write " + f.cgroupfs.resolve("cpuset/batch/gone/cpuset.cpus")
                + ": No such file or directory (ENOENT)");
        assertThat(f.cgroupfs.resolve("cpuset/batch/gone")).doesNotExist();
        assertThat(out.get(1).status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(f.read("/batch/b", "cpuset.cpus")).isEqualTo("4-5\n");
    }

    // ------------------------------------------------------------------ unchanged

    static Stream<Arguments> alreadyInPlace() {
        return Stream.of(
                Arguments.of(new SetCpus("numa-allocator", a, CpuSet.parse("0-3"), "r"), "cpuset.cpus already 0-3"),
                Arguments.of(new SetMems("numa-allocator", a, NodeSet.of(0), "r"), "cpuset.mems already 0"),
                Arguments.of(new SetMemoryMigrate("numa-allocator", "/batch/b", true, "r"), "cpuset.memory_migrate already 1"),
                Arguments.of(new SetMemoryMigrate("numa-allocator", a, false, "r"), "cpuset.memory_migrate already 0"),
                Arguments.of(new SetNumaBalancing("topology-aware", 1, "r"), "numa_balancing already 1"),
                Arguments.of(new MigrateMemory("numa-allocator", "/batch/b", 1, "r"), "no memory on nodes 0,2; all on node 1"),
                Arguments.of(new MigrateMemory("numa-allocator", a, 1, NodeSet.of(2), MigrateMemory.MigrationMode.DEFAULT, "r"),
                        "no memory on nodes 2; all on node 1"));
    }

    @ParameterizedTest
    @MethodSource
    void alreadyInPlace(Decision d, String detail) {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(null);
        List<Outcome> out = executor(f, w, settings(true, Map.of())).execute(f.snapshot(), List.of(d));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.UNCHANGED);
        assertThat(out.get(0).detail()).isEqualTo(detail);
        assertThat(w.writes).isEmpty();
        assertThat(sys.calls).isEmpty();
        assertThat(f.numaBalancing()).isEqualTo("1\n");
    }

    // ------------------------------------------------------------------ rejected

    static Stream<Arguments> rejected() {
        List<PageRange> r = List.of(new PageRange(0x7f0000000000L, 8192));
        return Stream.of(
                Arguments.of(new SetCpus("numa-allocator", "/batch/zz", CpuSet.of(0), "r"), "task /batch/zz is not in the snapshot"),
                Arguments.of(new SetCpus("numa-allocator", a, CpuSet.parse("8-12"), "r"), "cpus 10-12 do not exist"),
                Arguments.of(new SetCpus("numa-allocator", a, CpuSet.parse("6-7"), "r"), "cpu 7 is offline"),
                Arguments.of(new SetCpus("numa-allocator", "pid:301", CpuSet.of(0), "r"),
                        "set-cpus needs a cgroup task; pid:301 is a single process"),
                Arguments.of(new SetMems("numa-allocator", a, NodeSet.of(4), "r"), "node 4 does not exist"),
                Arguments.of(new SetMems("numa-allocator", a, NodeSet.parse("3-5"), "r"), "nodes 4-5 do not exist"),
                Arguments.of(new SetMems("numa-allocator", a, NodeSet.of(3), "r"), "node 3 has no memory"),
                Arguments.of(new SetMemoryMigrate("numa-allocator", "pid:301", true, "r"),
                        "set-memory-migrate needs a cgroup task; pid:301 is a single process"),
                Arguments.of(new MigrateMemory("numa-allocator", a, 3, "r"), "node 3 has no memory"),
                Arguments.of(new MigrateMemory("numa-allocator", a, 9, "r"), "node 9 does not exist"),
                Arguments.of(new MigrateMemory("numa-allocator", a, 1, NodeSet.of(0, 5), MigrateMemory.MigrationMode.DEFAULT, "r"),
                        "from node 5 does not exist"),
                Arguments.of(new MigrateMemory("numa-allocator", "/batch/empty", 1, "r"), "task /batch/empty has no processes"),
                Arguments.of(new MovePages("tier-mover", a, 201, r, 1, "r"), "pid 201 is not in task /batch/a"),
                Arguments.of(new MovePages("tier-mover", a, 101, r, 3, "r"), "node 3 has no memory"),
                Arguments.of(new MovePages("tier-mover", a, 101, List.of(new PageRange(0x7f0000000010L, 4096)), 1, "r"),
                        "range 7f0000000010-7f0000001010 is not page aligned (page size 4096)"),
                Arguments.of(new MovePages("tier-mover", a, 101, List.of(new PageRange(0x7f0000000000L, 100)), 1, "r"),
                        "range 7f0000000000-7f0000000064 is not page aligned (page size 4096)"),
                Arguments.of(new SwapOut("tier-mover", a, 999, r, "r"), "pid 999 is not in task /batch/a"));
    }

    @ParameterizedTest
    @MethodSource
    void rejected(Decision d, String reason) {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(null);
        List<Outcome> out = executor(f, w, settings(true, Map.of())).execute(f.snapshot(), List.of(d));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.REJECTED);
        assertThat(out.get(0).detail()).isEqualTo(reason);
        assertThat(w.writes).isEmpty();
        assertThat(sys.calls).isEmpty();
    }

    @Test
    void rejectsNumaBalancingWhereTheKernelHasNone() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        List<Outcome> out = executor(f, new RecordingCgroupWriter(null), settings(true, Map.of()))
                .execute(f.snapshot(3, -1), List.of(new SetNumaBalancing("topology-aware", 0, "r")));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.REJECTED);
        assertThat(out.get(0).detail()).isEqualTo("kernel has no numa_balancing (sysctl missing)");
    }

    @Test
    void oneRejectionDoesNotStopTheOthers() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new FileCgroupWriter(CgroupLayout.detect(f.cgroupfs)));
        List<Outcome> out = executor(f, w, settings(true, Map.of())).execute(f.snapshot(), List.of(
                new SetCpus("numa-allocator", a, CpuSet.parse("6-7"), "r"),
                new SetCpus("numa-allocator", "/batch/b", CpuSet.parse("4-5"), "r")));
        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.REJECTED, Outcome.Status.APPLIED);
        assertThat(w.writes).containsExactly("/batch/b cpuset.cpus=4-5");
    }

    // ------------------------------------------------------------------ ownership

    @Test
    void configuredOwnerWinsOverOtherPlugins() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(null);
        List<Outcome> out = executor(f, w, settings(true, Map.of(Decision.Resource.CPUS, "topology-aware",
                Decision.Resource.MEMORY, "numa-allocator"))).execute(f.snapshot(), List.of(
                new SetCpus("numa-allocator", a, CpuSet.parse("4-5"), "r"),
                new SetCpus("topology-aware", "/batch/b", CpuSet.parse("4-5"), "r"),
                new SetMems("tier-mover", a, NodeSet.of(1), "r"),
                new SetNumaBalancing("topology-aware", 0, "r")));
        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.REJECTED, Outcome.Status.APPLIED,
                Outcome.Status.REJECTED, Outcome.Status.APPLIED);
        assertThat(out).extracting(Outcome::detail).containsExactly("cpus owned by topology-aware",
                "wrote cpuset.cpus=4-5 to /batch/b", "memory owned by numa-allocator", "wrote kernel.numa_balancing=0");
        assertThat(w.writes).containsExactly("/batch/b cpuset.cpus=4-5");
    }

    @Test
    void withoutOwnerTheFirstPluginOfACycleWins() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(null);
        Executor ex = executor(f, w, settings(true, Map.of()));
        List<Outcome> out = ex.execute(f.snapshot(), List.of(
                new SetMems("numa-allocator", a, NodeSet.parse("0-1"), "r"),
                new SetMemoryMigrate("tier-mover", a, true, "r"),
                new SetMemoryMigrate("numa-allocator", a, true, "r"),
                new SetMems("tier-mover", "/batch/b", NodeSet.parse("1-2"), "r"),
                new SetNumaBalancing("tier-mover", 2, "r"),
                new SetNumaBalancing("topology-aware", 0, "r")));
        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.APPLIED, Outcome.Status.REJECTED,
                Outcome.Status.APPLIED, Outcome.Status.APPLIED, Outcome.Status.APPLIED, Outcome.Status.REJECTED);
        assertThat(out.get(1).detail()).isEqualTo("memory of /batch/a already decided by numa-allocator in this cycle");
        assertThat(out.get(5).detail()).isEqualTo("numa-balancing of the machine already decided by tier-mover in this cycle");

        // the next cycle starts afresh
        List<Outcome> next = ex.execute(f.snapshot(8, 2),
                List.of(new SetMemoryMigrate("tier-mover", a, true, "r")));
        assertThat(next.get(0).status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(next.get(0).cycle()).isEqualTo(8);
    }

    // ------------------------------------------------------------------ dry-run

    @Test
    void dryRunPrintsOneExactJsonLinePerDecisionAndWritesNothing() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        RecordingCgroupWriter w = new RecordingCgroupWriter(new FileCgroupWriter(CgroupLayout.detect(f.cgroupfs)));
        List<PageRange> ranges = List.of(new PageRange(0x7f3a00000000L, 1048576), new PageRange(0x7f3a00200000L, 4096));
        List<Outcome> out = executor(f, w, settings(false, Map.of())).execute(f.snapshot(), List.of(
                new SetCpus("numa-allocator", a, CpuSet.parse("0-2,4"), "pin to node 0 \"now\""),
                new SetMems("numa-allocator", a, NodeSet.parse("0-1"), "…"),
                new SetMemoryMigrate("numa-allocator", a, true, "r"),
                new MigrateMemory("numa-allocator", a, 1, NodeSet.of(0), MigrateMemory.MigrationMode.MIGRATE_PAGES, "r"),
                new MigrateMemory("numa-allocator", a, 1, "r"),
                new MovePages("tier-mover", "/batch/b", 201, ranges, 2, "cold pages"),
                new SwapOut("tier-mover", "/batch/b", 201, ranges.subList(0, 1), "idle"),
                new SetNumaBalancing("topology-aware", 0, "explicit placement"),
                new SetCpus("numa-allocator", "/batch/b", CpuSet.parse("4-6"), "already so"),
                new SetCpus("numa-allocator", a, CpuSet.parse("7"), "offline")));

        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"set-cpus\",\"cpus\":\"0-2,4\",\"reason\":\"pin to node 0 \\\"now\\\"\"}",
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"set-mems\",\"mems\":\"0-1\",\"reason\":\"…\"}",
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"set-memory-migrate\",\"enabled\":true,\"reason\":\"r\"}",
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"migrate-memory\",\"node\":1,\"from\":\"0\",\"mode\":\"migrate_pages\",\"reason\":\"r\"}",
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"migrate-memory\",\"node\":1,\"reason\":\"r\"}",
                "{\"plugin\":\"tier-mover\",\"task\":\"/batch/b\",\"action\":\"move-pages\",\"pid\":201,\"ranges\":[{\"start\":\"0x7f3a00000000\",\"length\":1048576},{\"start\":\"0x7f3a00200000\",\"length\":4096}],\"node\":2,\"reason\":\"cold pages\"}",
                "{\"plugin\":\"tier-mover\",\"task\":\"/batch/b\",\"action\":\"swap-out\",\"pid\":201,\"ranges\":[{\"start\":\"0x7f3a00000000\",\"length\":1048576}],\"reason\":\"idle\"}",
                "{\"plugin\":\"topology-aware\",\"action\":\"set-numa-balancing\",\"mode\":0,\"reason\":\"explicit placement\"}");
        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.DRY_RUN, Outcome.Status.DRY_RUN,
                Outcome.Status.DRY_RUN, Outcome.Status.DRY_RUN, Outcome.Status.DRY_RUN, Outcome.Status.DRY_RUN,
                Outcome.Status.DRY_RUN, Outcome.Status.DRY_RUN, Outcome.Status.UNCHANGED, Outcome.Status.REJECTED);
        assertThat(w.writes).isEmpty();
        assertThat(sys.calls).isEmpty();
        assertThat(f.read(a, "cpuset.cpus")).isEqualTo("0-3\n");
        assertThat(f.numaBalancing()).isEqualTo("1\n");
    }
}
