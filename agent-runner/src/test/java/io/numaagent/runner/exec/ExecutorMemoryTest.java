package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.config.ExecutorSettings;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.recording.LinePrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Memory moves on the twoSocketCxlMemorylessNode fixture. Task /batch/a: pid 101 maps a 2-page
 * binary (node 0), 10 anonymous pages (0-5 on node 0, 6-7 on node 1, 8-9 not present), a guard
 * area, a 1-page stack (not present) and the kernel's vvar/vdso/vsyscall pages; pid 102 maps one
 * anonymous page on the CXL node 2. Batches of 4 pages.
 */
class ExecutorMemoryTest {

    static final long BIN = 0x55d0c0000000L;
    static final long ANON = 0x7f0000000000L;
    static final long OTHER = 0x7f1000000000L;
    static final MigrateMemory TO_NODE_1 = new MigrateMemory("numa-allocator", "/batch/a", 1, NodeSet.EMPTY,
            MigrateMemory.MigrationMode.MOVE_PAGES, "node 1 has room");

    @TempDir
    Path tmp;

    private final FakeSleeper clock = new FakeSleeper();
    private final RecordingSyscalls sys = new RecordingSyscalls(clock);
    private ExecTestHost host;

    @BeforeEach
    void fixture() {
        host = ExecTestHost.cgroupV1(tmp);
        host.maps(101,
                "55d0c0000000-55d0c0002000 r-xp 00000000 fd:01 1234                       /usr/bin/app",
                "7f0000000000-7f000000a000 rw-p 00000000 00:00 0 ",
                "7f0000010000-7f0000012000 ---p 00000000 00:00 0 ",
                "7ffc00000000-7ffc00001000 rw-p 00000000 00:00 0                          [stack]",
                "7ffff7fc1000-7ffff7fc5000 r--p 00000000 00:00 0                          [vvar]",
                "7ffff7fc5000-7ffff7fc7000 r-xp 00000000 00:00 0                          [vdso]",
                "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]");
        host.maps(102, "7f1000000000-7f1000001000 rw-p 00000000 00:00 0 ");
        sys.pages(101, BIN, 2, 0).pages(101, ANON, 6, 0).pages(101, ANON + 6 * 4096, 2, 1).pages(102, OTHER, 1, 2);
        sys.memory.computeIfAbsent(201, p -> new java.util.TreeMap<>());
    }

    private Executor executor(long bandwidth, Duration budget, MigrateMemory.MigrationMode mode) {
        ExecutorSettings s = new ExecutorSettings(true, mode, bandwidth, 4, budget, Map.of());
        return new Executor(s, host.paths, CgroupLayout.detect(host.paths), new RecordingCgroupWriter(null), sys,
                new LinePrinter(new PrintWriter(new ByteArrayOutputStream())), clock);
    }

    private Executor executor() {
        return executor(0, Duration.ofSeconds(10), MigrateMemory.MigrationMode.MOVE_PAGES);
    }

    private static final List<String> QUERIES = List.of(
            "move_pages(101, 4 pages from 0x55d0c0000000, query)",
            "move_pages(101, 4 pages from 0x7f0000002000, query)",
            "move_pages(101, 4 pages from 0x7f0000006000, query)",
            "move_pages(101, 1 pages from 0x7ffc00000000, query)",
            "move_pages(102, 1 pages from 0x7f1000000000, query)");

    private static final String MOVE_BIN = "move_pages(101, 4 pages from 0x55d0c0000000, to 1 flags 2)";
    private static final String MOVE_ANON = "move_pages(101, 4 pages from 0x7f0000002000, to 1 flags 2)";
    private static final String MOVE_OTHER = "move_pages(102, 1 pages from 0x7f1000000000, to 1 flags 2)";

    @Test
    void movePagesMovesWhatEachQueryBatchFindsOffNodeAtOnce() {
        sys.callNanos = 1000;
        sys.failPage(ANON + 3 * 4096, Errno.EBUSY);
        Executor ex = executor();
        List<Outcome> out = ex.execute(host.snapshot(), List.of(TO_NODE_1));

        assertThat(sys.calls).containsExactly(
                QUERIES.get(0), MOVE_BIN, QUERIES.get(1), MOVE_ANON, QUERIES.get(2), QUERIES.get(3),
                QUERIES.get(4), MOVE_OTHER);
        Outcome o = out.get(0);
        assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(o.detail()).isEqualTo("moved 8 of 9 pages to node 1; 1 failed: EBUSY 1");
        assertThat(o.pagesMoved()).isEqualTo(8);
        assertThat(o.pagesFailed()).isEqualTo(1);
        assertThat(o.errno()).isNull();
        assertThat(o.durationNanos()).isEqualTo(8000);
        assertThat(o.longestCallNanos()).isEqualTo(1000);
        assertThat(sys.pagesPerNode(101)).isEqualTo(Map.of(0, 1L, 1, 9L));
        assertThat(sys.pagesPerNode(102)).isEqualTo(Map.of(1, 1L));
        assertThat(ex.resumeCursors()).isEmpty();
    }

