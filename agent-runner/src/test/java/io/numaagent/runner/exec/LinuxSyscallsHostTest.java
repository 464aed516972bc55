package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.numaagent.api.NodeSet;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.recording.LinePrinter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real system calls against this JVM's own memory, on whatever machine runs the tests. Node 0
 * always exists and has memory where there is one node; the assertions hold on multi-node hosts
 * too because the test places its pages on node 0 itself first.
 */
class LinuxSyscallsHostTest {

    private static LinuxSyscalls sys;
    private static int self;

    @BeforeAll
    static void onLinux() {
        assumeTrue(LinuxSyscalls.isSupported(), "needs Linux x86_64 or aarch64, have "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        sys = LinuxSyscalls.create();
        self = (int) ProcessHandle.current().pid();
    }

    /** A page-aligned, touched (so present) buffer of {@code pages} pages. */
    private static long touchedPages(Memory block, int pages) {
        long page = sys.pageSize();
        long base = Pointer.nativeValue(block);
        long aligned = (base + page - 1) / page * page;
        for (int i = 0; i < pages; i++) {
            block.setByte(aligned - base + i * page, (byte) 1);
        }
        return aligned;
    }

    @Test
    void pageSizeIsAPowerOfTwo() {
        assertThat(sys.pageSize()).isPositive();
        assertThat(Integer.bitCount(sys.pageSize())).isEqualTo(1);
    }

    @Test
    void migratePagesOfSelfToNodeZeroLeavesNothingBehind() throws Exception {
        long[] mask = NodeMasks.of(NodeSet.of(0));
        long notMoved = sys.migratePages(self, NodeMasks.maxNode(mask), mask, mask);
        assertThat(notMoved).isZero();
    }

    @Test
    void movePagesQueryAndMoveOwnPagesOnNodeZero() throws Exception {
        int pages = 8;
        Memory block = new Memory((long) (pages + 1) * sys.pageSize());
        long start = touchedPages(block, pages);
        long[] addrs = new long[pages];
        for (int i = 0; i < pages; i++) {
            addrs[i] = start + (long) i * sys.pageSize();
        }
        int[] moveTo = new int[pages];
        int[] status = new int[pages];
        long rc = sys.movePages(self, addrs, moveTo, status, Syscalls.MPOL_MF_MOVE);
        assertThat(rc).isZero();
        assertThat(status).containsOnly(0);

        int[] where = new int[pages];
        java.util.Arrays.fill(where, -999);
        assertThat(sys.movePages(self, addrs, null, where, 0)).isZero();
        assertThat(where).containsOnly(0);

        int node = sys.getMempolicy(null, 0, start, Syscalls.MPOL_F_NODE | Syscalls.MPOL_F_ADDR);
        assertThat(node).isZero();
    }

    @Test
    void movePagesQueryOfUntouchedPageSaysNotPresent() throws Exception {
        // a fresh anonymous mapping from mmap via JNA's Memory is malloc'd; an address far below any
        // mapping is unmapped instead: the kernel reports -EFAULT for it per page, not for the call
        long[] addrs = {sys.pageSize() * 16L};
        int[] status = new int[1];
        assertThat(sys.movePages(self, addrs, null, status, 0)).isZero();
        assertThat(status[0]).isEqualTo(-Errno.EFAULT);
    }

    @Test
    void movePagesOfMissingProcessFailsWithEsrch() {
        int gone = Integer.parseInt(readPidMax()); // pids are below pid_max: never a process
        assertThatThrownBy(() -> sys.movePages(gone, new long[] {0x10000}, null, new int[1], 0))
                .isInstanceOfSatisfying(SyscallException.class, e -> {
                    assertThat(e.errnoName()).isEqualTo("ESRCH");
                    assertThat(e.errno()).isEqualTo(3);
                    assertThat(e.call()).isEqualTo("move_pages");
                });
    }

    @Test
    void pidfdOpenAndPageoutOfOwnPages() throws Exception {
        int pages = 4;
        Memory block = new Memory((long) (pages + 1) * sys.pageSize());
        long start = touchedPages(block, pages);
        int fd = sys.pidfdOpen(self, 0);
        assertThat(fd).isNotNegative();
        try {
            long len = (long) pages * sys.pageSize();
            long done = sys.processMadvise(fd, new long[] {start}, new long[] {len}, Syscalls.MADV_PAGEOUT, 0);
            assertThat(done).isEqualTo(len);
        } catch (SyscallException e) {
            // kernels before 5.10 lack process_madvise; anything else is a real failure
            assertThat(e.errnoName()).isEqualTo("ENOSYS");
        } finally {
            sys.close(fd);
        }
    }

    private static String readPidMax() {
        try {
            // one big read: a sysctl file reads as EOF at any offset but 0, and Files.readString's
            // first read on a zero-size file is one byte
            try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/pid_max"))) {
                return new String(in.readNBytes(64), java.nio.charset.StandardCharsets.US_ASCII).strip();
            }
        } catch (java.io.IOException e) {
            return "4194304";
        }
    }

