package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.snapshot.ThreadScheduling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real system calls on a thread of this JVM (what an unprivileged user may do: raise its nice, make it
 * batch, put its I/O in class idle), read back with the calls and with {@code /proc/self/task/TID/stat}:
 * the {@code struct sched_attr} layout and the {@code ioprio} encoding as the kernel has them.
 */
class LinuxThreadSyscallsHostTest {

    private static LinuxThreadSyscalls sys;
    private final CountDownLatch done = new CountDownLatch(1);
    private Thread thread;
    private int tid;

    @BeforeAll
    static void onLinux() {
        assumeTrue(LinuxSyscalls.isSupported(), "needs Linux x86_64 or aarch64, have "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        sys = LinuxThreadSyscalls.create();
    }

    /** A thread of its own (the test's changes end with it), its id from {@code /proc/thread-self}. */
    @BeforeEach
    void startThread() throws Exception {
        CompletableFuture<Integer> id = new CompletableFuture<>();
        thread = new Thread(() -> {
            try {
                id.complete(Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName()
                        .toString()));
                done.await();
            } catch (Exception e) {
                id.completeExceptionally(e);
            }
        }, "sched-test");
        thread.start();
        tid = id.get(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void endThread() throws InterruptedException {
        done.countDown();
        thread.join();
    }

    /** Field {@code n} (1-based, as proc(5) counts) of the thread's stat line. */
    private String stat(int n) throws Exception {
        String line = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        String[] after = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return after[n - 3];
    }

    @Test
    void batchWithNiceAndIdleIoReadBack() throws Exception {
        SchedulingParameters p = new SchedulingParameters("batch", 0, List.of(), 7, 0, 0, 0, "idle", 0);

        sys.schedSetattr(tid, SchedCodes.attrOf(p));
        sys.ioprioSet(tid, SchedCodes.ioprio("idle", 0));
        ThreadScheduling seen = SchedCodes.seen("/x", sys.schedGetattr(tid), sys.ioprioGet(tid));

        assertThat(seen).isEqualTo(new ThreadScheduling("/x", "batch", 0, 7, List.of(), 0, 0, 0, "idle", 0, 1));
        assertThat(p.matches(seen)).isTrue();
        assertThat(stat(41)).as("policy in stat").isEqualTo("3");
        assertThat(stat(19)).as("nice in stat").isEqualTo("7");
    }

    @Test
    void niceAloneLeavesThePolicy() throws Exception {
        sys.setNice(tid, 9);

        ThreadSyscalls.SchedAttr a = sys.schedGetattr(tid);
        assertThat(a.policy()).isZero();
        assertThat(a.nice()).isEqualTo(9);
    }

    @Test
    void aThreadGoneIsEsrch() throws Exception {
        endThread();
        // join() returns when the Java thread ends; the kernel task goes a moment later: wait for it to go
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.exists(Path.of("/proc/self/task/" + tid)) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        assertThatThrownBy(() -> sys.schedGetattr(tid)).isInstanceOfSatisfying(SyscallException.class,
                e -> assertThat(e.errnoName()).isEqualTo("ESRCH"));
    }
}