    @Test
    void migrateMemoryFromGivenNodesOnlyMovesThosePages() {
        List<Outcome> out = executor().execute(host.snapshot(), List.of(new MigrateMemory("numa-allocator",
                "/batch/a", 1, NodeSet.of(0), MigrateMemory.MigrationMode.DEFAULT, "node 0 to node 1 only")));
        assertThat(sys.calls).containsExactly(QUERIES.get(0), MOVE_BIN, QUERIES.get(1), MOVE_ANON, QUERIES.get(2),
                QUERIES.get(3), QUERIES.get(4));
        assertThat(out.get(0).detail()).isEqualTo("moved 8 of 8 pages to node 1");
        assertThat(sys.pagesPerNode(101)).isEqualTo(Map.of(1, 10L));
        assertThat(sys.pagesPerNode(102)).isEqualTo(Map.of(2, 1L));
    }

    @Test
    void movePagesDecisionMovesTheGivenRanges() {
        List<Outcome> out = executor().execute(host.snapshot(), List.of(new MovePages("tier-mover", "/batch/a",
                101, List.of(new PageRange(ANON, 8 * 4096)), 1, "hot pages to DRAM")));
        assertThat(sys.calls).containsExactly(
                "move_pages(101, 4 pages from 0x7f0000000000, query)",
                "move_pages(101, 4 pages from 0x7f0000000000, to 1 flags 2)",
                "move_pages(101, 4 pages from 0x7f0000004000, query)",
                "move_pages(101, 2 pages from 0x7f0000004000, to 1 flags 2)");
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(out.get(0).detail()).isEqualTo("moved 6 of 6 pages to node 1");
        assertThat(out.get(0).pagesMoved()).isEqualTo(6);
    }

    @Test
    void processExitingMidMigrationFailsThatDecisionOnlyWithoutRetry() {
        sys.failCall("move_pages", 4, Errno.ESRCH); // pid 101's second move
        RecordingCgroupWriter w = new RecordingCgroupWriter(null);
        ExecutorSettings s = new ExecutorSettings(true, MigrateMemory.MigrationMode.MOVE_PAGES, 0, 4,
                Duration.ofSeconds(10), Map.of());
        Executor ex = new Executor(s, host.paths, CgroupLayout.detect(host.paths), w, sys, new LinePrinter(new PrintWriter(new ByteArrayOutputStream())),
                clock);
        List<Outcome> out = ex.execute(host.snapshot(), List.of(TO_NODE_1,
                new SetCpus("numa-allocator", "/batch/b", CpuSet.parse("4-5"), "next one proceeds")));

        Outcome o = out.get(0);
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.errno()).isEqualTo("ESRCH");
        // pid 101's second batch is not retried nor its walk continued; pid 102, still alive, gets its page moved
        assertThat(o.detail()).isEqualTo("process 101 exited: ESRCH (No such process); moved 5 of 9 pages to node 1");
        assertThat(o.unfinished()).isFalse(); // the walk got round the other processes: nothing left to resume
        assertThat(o.pagesMoved()).isEqualTo(5);
        assertThat(sys.calls).containsExactly(QUERIES.get(0), MOVE_BIN, QUERIES.get(1), MOVE_ANON, QUERIES.get(4),
                MOVE_OTHER);
        assertThat(ex.resumeCursors()).isEmpty();
        assertThat(out.get(1).status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(w.writes).containsExactly("/batch/b cpuset.cpus=4-5");
    }

    /** How one process of /batch/a (pids 101, 102) has gone by the time its memory moves. */
    enum Exit { MAPS_GONE, MOVE_PAGES_ESRCH, MIGRATE_PAGES_ESRCH }