    /** The executor end to end with real system calls and the real /proc, on this JVM's own pages. */
    @Test
    void executorMovesOwnPagesToNodeZeroThroughRealSyscalls() {
        int pages = 16;
        Memory block = new Memory((long) (pages + 1) * sys.pageSize());
        long start = touchedPages(block, pages);
        TestMachine one = TestMachine.shape(1, 1, 1, 1, 0).nodeMemory(0, 1L << 30, 1L << 29).memoryTier(0, -1)
                .pageSize(sys.pageSize()).numaBalancing(0);
        one.cgroup("/").task("pid:" + self).pids(self);
        io.numaagent.api.snapshot.Snapshot snap = one.snapshot(1, java.time.Instant.now());
        io.numaagent.runner.config.ExecutorSettings settings = new io.numaagent.runner.config.ExecutorSettings(true,
                io.numaagent.api.decision.MigrateMemory.MigrationMode.MOVE_PAGES, 0, 512, java.time.Duration.ofSeconds(10),
                java.util.Map.of());
        Executor ex = new Executor(settings, io.numaagent.runner.host.HostPaths.DEFAULT,
                io.numaagent.runner.host.CgroupLayout.detect(io.numaagent.runner.host.HostPaths.DEFAULT),
                new RecordingCgroupWriter(null), sys, new LinePrinter(new PrintWriter(System.out)), Sleeper.SYSTEM);

        java.util.List<io.numaagent.api.decision.Outcome> out = ex.execute(snap, java.util.List.of(
                new io.numaagent.api.decision.MovePages("test", "pid:" + self, self,
                        java.util.List.of(new io.numaagent.api.decision.PageRange(start, (long) pages * sys.pageSize())), 0,
                        "own pages"),
                new io.numaagent.api.decision.MigrateMemory("test", "pid:" + self, 0, "single node")));

        assertThat(out.get(0).status()).isEqualTo(io.numaagent.api.decision.Outcome.Status.APPLIED);
        assertThat(out.get(0).detail()).isEqualTo("moved 0 of 0 pages to node 0"); // already all on node 0
        assertThat(out.get(0).longestCallNanos()).isPositive();
        assertThat(out.get(1).status()).isEqualTo(io.numaagent.api.decision.Outcome.Status.UNCHANGED);
        assertThat(out.get(1).detail()).isEqualTo("no node with memory other than node 0");
    }

    /**
     * A whole-process walk: /proc/self/maps, then move_pages queries over every movable mapping of
     * this JVM. The platform claims a second memory node so that the executor looks for pages on it;
     * this host has none there, so nothing is found and nothing moves.
     */
    @Test
    void executorWalksTheWholeJvmWithRealQueries() {
        TestMachine two = TestMachine.shape(1, 1, 1, 1, 1).nodeMemory(0, 1L << 30, 1L << 29)
                .nodeMemory(1, 1L << 30, 1L << 30).distances(0, 10, 20).distances(1, 20, 10).memoryTier(0, -1)
                .memoryTier(1, -1).pageSize(sys.pageSize()).numaBalancing(0);
        two.cgroup("/").task("pid:" + self).pids(self);
        io.numaagent.api.snapshot.Snapshot snap = two.snapshot(1, java.time.Instant.now());
        io.numaagent.runner.config.ExecutorSettings settings = new io.numaagent.runner.config.ExecutorSettings(true,
                io.numaagent.api.decision.MigrateMemory.MigrationMode.MOVE_PAGES, 0, 512, java.time.Duration.ofSeconds(30),
                java.util.Map.of());
        Executor ex = new Executor(settings, io.numaagent.runner.host.HostPaths.DEFAULT,
                io.numaagent.runner.host.CgroupLayout.detect(io.numaagent.runner.host.HostPaths.DEFAULT),
                new RecordingCgroupWriter(null), sys, new LinePrinter(new PrintWriter(System.out)), Sleeper.SYSTEM);

        io.numaagent.api.decision.Outcome o = ex.execute(snap, java.util.List.of(
                new io.numaagent.api.decision.MigrateMemory("test", "pid:" + self, 0, "gather"))).get(0);

        assertThat(o.status()).isEqualTo(io.numaagent.api.decision.Outcome.Status.APPLIED);
        // a live JVM has a few zero pages (read, never written): reported, never failures
        assertThat(o.detail()).matches("moved 0 of 0 pages to node 0"
                + "(; \\d+ pages unmapped or zero when queried \\(EFAULT\\), nothing to move)?");
        assertThat(o.pagesFailed()).isZero();
        System.out.printf("whole-JVM query walk: %d ms, longest move_pages call %d us%n",
                o.durationNanos() / 1_000_000, o.longestCallNanos() / 1000);
    }
}
