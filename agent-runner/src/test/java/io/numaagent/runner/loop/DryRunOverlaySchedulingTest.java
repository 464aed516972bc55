package io.numaagent.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.ThreadScheduling;
import io.numaagent.api.testing.TestMachine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The dry-run overlay and {@code set-scheduling-class} on twoSocketFourNodeSixteenCpus: a printed class shows
 * as the threads' scheduling in the next snapshots (of that container only), so it is not printed again,
 * until a thread starts (the measured threads differ from the plan's basis): then the measured state shows.
 */
class DryRunOverlaySchedulingTest {

    private static final String POD = "/kubepods/pod1";
    private static final String APP = "/kubepods/pod1/app";
    private static final String SIDECAR = "/kubepods/pod1/sidecar";
    private static final SchedulingParameters BACKGROUND = new SchedulingParameters("batch", 0, List.of(), 5, 0, 0, 0,
            "idle", 0);

    private final List<ThreadScheduling> measured = new ArrayList<>(List.of(
            new ThreadScheduling(APP, "other", 0, 0, List.of(), 0, 0, 0, "none", 0, 2),
            new ThreadScheduling(SIDECAR, "other", 0, 0, List.of(), 0, 0, 0, "none", 0, 1)));

    private Snapshot machine(long sequence) {
        TestMachine m = TestMachine.twoSocketFourNodeSixteenCpus();
        m.cgroup(POD).task(POD).subCgroups(APP, SIDECAR);
        Snapshot s = m.snapshot(sequence, Instant.parse("2026-12-02T12:00:00Z"));
        List<Task> tasks = s.tasks().stream().map(t -> t.withThreadScheduling(List.copyOf(measured))).toList();
        return new Snapshot(s.sequence(), s.time(), s.platform(), s.kernel(), tasks, s.outcomes(), s.warnings(),
                s.accessCounters());
    }

    @Test
    void twoSocketFourNodeSixteenCpusPrintedClassShowsOnThatContainerUntilAThreadStarts() {
        DryRunOverlay overlay = new DryRunOverlay((seq, prev) -> Optional.of(machine(seq)));
        Snapshot first = overlay.next(1, List.of()).orElseThrow();
        SetSchedulingClass d = new SetSchedulingClass("topology-aware", POD, APP, "background", BACKGROUND, "r");

        Snapshot second = overlay.next(2, List.of(Outcome.of(1, d, Outcome.Status.DRY_RUN, ""))).orElseThrow();
        Snapshot third = overlay.next(3, List.of()).orElseThrow();

        ThreadScheduling planned = new ThreadScheduling(APP, "batch", 0, 5, List.of(), 0, 0, 0, "idle", 0, 2);
        assertThat(first.task(POD).orElseThrow().threadScheduling()).isEqualTo(measured);
        assertThat(second.task(POD).orElseThrow().threadScheduling()).containsExactly(planned, measured.get(1));
        assertThat(third.task(POD).orElseThrow().threadSchedulingOf(APP)).containsExactly(planned);
        assertThat(third.task(POD).orElseThrow().threadSchedulingOf(APP)).allMatch(BACKGROUND::matches);

        measured.set(0, measured.get(0).withThreads(3)); // a thread started: the plan no longer holds
        Snapshot fourth = overlay.next(4, List.of()).orElseThrow();

        assertThat(fourth.task(POD).orElseThrow().threadSchedulingOf(APP)).containsExactly(measured.get(0));
    }
}
