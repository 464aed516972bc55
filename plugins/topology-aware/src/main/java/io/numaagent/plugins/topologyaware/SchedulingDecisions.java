package io.numaagent.plugins.topologyaware;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.ThreadScheduling;
import io.numaagent.plugins.topologyaware.sched.SchedulingClass;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code set-scheduling-class} decisions: a placed container with a class gets one when some of its
 * threads, as the snapshot shows them ({@code Task.threadScheduling}), run otherwise than the class says
 * (a thread started since, a class changed, someone else changed them); when all run so, nothing is
 * decided. When the executor could not set them (failed or rejected), the same decision is not made again
 * while the container's threads show the same combinations (new threads, or a change, make it try again),
 * so a class the kernel refuses (real-time without RT runtime in the cgroup) costs one failure, not one
 * per cycle.
 */
final class SchedulingDecisions {

    private final String plugin;
    /** By unit id: the combinations its threads showed when a decision for it failed or was rejected. */
    private final Map<String, Set<ThreadScheduling>> failedOn = new HashMap<>();
    /** By unit id: the combinations its threads showed when the last decision for it was made. */
    private final Map<String, Set<ThreadScheduling>> decidedOn = new HashMap<>();

    SchedulingDecisions(String plugin) {
        this.plugin = plugin;
    }

    /** Reads the outcomes of the last cycle's decisions: what failed is not asked again on the same threads. */
    void outcomes(Snapshot snapshot) {
        for (Outcome o : snapshot.outcomesOf(plugin)) {
            if (o.decision() instanceof SetSchedulingClass d) {
                String id = d.subCgroup() != null ? d.subCgroup() : d.task();
                Set<ThreadScheduling> on = decidedOn.remove(id);
                if (on != null && (o.status() == Outcome.Status.FAILED || o.status() == Outcome.Status.REJECTED)) {
                    failedOn.put(id, on);
                } else {
                    failedOn.remove(id);
                }
            }
        }
    }

    /** Forgets the units no longer present. */
    void retain(Set<String> present) {
        failedOn.keySet().retainAll(present);
        decidedOn.keySet().retainAll(present);
    }

    /**
     * The decision for one placed unit ({@code unit.id()}), or empty: no class, no threads seen, all of them
     * already run with the class, or the last try on these same threads failed.
     */
    Optional<Decision> of(PlacementUnit unit, Optional<SchedulingClass> schedulingClass, String source) {
        if (schedulingClass.isEmpty()) {
            return Optional.empty();
        }
        SchedulingClass sc = schedulingClass.get();
        SchedulingParameters wanted = sc.schedulingParameters();
        List<ThreadScheduling> seen = unit.task().threadSchedulingOf(unit.subCgroup());
        List<ThreadScheduling> differ = seen.stream().filter(t -> !wanted.matches(t)).toList();
        if (differ.isEmpty()) {
            failedOn.remove(unit.id());
            return Optional.empty();
        }
        Set<ThreadScheduling> combinations = seen.stream().map(t -> t.withThreads(1)).collect(Collectors.toSet());
        if (combinations.equals(failedOn.get(unit.id()))) {
            return Optional.empty();
        }
        decidedOn.put(unit.id(), combinations);
        int n = differ.stream().mapToInt(ThreadScheduling::threads).sum();
        String reason = "class " + sc.name() + " (" + source + "): " + n + (n == 1 ? " thread runs" : " threads run")
                + " otherwise (" + differ.stream().map(t -> t.toString().replaceFirst("^\\d+ threads?: ", ""))
                .distinct().collect(Collectors.joining("; ")) + ")";
        return Optional.of(new SetSchedulingClass(plugin, unit.task().id(), unit.subCgroup(), sc.name(), wanted,
                reason));
    }
}
