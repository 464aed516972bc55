package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.api.snapshot.ThreadScheduling;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.plugins.topologyaware.sched.SchedulingClasses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code set-scheduling-class} on twoSocketFourNodeSixteenCpus (n4c16): each placed container with a class
 * gets one when its threads (as the snapshot shows them) run otherwise, and none once they run with it; a
 * thread started later brings one decision for its container only; a try that failed is not repeated on the
 * same threads.
 */
class SchedulingDecisionsTest {

    private static final String TA = "topology-aware";
    private static final Map<String, Object> CONFIG = Map.of(
            "schedulingClasses", List.of(
                    Map.of("name", "realtime", "policy", "fifo", "priority", 42),
                    Map.of("name", "background", "policy", "batch", "nice", 5, "ioClass", "idle"),
                    Map.of("name", "system", "nice", -5)),
            "namespaceSchedulingClasses", Map.of("kube-system", "system"),
            "podQoSSchedulingClasses", Map.of("BestEffort", "background"));

    private static final SchedulingParameters REALTIME = new SchedulingParameters("fifo", 42, List.of(), null, 0, 0,
            0, null, 0);
    private static final SchedulingParameters BACKGROUND = new SchedulingParameters("batch", 0, List.of(), 5, 0, 0,
            0, "idle", 0);
    private static final SchedulingParameters SYSTEM = new SchedulingParameters("none", 0, List.of(), -5, 0, 0, 0,
            null, 0);

    @TempDir
    Path state;

    /** {@code n} threads of a container as a fresh process runs: SCHED_OTHER, nice 0, I/O class none. */
    private static List<ThreadScheduling> fresh(String cgroup, int n) {
        return new ArrayList<>(List.of(new ThreadScheduling(cgroup, "other", 0, 0, List.of(), 0, 0, 0, "none", 0, n)));
    }

    private static SetSchedulingClass set(String task, String name, SchedulingParameters p, String reason) {
        return new SetSchedulingClass(TA, task, null, name, p, reason);
    }

    private static List<Decision> scheduling(List<Decision> decisions) {
        return decisions.stream().filter(SetSchedulingClass.class::isInstance).toList();
    }

    @Test
    void twoSocketFourNodeSixteenCpusEachContainerWhoseThreadsDifferOnceAndANewThreadAgain() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, CONFIG);
        h.guaranteed("/g2", 2000).annotate("/g2", Map.of("scheduling-class.resource-policy.nri.io/pod", "realtime"))
                .bestEffort("/be")
                .add("/ks", QosClass.BURSTABLE, 100, 0, 10, 0, Map.of("io.kubernetes.pod.namespace", "kube-system"))
                .add("/bu", QosClass.BURSTABLE, 1000, 2000, 100, 200);
        h.threads.put("/g2", fresh("/g2", 4));
        h.threads.put("/be", fresh("/be", 2));
        h.threads.put("/ks", fresh("/ks", 1));
        h.threads.put("/bu", fresh("/bu", 3)); // no class: never decided

        assertThat(scheduling(h.step())).containsExactly(
                set("/g2", "realtime", REALTIME, "class realtime (annotation): 4 threads run otherwise (other nice 0,"
                        + " io none 0)"),
                set("/be", "background", BACKGROUND, "class background (qos BestEffort): 2 threads run otherwise "
                        + "(other nice 0, io none 0)"),
                set("/ks", "system", SYSTEM, "class system (namespace kube-system): 1 thread runs otherwise (other "
                        + "nice 0, io none 0)"));
        assertThat(scheduling(h.step())).as("every thread runs with its class: nothing to decide").isEmpty();

        List<ThreadScheduling> be = new ArrayList<>(h.threads.get("/be"));
        be.addAll(fresh("/be", 1)); // a thread started after the class was set, not inheriting it
        h.threads.put("/be", be);
        assertThat(scheduling(h.step())).containsExactly(set("/be", "background", BACKGROUND,
                "class background (qos BestEffort): 1 thread runs otherwise (other nice 0, io none 0)"));
        assertThat(scheduling(h.step())).isEmpty();
    }

    @Test
    void twoSocketFourNodeSixteenCpusWithoutClassesNoThreadsAreRead() {
        TopologyAwarePlugin without = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of()).plugin;
        TopologyAwarePlugin with = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, CONFIG).plugin;

        assertThat(without.measurements()).doesNotContain(io.numaagent.api.snapshot.Measurement.THREAD_SCHEDULING);
        assertThat(with.measurements()).contains(io.numaagent.api.snapshot.Measurement.THREAD_SCHEDULING);
    }

    /** A failed try is not repeated while the threads show the same; a new thread, or success, ends that. */
    @Test
    void twoSocketFourNodeSixteenCpusFailedTryWaitsForOtherThreads() {
        SchedulingDecisions decisions = new SchedulingDecisions(TA);
        SchedulingClasses classes = SchedulingClasses.of(SchedulingClasses.readClasses("schedulingClasses",
                CONFIG.get("schedulingClasses")), "namespaceSchedulingClasses", SchedulingClasses.ClassNames.EMPTY,
                "podQoSSchedulingClasses", SchedulingClasses.ClassNames.EMPTY);
        var realtime = classes.named("realtime");
        Task rt = new Task("/rt", "rt", "/rt", List.of(), List.of(), Map.of(), Map.of(), Resources.NONE,
                QosClass.GUARANTEED, TaskMeasurements.NONE).withThreadScheduling(fresh("/rt", 2));
        PlacementUnit unit = new PlacementUnit(rt, rt, null, null);

        Optional<Decision> first = decisions.of(unit, realtime, "annotation");
        assertThat(first).isPresent();
        decisions.outcomes(outcome(first.get(), Outcome.Status.FAILED));
        assertThat(decisions.of(unit, realtime, "annotation")).as("same threads: not again").isEmpty();

        Task more = rt.withThreadScheduling(fresh("/rt", 3)); // a thread more: the same combination, counted 3
        assertThat(decisions.of(new PlacementUnit(more, more, null, null), realtime, "annotation"))
                .as("same combinations: still not").isEmpty();

        List<ThreadScheduling> other = fresh("/rt", 2);
        other.add(new ThreadScheduling("/rt", "batch", 0, 0, List.of(), 0, 0, 0, "none", 0, 1));
        Task changed = rt.withThreadScheduling(other);
        assertThat(decisions.of(new PlacementUnit(changed, changed, null, null), realtime, "annotation"))
                .as("another combination: tried again").isPresent();
    }

    private static Snapshot outcome(Decision d, Outcome.Status status) {
        TestMachine m = TestMachine.twoSocketFourNodeSixteenCpus();
        return new Snapshot(2, java.time.Instant.EPOCH, m.platform(), m.kernelState(), List.of(),
                List.of(Outcome.of(1, d, status, "sched_setattr EPERM")), List.of());
    }
}
