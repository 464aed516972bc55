package io.numaagent.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MigrateMemory.MigrationMode;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.CgroupFileCache;
import io.numaagent.runner.host.Fixtures;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import io.numaagent.runner.tasks.SnapshotCollector;
import io.numaagent.runner.tasks.TaskSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dry-run overlay over a written twoSocketFourNode tree (cgroup v2; /batch/a inherits every CPU
 * and node, with memory on nodes 0, 1 and 2): what each printed decision changes in the next
 * snapshot, and when the measured state takes over again. A cpuset written by someone else is
 * seen once {@link CgroupFileCache#CONFIGURATION_MAX_AGE} has passed (the snapshots keep cgroup
 * configuration that long), so the tests that write one move the clock on by that much.
 */
class DryRunOverlayTest {

    private static final long G = 1L << 30;
    private static final long M = 1L << 20;
    private static final String PLUGIN = "numa-allocator";

    @TempDir
    Path dir;

    private HostPaths paths;
    private DryRunOverlay overlay;
    private long sequence;
    private Instant now = Instant.parse("2026-12-02T12:00:00Z");

    @BeforeEach
    void writeTree() {
        paths = HostTreeWriter.of(Fixtures.twoSocketFourNode()).write(dir.resolve("host"));
        SnapshotCollector collector = new SnapshotCollector(Fixtures.host(paths), TaskSources.create(List.of(
                new TaskSourceConfig.Cgroups(List.of("/batch"), null, 1)), Fixtures.host(paths)), new Clock() {
                    @Override
                    public ZoneId getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(ZoneId zone) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Instant instant() {
                        return now;
                    }
                });
        overlay = new DryRunOverlay((seq, prev) -> Optional.of(collector.collect(seq, prev)));
    }

    /** The next snapshot, fed the outcomes of the previous one's decisions. */
    private Snapshot next(List<Outcome> previous) {
        return overlay.next(++sequence, previous).orElseThrow();
    }

    private static List<Outcome> outcomes(Snapshot on, Outcome.Status status, Decision... decisions) {
        return Stream.of(decisions).map(d -> Outcome.of(on.sequence(), d, status, "")).toList();
    }

    private static TaskMeasurements a(Snapshot s) {
        return s.task("/batch/a").orElseThrow().measurements();
    }

    private static NumaNode node(Snapshot s, int id) {
        return s.platform().node(id).orElseThrow();
    }

    static Stream<Arguments> decisionsAndWhatTheNextSnapshotShows() {
        return Stream.of(
                Arguments.of(new SetCpus(PLUGIN, "/batch/a", CpuSet.parse("0-3,16-19"), "pin"),
                        (Function<Snapshot, Object>) s -> List.of(a(s).cpus(), a(s).effectiveCpus()),
                        List.of(CpuSet.parse("0-3,16-19"), CpuSet.parse("0-3,16-19"))),
                Arguments.of(new SetMems(PLUGIN, "/batch/a", NodeSet.of(1), "bind"),
                        (Function<Snapshot, Object>) s -> List.of(a(s).mems(), a(s).effectiveMems()),
                        List.of(NodeSet.of(1), NodeSet.of(1))),
                Arguments.of(new SetMemoryMigrate(PLUGIN, "/batch/a", true, "migrate on mems change"),
                        (Function<Snapshot, Object>) s -> a(s).memoryMigrate(), true),
                // 2 GiB + 256 MiB on node 0 and 128 MiB on node 2 join the 512 MiB on node 1
                Arguments.of(new MigrateMemory(PLUGIN, "/batch/a", 1, "move"),
                        (Function<Snapshot, Object>) s -> a(s).memoryBytesPerNode(),
                        Map.of(0, 0L, 1, 2 * G + 896 * M, 2, 0L, 3, 0L)),
                Arguments.of(new MigrateMemory(PLUGIN, "/batch/a", 1, NodeSet.of(2), MigrationMode.DEFAULT, "from 2"),
                        (Function<Snapshot, Object>) s -> a(s).memoryBytesPerNode(),
                        Map.of(0, 2 * G + 256 * M, 1, 640 * M, 2, 0L, 3, 0L)),
                // cgroup v2: the weight cpu.weight would hold, 2048 shares as runc converts them
                Arguments.of(new SetCpuShares(PLUGIN, "/batch/a", null, 2048, "2 CPUs"),
                        (Function<Snapshot, Object>) s -> a(s).cpuWeight(), 79L),
                Arguments.of(new SetNumaBalancing(PLUGIN, 0, "off"),
                        (Function<Snapshot, Object>) s -> s.kernel().numaBalancing(), 0));
    }