    static Stream<Arguments> twoSocketCxlMemorylessNodeFirstProcessExited() {
        return Stream.of(
                Arguments.of(Exit.MAPS_GONE, MigrateMemory.MigrationMode.MOVE_PAGES,
                        "process 101 exited: ESRCH (No such process); moved 1 of 1 pages to node 1"),
                Arguments.of(Exit.MOVE_PAGES_ESRCH, MigrateMemory.MigrationMode.MOVE_PAGES,
                        "process 101 exited: ESRCH (No such process); moved 1 of 1 pages to node 1"),
                Arguments.of(Exit.MIGRATE_PAGES_ESRCH, MigrateMemory.MigrationMode.MIGRATE_PAGES,
                        "process 101 exited: ESRCH (No such process); 1 of 2 processes done"));
    }

    @ParameterizedTest
    @MethodSource
    void twoSocketCxlMemorylessNodeFirstProcessExited(Exit exit, MigrateMemory.MigrationMode mode, String detail)
            throws Exception {
        // regression: the first exited process used to stop the whole decision, leaving pid 102 where it was
        sys.memory.remove(101);
        if (exit == Exit.MAPS_GONE) {
            java.nio.file.Files.delete(host.paths.proc("101/maps"));
        }
        List<Outcome> out = executor(0, Duration.ofSeconds(10), mode).execute(host.snapshot(),
                List.of(new MigrateMemory("numa-allocator", "/batch/a", 1, NodeSet.EMPTY, mode, "r")));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(out.get(0).errno()).isEqualTo("ESRCH");
        assertThat(out.get(0).detail()).isEqualTo(detail);
        assertThat(sys.pagesPerNode(102)).isEqualTo(Map.of(1, 1L));
    }

