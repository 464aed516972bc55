package io.numaagent.runner.tracking;

import static io.numaagent.runner.tracking.PageTrackingTree.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.tracking.AccessCounters;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.api.tracking.TrackerSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pid reused between the scan thread's start-time check and the scan's reads: the scan reads the new
 * process's ranges, which must not join the old process's window (a race the service test met on a
 * loaded machine, now made to happen at a fixed point: the tracker replaces the process as its scan begins).
 */
class TrackerRunPidReuseTest {

    static final long A = 0x10_0000_0000L;
    static final long B = 0x10_4000_0000L;
    static final TrackerSpec.SoftDirty SOFT_DIRTY = new TrackerSpec.SoftDirty(512, 0, 20, 0, 0, 0);

    @TempDir
    Path dir;

    @Test
    void laptopOneNodePidReusedDuringAScanKeepsOnlyTheNewProcessesRanges() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(TestMachine.laptopOneNode(), dir);
        t.process(801, 7).anon(A, 4).presentRun(A, 4, t.pfn(0, 10), true);
        AtomicBoolean reuseNow = new AtomicBoolean();
        TrackerFactory.Maker maker = new TrackerFactory.Maker() {
            @Override
            public String kind() {
                return "softdirty";
            }

            @Override
            public long scanIntervalMs() {
                return SOFT_DIRTY.scanIntervalMs();
            }

            @Override
            public PageTracker make() {
                SoftDirtyTracker real = new SoftDirtyTracker(SOFT_DIRTY, t.paths(), PAGE, PfnNodes.read(t.paths(), PAGE),
                        System::currentTimeMillis, bound -> bound - 1);
                return new PageTracker() {
                    @Override
                    public String kind() {
                        return real.kind();
                    }

                    @Override
                    public long scanIntervalMs() {
                        return real.scanIntervalMs();
                    }

                    @Override
                    public void track(Set<Integer> pids) throws InterruptedException, IOException {
                        real.track(pids);
                    }

                    @Override
                    public Scan scan() throws InterruptedException, IOException {
                        if (reuseNow.getAndSet(false)) {
                            // pid 801 exits and a new process gets its number: another start time, another mapping
                            t.exit(801);
                            t.process(801, 99).anon(B, 2).presentRun(B, 2, t.pfn(0, 40), true);
                        }
                        return real.scan();
                    }

                    @Override
                    public void close() {
                        real.close();
                    }
                };
            }
        };
        TrackerRun run = new TrackerRun("tier-mover", List.of(maker), t.paths(), PAGE, System::currentTimeMillis,
                ScanObserver.NONE);
        try {
            run.want(Map.of(801, "/batch/a"));
            List<AccessCounters> old = awaitWindow(run, c -> c.stream().anyMatch(a -> starts(a).contains(A)));
            assertThat(old).singleElement().satisfies(a -> assertThat(starts(a)).containsExactly(A));
            run.delivered();
            run.awaitScan(10_000); // the old process's ranges are counted in the new window too

            reuseNow.set(true);
            List<AccessCounters> fresh = awaitWindow(run, c -> c.stream().anyMatch(a -> starts(a).contains(B)));
            assertThat(reuseNow).isFalse();
            assertThat(fresh).singleElement().satisfies(a -> assertThat(starts(a)).containsExactly(B));
        } finally {
            run.stop();
        }
    }

    static List<Long> starts(AccessCounters a) {
        return a.ranges().stream().map(RangeCounter::start).toList();
    }

    /** Seals windows (keeping what was sealed: not delivered) until one matches; a minute at most. */
    static List<AccessCounters> awaitWindow(TrackerRun run, java.util.function.Predicate<List<AccessCounters>> ok)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            run.awaitScan(10_000);
            List<AccessCounters> got = run.seal();
            if (ok.test(got)) {
                return got;
            }
        }
        throw new AssertionError("no window matched within a minute");
    }
}