    @ParameterizedTest
    @MethodSource("decisionsAndWhatTheNextSnapshotShows")
    void twoSocketFourNodePrintedDecisionShowsInTheNextSnapshots(Decision d, Function<Snapshot, Object> view,
                                                                 Object expected) {
        Snapshot first = next(List.of());
        Object measured = view.apply(first);

        Snapshot second = next(outcomes(first, Outcome.Status.DRY_RUN, d));
        Snapshot third = next(List.of()); // a plan holds in the cycles after it too

        assertThat(measured).isNotEqualTo(expected);
        assertThat(view.apply(second)).isEqualTo(expected);
        assertThat(view.apply(third)).isEqualTo(expected);
    }

    /** A decision for one container of a pod shows on that container only, not on the pod's own cgroup. */
    @Test
    void twoSocketFourNodePrintedContainerDecisionShowsOnThatContainerOnly() {
        SnapshotCollector collector = new SnapshotCollector(Fixtures.host(paths), TaskSources.create(List.of(
                new TaskSourceConfig.Cgroups(List.of("/kubepods"), null, 1)), Fixtures.host(paths)), Clock.systemUTC());
        DryRunOverlay pods = new DryRunOverlay((seq, prev) -> Optional.of(collector.collect(seq, prev)));
        String app = "/kubepods/pod123/ctr-app";
        Snapshot first = pods.next(1, List.of()).orElseThrow();
        Task pod = first.task("/kubepods/pod123").orElseThrow();

        Snapshot second = pods.next(2, outcomes(first, Outcome.Status.DRY_RUN,
                new SetCpus(PLUGIN, pod.id(), app, CpuSet.parse("4-5"), "r"),
                new SetMems(PLUGIN, pod.id(), app, NodeSet.of(1), "r"),
                new SetCpuShares(PLUGIN, pod.id(), app, 1024, "r"))).orElseThrow();

        Task after = second.task(pod.id()).orElseThrow();
        assertThat(after.container(app).orElseThrow()).satisfies(c -> {
            assertThat(c.cpus()).isEqualTo(CpuSet.parse("4-5"));
            assertThat(c.mems()).isEqualTo(NodeSet.of(1));
            assertThat(c.cpuWeight()).isEqualTo(39);
        });
        assertThat(after.container("/kubepods/pod123/ctr-sidecar")).isEqualTo(pod.container("/kubepods/pod123/ctr-sidecar"));
        assertThat(List.of(after.measurements().cpus(), after.measurements().mems(), after.measurements().cpuWeight()))
                .isEqualTo(List.of(pod.measurements().cpus(), pod.measurements().mems(), pod.measurements().cpuWeight()));
    }

    @Test
    void twoSocketFourNodeMovedMemoryLeavesTheSourceNodesFree() {
        Snapshot first = next(List.of());
        Snapshot second = next(outcomes(first, Outcome.Status.DRY_RUN, new MigrateMemory(PLUGIN, "/batch/a", 1, "move")));

        assertThat(node(second, 0).memFreeBytes()).isEqualTo(node(first, 0).memFreeBytes() + 2 * G + 256 * M);
        assertThat(node(second, 1).memFreeBytes()).isEqualTo(node(first, 1).memFreeBytes() - 2 * G - 384 * M);
        assertThat(node(second, 1).memUsedBytes()).isEqualTo(node(first, 1).memUsedBytes() + 2 * G + 384 * M);
        assertThat(node(second, 2).memFreeBytes()).isEqualTo(node(first, 2).memFreeBytes() + 128 * M);
        assertThat(node(second, 3)).isEqualTo(node(first, 3));
    }

    @Test
    void twoSocketFourNodeOnlyPrintedDecisionsArePlanned() {
        Snapshot first = next(List.of());
        SetCpus pin = new SetCpus(PLUGIN, "/batch/a", CpuSet.parse("0-3,16-19"), "pin");
        List<Outcome> notPrinted = new ArrayList<>();
        for (Outcome.Status status : Outcome.Status.values()) {
            if (status != Outcome.Status.DRY_RUN) {
                notPrinted.addAll(outcomes(first, status, pin));
            }
        }

        Snapshot second = next(notPrinted);

        assertThat(second).usingRecursiveComparison().ignoringFields("sequence", "time", "outcomes").isEqualTo(first);
        assertThat(overlay.plannedTasks()).isZero();
    }

    @Test
    void twoSocketFourNodeRealCpusetChangeEndsThePlan() throws IOException {
        Snapshot first = next(List.of());
        Snapshot second = next(outcomes(first, Outcome.Status.DRY_RUN,
                new SetCpus(PLUGIN, "/batch/a", CpuSet.parse("0-3,16-19"), "pin"),
                new SetMems(PLUGIN, "/batch/a", NodeSet.of(0), "bind")));
        Files.writeString(paths.cgroup("/batch/a/cpuset.cpus"), "0-7\n");
        Files.writeString(paths.cgroup("/batch/a/cpuset.cpus.effective"), "0-7\n");
        now = now.plus(CgroupFileCache.CONFIGURATION_MAX_AGE);

        Snapshot third = next(List.of());

        assertThat(a(second).cpus()).isEqualTo(CpuSet.parse("0-3,16-19"));
        assertThat(a(third).cpus()).isEqualTo(CpuSet.parse("0-7"));
        assertThat(a(third).mems()).as("the whole plan of the task ends").isEqualTo(a(first).mems());
        assertThat(overlay.plannedTasks()).isZero();
    }