    /** An exiting process (no mm left: exit path or zombie) makes move_pages fail with EINVAL; reported as the exit it is. */
    @org.junit.jupiter.params.ParameterizedTest(name = "state {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "Z (zombie)   | false | ESRCH  | process 101 exited: ESRCH (No such process); moved 5 of 9 pages to node 1",
        "X (dead)     | false | ESRCH  | process 101 exited: ESRCH (No such process); moved 5 of 9 pages to node 1",
        "R (running)  | false | ESRCH  | process 101 exited: ESRCH (No such process); moved 5 of 9 pages to node 1",
        "S (sleeping) | true  | EINVAL | move_pages (move) of pid 101: EINVAL (Invalid argument); moved 4 of 8 pages found so far "
                + "to node 1 (queried 8 of 14 pages)"})
    void twoSocketCxlEinvalFromAnExitingProcessIsReportedAsEsrch(String state, boolean hasMm, String errno,
                                                                 String detail) {
        host.state(101, state, hasMm);
        sys.failCall("move_pages", 4, Errno.EINVAL); // pid 101's second move
        Outcome o = executor().execute(host.snapshot(), List.of(TO_NODE_1)).get(0);
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.errno()).isEqualTo(errno);
        assertThat(o.detail()).isEqualTo(detail);
    }

    @Test
    void processGoneBeforeItsMapsAreReadFailsWithEsrch() {
        List<Outcome> out = executor().execute(host.snapshot(),
                List.of(new MigrateMemory("numa-allocator", "/batch/gone", 1, "r")));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(out.get(0).errno()).isEqualTo("ESRCH");
        assertThat(out.get(0).detail()).isEqualTo("process 401 exited: ESRCH (No such process); moved 0 of 0 pages to node 1");
        assertThat(sys.calls).isEmpty();
    }

    @Test
    void twoSocketCxlRangeUnmappedBeforeItsQueryIsReportedNotFailed() {
        sys.unmap(101, ANON + 4 * 4096, 2); // two pages on node 0 vanish after the maps were read
        Outcome o = executor().execute(host.snapshot(), List.of(TO_NODE_1)).get(0);
        assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(o.detail()).isEqualTo(
                "moved 7 of 7 pages to node 1; 2 pages unmapped or zero when queried (EFAULT), nothing to move");
        assertThat(o.pagesMoved()).isEqualTo(7);
        assertThat(o.pagesFailed()).isZero();
    }

    /** A page mapped by other processes too is refused per page with EACCES: said, and not counted as failed. */
    @Test
    void twoSocketCxlSharedPagesAreReportedNotFailed() {
        sys.failPage(ANON + 3 * 4096, Errno.EACCES);
        sys.failPage(ANON + 4 * 4096, Errno.EACCES);
        Outcome o = executor().execute(host.snapshot(), List.of(TO_NODE_1)).get(0);
        assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(o.detail()).isEqualTo(
                "moved 7 of 9 pages to node 1; 2 pages shared with other processes (EACCES), not movable");
        assertThat(o.pagesMoved()).isEqualTo(7);
        assertThat(o.pagesFailed()).isZero();
    }

    @Test
    void faultingBatchIsCountedAndTheRestMoves() {
        sys.failCall("move_pages", 4, Errno.EFAULT); // the move of ANON pages 2-5
        List<Outcome> out = executor().execute(host.snapshot(), List.of(TO_NODE_1));
        Outcome o = out.get(0);
        assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(o.detail()).isEqualTo("moved 5 of 9 pages to node 1; 4 failed: EFAULT 4");
        assertThat(o.pagesMoved()).isEqualTo(5);
        assertThat(o.pagesFailed()).isEqualTo(4);
        assertThat(sys.calls).hasSize(8);
    }

    @Test
    void permissionErrorStopsTheDecision() {
        sys.failCall("move_pages", 2, Errno.EPERM); // the first move
        Executor ex = executor();
        List<Outcome> out = ex.execute(host.snapshot(), List.of(TO_NODE_1));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(out.get(0).errno()).isEqualTo("EPERM");
        assertThat(out.get(0).detail()).isEqualTo("move_pages (move) of pid 101: EPERM (Operation not permitted); "
                + "moved 0 of 4 pages found so far to node 1 (queried 4 of 14 pages)");
        assertThat(sys.calls).containsExactly(QUERIES.get(0), MOVE_BIN);
        // the walk did not get round: next cycle starts again at the pages that did not move
        assertThat(ex.resumeCursors()).containsExactly("migrate-memory /batch/a at 101:0x55d0c0000000");
    }

    @Test
    void migrationTimeBudgetStopsWithPartialProgressAndTheNextCycleGoesOn() {
        sys.callNanos = 1_000_000;
        Executor ex = executor(0, Duration.ofMillis(6), MigrateMemory.MigrationMode.MOVE_PAGES);
        List<Outcome> out = ex.execute(host.snapshot(), List.of(TO_NODE_1,
                new MovePages("tier-mover", "/batch/b", 201, List.of(new PageRange(0x7f2000000000L, 4096)), 0, "r")));

        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(out.get(0).detail()).isEqualTo("moved 8 of 8 pages found so far to node 1 (queried 13 of 14 pages), "
                + "rest next cycle (migration time of 6 ms used up)");
        assertThat(out.get(0).pagesMoved()).isEqualTo(8);
        assertThat(out.get(0).durationNanos()).isEqualTo(6_000_000);
        assertThat(out.get(1).status()).isEqualTo(Outcome.Status.REJECTED);
        assertThat(out.get(1).detail()).isEqualTo("migration time of this cycle (6 ms) used up; next cycle");
        // both are unfinished: asked again, each resumes
        assertThat(out).extracting(Outcome::unfinished).containsExactly(true, true);
        assertThat(sys.calls).containsExactly(QUERIES.get(0), MOVE_BIN, QUERIES.get(1), MOVE_ANON, QUERIES.get(2),
                QUERIES.get(3));

        sys.callNanos = 0;
        sys.calls.clear();
        List<Outcome> next = ex.execute(host.snapshot(8, 1), List.of(TO_NODE_1));
        // resumes at pid 102, then wraps around to the start of pid 101 and gets round
        assertThat(sys.calls).containsExactly(QUERIES.get(4), MOVE_OTHER, QUERIES.get(0), QUERIES.get(1),
                QUERIES.get(2), QUERIES.get(3));
        assertThat(next.get(0).detail()).isEqualTo("moved 1 of 1 pages to node 1");
        assertThat(next.get(0).unfinished()).isFalse();
        assertThat(sys.pagesPerNode(101)).isEqualTo(Map.of(1, 10L));
        assertThat(sys.pagesPerNode(102)).isEqualTo(Map.of(1, 1L));
        assertThat(ex.resumeCursors()).isEmpty();
    }

    @Test
    void twoSocketCxlMemorylessNodeQueryLongerThanTheBudgetStillMovesEveryCycle() {
        // regression: a whole query of /batch/a (5 calls of 1 ms) is longer than the 4 ms budget; querying
        // everything before moving anything moved 0 of 9 pages every cycle
        sys.callNanos = 1_000_000;
        Executor ex = executor(0, Duration.ofMillis(4), MigrateMemory.MigrationMode.MOVE_PAGES);

        Outcome first = ex.execute(host.snapshot(), List.of(TO_NODE_1)).get(0);
        assertThat(sys.calls).containsExactly(QUERIES.get(0), MOVE_BIN, QUERIES.get(1), MOVE_ANON);
        assertThat(first.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(first.detail()).isEqualTo("moved 8 of 8 pages found so far to node 1 (queried 8 of 14 pages), "
                + "rest next cycle (migration time of 4 ms used up)");
        assertThat(first.pagesMoved()).isEqualTo(8);
        assertThat(ex.resumeCursors()).containsExactly("migrate-memory /batch/a at 101:0x7f0000006000");

        sys.calls.clear();
        Outcome second = ex.execute(host.snapshot(8, 1), List.of(TO_NODE_1)).get(0);
        assertThat(sys.calls).containsExactly(QUERIES.get(2), QUERIES.get(3), QUERIES.get(4), MOVE_OTHER);
        assertThat(second.detail()).isEqualTo("moved 1 of 1 pages found so far to node 1 (queried 6 of 14 pages), "
                + "rest next cycle (migration time of 4 ms used up)");
        assertThat(second.pagesMoved()).isEqualTo(1);
        // every page the task had elsewhere is on node 1 after two cycles; the walk wrapped around to the start
        assertThat(sys.pagesPerNode(101)).isEqualTo(Map.of(1, 10L));
        assertThat(sys.pagesPerNode(102)).isEqualTo(Map.of(1, 1L));
        assertThat(ex.resumeCursors()).containsExactly("migrate-memory /batch/a at 101:0x55d0c0000000");
    }

    @Test
    void twoSocketCxlMemorylessNodeWalkResumesAtThePageWhereItStopped() {
        // 3 calls of 1 ms a cycle
        sys.callNanos = 1_000_000;
        Executor ex = executor(0, Duration.ofMillis(3), MigrateMemory.MigrationMode.MOVE_PAGES);
        List<List<String>> calls = new java.util.ArrayList<>();
        List<List<String>> cursors = new java.util.ArrayList<>();
        for (int cycle = 0; cycle < 3; cycle++) {
            sys.calls.clear();
            ex.execute(host.snapshot(7 + cycle, 1), List.of(TO_NODE_1));
            calls.add(List.copyOf(sys.calls));
            cursors.add(ex.resumeCursors());
        }
        assertThat(calls).containsExactly(
                // ANON pages 2-5 are found on node 0 but time is up before they move
                List.of(QUERIES.get(0), MOVE_BIN, QUERIES.get(1)),
                // so the next cycle queries them again first; then time is up before the stack's batch
                List.of(QUERIES.get(1), MOVE_ANON, QUERIES.get(2)),
                // the stack page, then pid 102; time is up as the walk wraps around to the start of pid 101
                List.of(QUERIES.get(3), QUERIES.get(4), MOVE_OTHER));
        assertThat(cursors).containsExactly(
                List.of("migrate-memory /batch/a at 101:0x7f0000002000"),
                List.of("migrate-memory /batch/a at 101:0x7ffc00000000"),
                List.of("migrate-memory /batch/a at 101:0x55d0c0000000"));
    }

    @Test
    void twoSocketCxlMemorylessNodeCursorInAnUnmappedGapResumesAtTheNextMapping() {
        sys.callNanos = 1_000_000;
        Executor ex = executor(0, Duration.ofMillis(3), MigrateMemory.MigrationMode.MOVE_PAGES);
        ex.execute(host.snapshot(), List.of(TO_NODE_1));
        assertThat(ex.resumeCursors()).containsExactly("migrate-memory /batch/a at 101:0x7f0000002000");
        // the anonymous mapping was unmapped since
        host.maps(101,
                "55d0c0000000-55d0c0002000 r-xp 00000000 fd:01 1234                       /usr/bin/app",
                "7ffc00000000-7ffc00001000 rw-p 00000000 00:00 0                          [stack]");

        sys.calls.clear();
        ex.execute(host.snapshot(8, 1), List.of(TO_NODE_1));
        assertThat(sys.calls).containsExactly(QUERIES.get(3), QUERIES.get(4), MOVE_OTHER);
    }

    /** How /batch/a has changed in the snapshot of the cycle after its walk stopped. */
    enum Change { TASK_GONE, PROCESS_GONE }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Change.class)
    void twoSocketCxlMemorylessNodeCursorIsDroppedWithItsTaskOrProcess(Change change) {
        sys.callNanos = 1_000_000;
        Executor ex = executor(0, Duration.ofMillis(4), MigrateMemory.MigrationMode.MOVE_PAGES);
        ex.execute(host.snapshot(), List.of(TO_NODE_1));
        assertThat(ex.resumeCursors()).containsExactly("migrate-memory /batch/a at 101:0x7f0000006000");

        Snapshot s = host.snapshot(8, 1);
        TestMachine processGone = ExecTestHost.machine(true);
        processGone.cgroup("/batch/a").pids(102);
        List<Task> tasks = change == Change.TASK_GONE
                ? s.tasks().stream().filter(t -> !t.id().equals("/batch/a")).toList()
                : processGone.tasks();
        ex.execute(new Snapshot(8, s.time(), s.platform(), s.kernel(), tasks, List.of(), List.of()), List.of());
        assertThat(ex.resumeCursors()).isEmpty();

        // back (or pid 101 reported again): the walk starts over at the lowest address of pid 101
        sys.calls.clear();
        ex.execute(host.snapshot(9, 1), List.of(TO_NODE_1));
        assertThat(sys.calls).containsExactly(QUERIES.get(0), QUERIES.get(1), QUERIES.get(2), QUERIES.get(3));
    }

    @Test
    void twoSocketCxlMemorylessNodeWalkThatGetsRoundDropsItsCursorAndTheNextStartsAtTheBeginning() {
        sys.callNanos = 1_000_000;
        Executor ex = executor(0, Duration.ofMillis(3), MigrateMemory.MigrationMode.MOVE_PAGES);
        ex.execute(host.snapshot(), List.of(TO_NODE_1));
        assertThat(ex.resumeCursors()).containsExactly("migrate-memory /batch/a at 101:0x7f0000002000");

        sys.callNanos = 0;
        sys.calls.clear();
        Outcome round = ex.execute(host.snapshot(8, 1), List.of(TO_NODE_1)).get(0);
        // from the cursor to the end of pid 101, pid 102, then wrapped: pid 101 below the cursor (BIN and ANON 0-1)
        assertThat(sys.calls).containsExactly(QUERIES.get(1), MOVE_ANON, QUERIES.get(2), QUERIES.get(3), QUERIES.get(4),
                MOVE_OTHER, "move_pages(101, 4 pages from 0x55d0c0000000, query)");
        assertThat(round.detail()).isEqualTo("moved 5 of 5 pages to node 1");
        assertThat(ex.resumeCursors()).isEmpty();

        sys.calls.clear();
        Outcome next = ex.execute(host.snapshot(9, 1), List.of(TO_NODE_1)).get(0);
        assertThat(sys.calls).containsExactlyElementsOf(QUERIES);
        assertThat(next.detail()).isEqualTo("moved 0 of 0 pages to node 1");
    }

    @Test
    void twoSocketCxlMemorylessNodeMovePagesResumesOnlyForTheSameRanges() {
        sys.callNanos = 1_000_000;
        Executor ex = executor(0, Duration.ofMillis(2), MigrateMemory.MigrationMode.MOVE_PAGES);
        MovePages anon = new MovePages("tier-mover", "/batch/a", 101, List.of(new PageRange(ANON, 8 * 4096)), 1, "hot");
        Outcome first = ex.execute(host.snapshot(), List.of(anon)).get(0);
        assertThat(first.detail()).isEqualTo("moved 4 of 4 pages found so far to node 1 (queried 4 of 8 pages), "
                + "rest next cycle (migration time of 2 ms used up)");
        assertThat(ex.resumeCursors()).containsExactly("move-pages /batch/a pid 101 at 101:0x7f0000004000");

        sys.calls.clear();
        ex.execute(host.snapshot(8, 1), List.of(anon));
        assertThat(sys.calls).containsExactly("move_pages(101, 4 pages from 0x7f0000004000, query)",
                "move_pages(101, 2 pages from 0x7f0000004000, to 1 flags 2)");

        // other ranges of the same process start at their beginning
        sys.calls.clear();
        ex.execute(host.snapshot(9, 1), List.of(new MovePages("tier-mover", "/batch/a", 101,
                List.of(new PageRange(BIN, 2 * 4096)), 1, "hot")));
        assertThat(sys.calls).containsExactly("move_pages(101, 2 pages from 0x55d0c0000000, query)",
                "move_pages(101, 2 pages from 0x55d0c0000000, to 1 flags 2)");
        assertThat(ex.resumeCursors()).isEmpty();
    }

    @Test
    void movesArePacedByTheSharedBandwidthBudget() {
        // 16 KiB/s = one 4-page batch per second; the burst is one batch
        Executor ex = executor(16384, Duration.ofSeconds(10), MigrateMemory.MigrationMode.MOVE_PAGES);
        List<Outcome> out = ex.execute(host.snapshot(), List.of(TO_NODE_1));
        assertThat(out.get(0).detail()).isEqualTo("moved 9 of 9 pages to node 1");
        // batches of 4, 4 and 1 pages: the first rides the burst, the second waits 1 s, the third 0.25 s
        assertThat(clock.sleeps).containsExactly(1_000_000_000L, 250_000_000L);
        assertThat(out.get(0).durationNanos()).isEqualTo(1_250_000_000L);
        assertThat(ex.limiter().sleptNanos()).isEqualTo(1_250_000_000L);

        // shared across cycles: 4 more pages right away make 13 pages at 4 pages/s with a 4-page burst,
        // (13 - 4) / 4 = 2.25 s in all, so this batch waits the remaining 1 s
        ex.execute(host.snapshot(8, 1), List.of(new MovePages("tier-mover", "/batch/a", 101,
                List.of(new PageRange(ANON, 4 * 4096)), 0, "back")));
        assertThat(clock.sleeps).containsExactly(1_000_000_000L, 250_000_000L, 1_000_000_000L);
    }

    @Test
    void migratePagesModeMakesOneCallPerProcess() {
        sys.migrateLeaves(102, 3);
        List<Outcome> out = executor(0, Duration.ofSeconds(10), MigrateMemory.MigrationMode.MIGRATE_PAGES)
                .execute(host.snapshot(), List.of(new MigrateMemory("numa-allocator", "/batch/a", 1, "r")));
        assertThat(sys.calls).containsExactly("migrate_pages(101, 65, 0,2, 1)", "migrate_pages(102, 65, 0,2, 1)");
        Outcome o = out.get(0);
        assertThat(o.status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(o.detail()).isEqualTo(
                "migrate_pages of 2 processes from nodes 0,2 to node 1: 3 pages not moved, about 13 moved (per memory.numa_stat)");
        assertThat(o.pagesMoved()).isEqualTo(13);
        assertThat(o.pagesFailed()).isEqualTo(3);
    }

    @Test
    void decisionModeOverridesTheConfiguredOne() {
        List<Outcome> out = executor().execute(host.snapshot(), List.of(new MigrateMemory("numa-allocator",
                "/batch/a", 1, NodeSet.of(0), MigrateMemory.MigrationMode.MIGRATE_PAGES, "r")));
        assertThat(sys.calls).containsExactly("migrate_pages(101, 65, 0, 1)", "migrate_pages(102, 65, 0, 1)");
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(sys.pagesPerNode(101)).isEqualTo(Map.of(1, 10L));
    }

    @Test
    void migratePagesOfExitedProcessFailsWithEsrch() {
        sys.memory.remove(102);
        List<Outcome> out = executor(0, Duration.ofSeconds(10), MigrateMemory.MigrationMode.MIGRATE_PAGES)
                .execute(host.snapshot(), List.of(new MigrateMemory("numa-allocator", "/batch/a", 1, "r")));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(out.get(0).errno()).isEqualTo("ESRCH");
        assertThat(out.get(0).detail()).isEqualTo("process 102 exited: ESRCH (No such process); 1 of 2 processes done");
    }

    @Test
    void swapOutAdvisesThroughAPidfd() {
        List<Outcome> out = executor().execute(host.snapshot(), List.of(new SwapOut("tier-mover", "/batch/a", 101,
                List.of(new PageRange(ANON, 8192), new PageRange(ANON + 0x8000, 4096)), "idle for 10 min")));
        assertThat(sys.calls).containsExactly("pidfd_open(101)",
                "process_madvise(1101, [0x7f0000000000+8192, 0x7f0000008000+4096], 21)", "close(1101)");
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(out.get(0).detail()).isEqualTo("paged out 12288 of 12288 bytes of pid 101");
        assertThat(out.get(0).pagesMoved()).isEqualTo(3);
    }

    @Test
    void swapOutReportsAShortAdvice() {
        sys.madviseShortBy = 4096;
        List<Outcome> out = executor().execute(host.snapshot(), List.of(new SwapOut("tier-mover", "/batch/a", 101,
                List.of(new PageRange(ANON, 8192)), "idle")));
        assertThat(out.get(0).detail()).isEqualTo("paged out 4096 of 8192 bytes of pid 101");
        assertThat(out.get(0).pagesMoved()).isEqualTo(1);
        assertThat(out.get(0).pagesFailed()).isEqualTo(1);
    }

    @Test
    void swapOutOfExitedProcessFailsWithEsrchAndClosesNothing() {
        sys.memory.remove(102);
        List<Outcome> out = executor().execute(host.snapshot(), List.of(new SwapOut("tier-mover", "/batch/a", 102,
                List.of(new PageRange(OTHER, 4096)), "idle")));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(out.get(0).errno()).isEqualTo("ESRCH");
        assertThat(out.get(0).detail()).isEqualTo("process 102 exited: ESRCH (No such process)");
        assertThat(sys.calls).containsExactly("pidfd_open(102)");
    }

    @Test
    void processMadviseErrorStillClosesThePidfd() {
        sys.failCall("process_madvise", 1, Errno.EINVAL);
        List<Outcome> out = executor().execute(host.snapshot(), List.of(new SwapOut("tier-mover", "/batch/a", 101,
                List.of(new PageRange(ANON, 4096)), "idle")));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(out.get(0).detail()).isEqualTo("process_madvise of pid 101: EINVAL (Invalid argument)");
        assertThat(sys.calls).containsExactly("pidfd_open(101)", "process_madvise(1101, [0x7f0000000000+4096], 21)",
                "close(1101)");
    }


    @Test
    void swapOutGoesInBatchesPacedByTheSharedBandwidthBudget() {
        // 4 pages per call, 16 KiB/s: the first batch is the burst, the next two wait 1 s and 0.5 s
        Executor ex = executor(16384, Duration.ofSeconds(10), MigrateMemory.MigrationMode.MOVE_PAGES);
        List<Outcome> out = ex.execute(host.snapshot(), List.of(new SwapOut("tier-mover", "/batch/a", 101,
                List.of(new PageRange(ANON, 10 * 4096)), "idle")));
        assertThat(sys.calls).containsExactly("pidfd_open(101)",
                "process_madvise(1101, [0x7f0000000000+16384], 21)",
                "process_madvise(1101, [0x7f0000004000+16384], 21)",
                "process_madvise(1101, [0x7f0000008000+8192], 21)", "close(1101)");
        assertThat(ex.limiter().sleptNanos()).isEqualTo(1_500_000_000L);
        assertThat(out.get(0).detail()).isEqualTo("paged out 40960 of 40960 bytes of pid 101");
        assertThat(out.get(0).pagesMoved()).isEqualTo(10);
        assertThat(out.get(0).unfinished()).isFalse();
    }

    @Test
    void swapOutStopsWhenTheCyclesMigrationTimeIsUsedUp() {
        Executor ex = executor(16384, Duration.ofSeconds(1), MigrateMemory.MigrationMode.MOVE_PAGES);
        List<Outcome> out = ex.execute(host.snapshot(), List.of(new SwapOut("tier-mover", "/batch/a", 101,
                List.of(new PageRange(ANON, 10 * 4096)), "idle")));
        assertThat(out.get(0).status()).isEqualTo(Outcome.Status.APPLIED);
        assertThat(out.get(0).detail()).isEqualTo("paged out 32768 of 40960 bytes of pid 101; migration time of this "
                + "cycle used up, 8192 bytes not paged out");
        assertThat(out.get(0).unfinished()).isTrue();
        assertThat(sys.calls).endsWith("close(1101)");
    }

    @Test
    void pluginsOwnMoverLimitPacesItsSwapOutsAndMovesButNotOtherPlugins() {
        Executor ex = executor();
        ex.limitPlugin("tier-mover", new io.numaagent.api.decision.MoverLimit(4096, 1000));
        List<Outcome> out = ex.execute(host.snapshot(), List.of(
                new SwapOut("tier-mover", "/batch/a", 101, List.of(new PageRange(ANON, 3 * 4096)), "idle"),
                new io.numaagent.api.decision.MovePages("tier-mover", "/batch/a", 101, List.of(new PageRange(ANON,
                        2 * 4096)), 1, "hot")));
        // 12 KiB at 4 KiB/s with a 4 KiB burst: 2 s; then the move of 2 pages: 2 s more
        assertThat(clock.slept()).isEqualTo(4_000_000_000L);
        assertThat(out).extracting(Outcome::status).containsOnly(Outcome.Status.APPLIED);
        long before = clock.slept();
        executor().execute(host.snapshot(), List.of(new SwapOut("numa-allocator", "/batch/a", 101,
                List.of(new PageRange(ANON, 3 * 4096)), "idle")));
        assertThat(clock.slept()).isEqualTo(before);
    }
}
