package io.numaagent.runner.tracking;

import static io.numaagent.runner.tracking.PageTrackingTree.PAGE;
import static io.numaagent.runner.tracking.PageTrackingTree.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.tracking.AccessCounters;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.api.tracking.TrackingRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker service with its real scan threads over fixture trees. Scans run every 20 ms; tests wait
 * (up to a minute) for the counters they expect, never for a time.
 */
class TrackerServiceTest {

    static final long A = 0x10_0000_0000L;
    static final long B = 0x10_4000_0000L;
    static final TrackerSpec.SoftDirty SOFT_DIRTY = new TrackerSpec.SoftDirty(512, 0, 20, 0, 0, 0);

    @TempDir
    Path dir;

    TestMachine machine = TestMachine.laptopOneNode();

    Snapshot snapshot() {
        return machine.snapshot(1, Instant.now());
    }

    /**
     * Attaches (and, when {@code deliver}, closes) windows until {@code ok} holds for plugin {@code p}'s counters.
     * Delivered windows start at 10 ms and double up to 1 s: on a starved machine a scan can outlast a short
     * window every time, and a predicate that needs a scan inside one window would then never hold.
     */
    static List<AccessCounters> await(TrackerService s, String p, boolean deliver, Snapshot base,
                                      Predicate<List<AccessCounters>> ok) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        long windowMs = 10;
        while (System.nanoTime() < deadline) {
            List<AccessCounters> got = s.attach(base).accessCountersOf(p);
            if (ok.test(got)) {
                return got;
            }
            if (deliver) {
                s.requested(p, base, Optional.of(new TrackingRequest(SOFT_DIRTY, Set.of("/batch/a"))));
                Thread.sleep(windowMs);
                windowMs = Math.min(1000, windowMs * 2);
            } else {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("counters of " + p + " never matched");
    }

    @Test
    void laptopOneNodeDeliversWritesPerWindowForTheRequestedTasksPids() throws Exception {
        machine.task("/batch/a").pids(800);
        PageTrackingTree t = PageTrackingTree.write(machine, dir);
        t.process(800, 7).anon(A, 4).presentRun(A, 4, t.pfn(0, 10), true);
        try (TrackerService s = new TrackerService(t.paths(), PAGE, Clock.systemUTC())) {
            s.register("tier-mover", SOFT_DIRTY);
            assertThat(s.tracks("tier-mover")).isTrue();
            assertThat(s.attach(snapshot()).accessCounters()).isEmpty();
            s.requested("tier-mover", snapshot(), Optional.of(new TrackingRequest(SOFT_DIRTY, Set.of("/batch/a"))));
            List<AccessCounters> got = await(s, "tier-mover", false, snapshot(), c -> !c.isEmpty() && c.get(0).scans() >= 2);
            AccessCounters c = got.get(0);
            assertThat(c.task()).isEqualTo("/batch/a");
            assertThat(c.pid()).isEqualTo(800);
            // the fixture's bits stay set (nothing clears them), so every scan counts all four pages
            assertThat(c.ranges()).singleElement().satisfies(r -> {
                assertThat(r.start()).isEqualTo(A);
                assertThat(r.pages()).isEqualTo(4);
                assertThat(r.writes()).isEqualTo(4L * c.scans());
                assertThat(r.node()).isZero();
                assertThat(r.sinceMs()).isGreaterThanOrEqualTo(c.windowStartMs());
            });
            // the plugin saw that window: the next one starts afresh
            s.requested("tier-mover", snapshot(), Optional.of(new TrackingRequest(SOFT_DIRTY, Set.of("/batch/a"))));
            List<AccessCounters> next = s.attach(snapshot()).accessCountersOf("tier-mover");
            assertThat(next.isEmpty() || next.get(0).windowStartMs() >= c.windowEndMs()).isTrue();
        }
    }

    @Test
    void laptopOneNodeReusedPidIsTrackedAfreshAndItsOldCountersDropped() throws Exception {
        machine.task("/batch/a").pids(801);
        PageTrackingTree t = PageTrackingTree.write(machine, dir);
        t.process(801, 7).anon(A, 4).presentRun(A, 4, t.pfn(0, 10), true);
        try (TrackerService s = new TrackerService(t.paths(), PAGE, Clock.systemUTC())) {
            s.register("tier-mover", SOFT_DIRTY);
            s.requested("tier-mover", snapshot(), Optional.of(new TrackingRequest(SOFT_DIRTY, Set.of("/batch/a"))));
            await(s, "tier-mover", false, snapshot(), c -> !c.isEmpty());
            // pid 801 exits and a new process gets its number: another start time, another mapping
            t.exit(801);
            t.process(801, 99).anon(B, 2).presentRun(B, 2, t.pfn(0, 40), true);
            List<AccessCounters> got = await(s, "tier-mover", false, snapshot(),
                    c -> !c.isEmpty() && c.get(0).ranges().stream().anyMatch(r -> r.start() == B));
            assertThat(got.get(0).ranges()).extracting(RangeCounter::start).containsExactly(B);
        }
    }

    @Test
    void laptopOneNodeProcessThatExitsCostsOnlyItself() throws Exception {
        machine.task("/batch/a").pids(802, 803);
        PageTrackingTree t = PageTrackingTree.write(machine, dir);
        t.process(802, 7).anon(A, 4).presentRun(A, 4, t.pfn(0, 10), true);
        t.process(803, 7).anon(A, 4).presentRun(A, 4, t.pfn(0, 20), true);
        try (TrackerService s = new TrackerService(t.paths(), PAGE, Clock.systemUTC())) {
            s.register("tier-mover", SOFT_DIRTY);
            s.requested("tier-mover", snapshot(), Optional.of(new TrackingRequest(SOFT_DIRTY, Set.of("/batch/a"))));
            await(s, "tier-mover", false, snapshot(), c -> c.size() == 2);
            t.exit(802);
            // the next snapshots list only 803 (cgroup.procs no longer has 802), as the runner's would; asking
            // with the old snapshot re-requested 802 every 10 ms, and whether a window without it came was a race
            machine.task("/batch/a").pids(803);
            // windows delivered from here on carry pid 803 only, and it keeps being scanned
            // two windows in a row that hold a scan of 803 and nothing of 802: it keeps being scanned (counted
            // per window, not per time: a window is as long as one turn of await, whatever the machine's load)
            await(s, "tier-mover", true, snapshot(), c -> c.size() == 1 && c.get(0).pid() == 803 && c.get(0).scans() >= 1);
            List<AccessCounters> got = await(s, "tier-mover", true, snapshot(),
                    c -> c.size() == 1 && c.get(0).pid() == 803 && c.get(0).scans() >= 1);
            assertThat(got.get(0).ranges()).extracting(RangeCounter::writes).allMatch(w -> w > 0);
        }
    }

    @Test
    void laptopOneNodeDamonKdamondIsTurnedOffWhenTheServiceCloses() throws Exception {
        machine.task("/batch/a").pids(804);
        PageTrackingTree t = PageTrackingTree.write(machine, dir);
        t.damon(1, 1);
        t.process(804, 7).anon(A, 4);
        TrackerSpec.Damon damon = new TrackerSpec.Damon(5000, 100_000, 1_000_000, 10, 1000, -1, List.of(0), 0, false, false);
        try (TrackerService s = new TrackerService(t.paths(), PAGE, Clock.systemUTC())) {
            s.register("tier-mover", damon);
            s.requested("tier-mover", snapshot(), Optional.of(new TrackingRequest(damon, Set.of("/batch/a"))));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!read(t.damonFile(0, "contexts/0/targets/0/pid_target")).equals("804") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(read(t.damonFile(0, "contexts/0/targets/0/pid_target"))).isEqualTo("804");
        }
        assertThat(read(t.damonFile(0, "state"))).isEqualTo("off");
    }

    @Test
    void laptopOneNodeWithoutDamonSysfsRefusesTheTrackerNamingWhatIsMissing() throws Exception {
        PageTrackingTree t = PageTrackingTree.write(machine, dir);
        TrackerSpec.Damon damon = new TrackerSpec.Damon(5000, 100_000, 1_000_000, 10, 1000, -1, List.of(0), 0, false, false);
        TrackerSpec multi = new TrackerSpec.Multi(List.of(damon, new TrackerSpec.IdlePage(512, 1, 5000, 10000, 0, 0, 0)));
        Files.delete(t.paths().sys("kernel/mm/page_idle/bitmap"));
        try (TrackerService s = new TrackerService(t.paths(), PAGE, Clock.systemUTC())) {
            assertThatThrownBy(() -> s.register("tier-mover", multi))
                    .hasMessageStartingWith("plugin tier-mover: tracker multi cannot run on this host: ")
                    .hasMessageContaining("damon/admin/kdamonds: the DAMON sysfs interface (CONFIG_DAMON_SYSFS)")
                    .hasMessageContaining("page_idle/bitmap: idle page tracking (CONFIG_IDLE_PAGE_TRACKING)");
            assertThat(s.tracks("tier-mover")).isFalse();
        }
    }

    @Test
    void laptopOneNodeRequestForAnotherTrackerThanDeclaredIsIgnored() throws Exception {
        machine.task("/batch/a").pids(805);
        PageTrackingTree t = PageTrackingTree.write(machine, dir);
        t.process(805, 7).anon(A, 4);
        try (TrackerService s = new TrackerService(t.paths(), PAGE, Clock.systemUTC())) {
            s.register("tier-mover", SOFT_DIRTY);
            TrackerSpec other = new TrackerSpec.SoftDirty(512, 0, 20, 0, 5, 0);
            s.requested("tier-mover", snapshot(), Optional.of(new TrackingRequest(other, Set.of("/batch/a"))));
            Thread.sleep(100);
            assertThat(s.attach(snapshot()).accessCounters()).isEmpty();
            assertThat(t.clearRefs(805)).as("never tracked").isEmpty();
        }
    }
    /** What the runner's tracker metrics are told, as "event plugin kind/count [pages]" lines. */
    static final class RecordingObserver implements ScanObserver {
        final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void trackerStarted(String plugin, String kind) {
            events.add("started " + plugin + " " + kind);
        }

        @Override
        public void scanned(String plugin, String kind, long nanos, long pages) {
            events.add("scanned " + plugin + " " + kind + " " + pages + (nanos >= 0 ? "" : " negative time"));
        }

        @Override
        public void failed(String plugin, String kind) {
            events.add("failed " + plugin + " " + kind);
        }

        @Override
        public void processes(String plugin, int count) {
            events.add("processes " + plugin + " " + count);
        }
    }

    @Test
    void laptopOneNodeObserverIsToldOfTheTrackerItsProcessesAndEveryScan() throws Exception {
        machine.task("/batch/a").pids(806, 807);
        PageTrackingTree t = PageTrackingTree.write(machine, dir);
        t.process(806, 7).anon(A, 4).presentRun(A, 4, t.pfn(0, 10), true);
        t.process(807, 7).anon(A, 2).presentRun(A, 2, t.pfn(0, 20), true);
        RecordingObserver seen = new RecordingObserver();
        try (TrackerService s = new TrackerService(t.paths(), PAGE, Clock.systemUTC(), seen)) {
            s.register("tier-mover", SOFT_DIRTY);
            assertThat(seen.events).containsExactly("started tier-mover softdirty");
            s.requested("tier-mover", snapshot(), Optional.of(new TrackingRequest(SOFT_DIRTY, Set.of("/batch/a"))));
            await(s, "tier-mover", false, snapshot(), c -> c.size() == 2 && c.get(0).scans() >= 2);
        }
        // each scan reads both processes' 6 pages
        assertThat(seen.events).startsWith("started tier-mover softdirty", "processes tier-mover 2")
                .contains("scanned tier-mover softdirty 6").doesNotContain("failed tier-mover softdirty")
                .allMatch(e -> !e.startsWith("scanned") || e.equals("scanned tier-mover softdirty 6"));
    }

    @Test
    void laptopOneNodeObserverIsToldOfATrackerThatFails() throws Exception {
        machine.task("/batch/a").pids(808);
        PageTrackingTree t = PageTrackingTree.write(machine, dir);
        t.damon(1, 1);
        t.process(808, 7).anon(A, 4);
        TrackerSpec.Damon damon = new TrackerSpec.Damon(5000, 100_000, 1_000_000, 10, 1000, -1, List.of(0), 0, false, false);
        RecordingObserver seen = new RecordingObserver();
        try (TrackerService s = new TrackerService(t.paths(), PAGE, Clock.systemUTC(), seen)) {
            s.register("tier-mover", damon);
            // the kdamond's directory goes away after the check: making the tracker or its scan fails
            Files.delete(t.damonFile(0, "state"));
            s.requested("tier-mover", snapshot(), Optional.of(new TrackingRequest(damon, Set.of("/batch/a"))));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!seen.events.contains("failed tier-mover damon") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertThat(seen.events).startsWith("started tier-mover damon").contains("failed tier-mover damon")
                .noneMatch(e -> e.startsWith("scanned"));
    }
}