    @Test
    void twoSocketFourNodePlanAppliedForRealEndsThePlan() throws IOException {
        Snapshot first = next(List.of());
        next(outcomes(first, Outcome.Status.DRY_RUN, new SetCpus(PLUGIN, "/batch/a", CpuSet.parse("4-7"), "pin")));
        Files.writeString(paths.cgroup("/batch/a/cpuset.cpus"), "4-7\n");
        now = now.plus(CgroupFileCache.CONFIGURATION_MAX_AGE);

        Snapshot third = next(List.of());

        assertThat(a(third).cpus()).isEqualTo(CpuSet.parse("4-7"));
        assertThat(a(third).effectiveCpus()).as("measured again").isEqualTo(a(first).effectiveCpus());
        assertThat(overlay.plannedTasks()).isZero();
    }

    @Test
    void twoSocketFourNodeNewProcessesEndTheMemoryMoveButNotThePin() throws IOException {
        Snapshot first = next(List.of());
        next(outcomes(first, Outcome.Status.DRY_RUN,
                new SetCpus(PLUGIN, "/batch/a", CpuSet.parse("4-7,20-23"), "pin"),
                new MigrateMemory(PLUGIN, "/batch/a", 1, "move")));
        Files.writeString(paths.cgroup("/batch/a/cgroup.procs"), "1001\n1002\n1003\n");

        Snapshot third = next(List.of());

        assertThat(a(third).cpus()).isEqualTo(CpuSet.parse("4-7,20-23"));
        assertThat(a(third).memoryBytesPerNode()).isEqualTo(a(first).memoryBytesPerNode());
        assertThat(third.platform()).isEqualTo(first.platform());
    }

    @Test
    void twoSocketFourNodeTaskGoneEndsItsPlan() throws IOException {
        Snapshot first = next(List.of());
        next(outcomes(first, Outcome.Status.DRY_RUN, new SetCpus(PLUGIN, "/batch/a", CpuSet.parse("4-7"), "pin")));
        Files.writeString(paths.cgroup("/batch/a/cgroup.procs"), ""); // no processes: not a task any more

        Snapshot third = next(List.of());

        assertThat(third.task("/batch/a")).isEmpty();
        assertThat(overlay.plannedTasks()).isZero();
    }

    @Test
    void twoSocketFourNodeMeasuredNumaBalancingChangeEndsThePlan() throws IOException {
        Snapshot first = next(List.of());
        Snapshot second = next(outcomes(first, Outcome.Status.DRY_RUN, new SetNumaBalancing(PLUGIN, 0, "off")));
        Files.writeString(paths.proc("sys/kernel/numa_balancing"), "2\n");

        Snapshot third = next(List.of());

        assertThat(second.kernel().numaBalancing()).isZero();
        assertThat(third.kernel().numaBalancing()).isEqualTo(2);
    }

    @Test
    void twoSocketFourNodeObserverSeesTheMeasuredSnapshot() {
        List<Snapshot> observed = new ArrayList<>();
        LoopObserver observer = overlay.measuredSnapshots(new LoopObserver() {
            @Override
            public void snapshotTaken(Snapshot snapshot) {
                observed.add(snapshot);
            }
        });
        Snapshot first = next(List.of());
        observer.snapshotTaken(first);
        Snapshot second = next(outcomes(first, Outcome.Status.DRY_RUN, new SetNumaBalancing(PLUGIN, 0, "off")));
        observer.snapshotTaken(second);

        assertThat(second.kernel().numaBalancing()).isZero();
        assertThat(observed).extracting(s -> s.kernel().numaBalancing()).containsExactly(1, 1);
    }

    @Test
    void twoSocketFourNodeBackAndForthMovesStayBounded() {
        Snapshot s = next(List.of());
        for (int i = 0; i < 3 * DryRunOverlay.MAX_MOVES_PER_TASK; i++) {
            int to = i % 2;
            s = next(outcomes(s, Outcome.Status.DRY_RUN, new MigrateMemory(PLUGIN, "/batch/a", to,
                    NodeSet.of(1 - to), MigrationMode.DEFAULT, "ping-pong")));
        }
        Task a = s.task("/batch/a").orElseThrow();
        assertThat(overlay.plannedMoves("/batch/a")).isEqualTo(DryRunOverlay.MAX_MOVES_PER_TASK);
        // the last move took node 0's bytes to node 1; node 2's 128 MiB were never moved
        assertThat(a.measurements().memoryBytesPerNode()).isEqualTo(Map.of(0, 0L, 1, 2 * G + 768 * M, 2, 128 * M,
                3, 0L));
    }
}
