package io.numaagent.api.snapshot;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.tracking.AccessCounters;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a plugin may know about the machine in one cycle. Immutable; plugins must not assume
 * anything that is not in here (they never read the OS themselves).
 *
 * @param sequence  increasing cycle number, starting at 1
 * @param time      when the snapshot was taken
 * @param platform  the machine's topology and per-node memory
 * @param kernel    kernel state: NUMA balancing, swap, vmstat counters
 * @param tasks     the managed tasks, in the order their sources listed them
 * @param outcomes  outcomes of the decisions made on the previous cycle (all plugins)
 * @param warnings  what could not be read for this snapshot
 * @param accessCounters page-access counters of tracked processes, for the plugins that asked
 *                  ({@link io.numaagent.api.plugin.Plugin#tracking}); empty when no plugin tracks
 * @param cpuPower  the CPUs' frequency and idle settings and the uncore limits, for the plugins that asked
 *                  ({@link io.numaagent.api.plugin.Plugin#readsCpuPower()}); {@link CpuPower#NONE} otherwise
 */
public record Snapshot(long sequence, Instant time, Platform platform, KernelState kernel, List<Task> tasks,
                       List<Outcome> outcomes, List<ReadWarning> warnings, List<AccessCounters> accessCounters,
                       CpuPower cpuPower) {

    public Snapshot {
        tasks = List.copyOf(tasks);
        outcomes = List.copyOf(outcomes);
        warnings = List.copyOf(warnings);
        accessCounters = List.copyOf(accessCounters);
        cpuPower = cpuPower == null ? CpuPower.NONE : cpuPower;
    }

    /** A snapshot without CPU power settings (no plugin reads them). */
    public Snapshot(long sequence, Instant time, Platform platform, KernelState kernel, List<Task> tasks,
                    List<Outcome> outcomes, List<ReadWarning> warnings, List<AccessCounters> accessCounters) {
        this(sequence, time, platform, kernel, tasks, outcomes, warnings, accessCounters, CpuPower.NONE);
    }

    /** A snapshot without access counters (no plugin tracks pages). */
    public Snapshot(long sequence, Instant time, Platform platform, KernelState kernel, List<Task> tasks,
                    List<Outcome> outcomes, List<ReadWarning> warnings) {
        this(sequence, time, platform, kernel, tasks, outcomes, warnings, List.of());
    }

    /** The same snapshot with these access counters. */
    public Snapshot withAccessCounters(List<AccessCounters> counters) {
        return new Snapshot(sequence, time, platform, kernel, tasks, outcomes, warnings, counters, cpuPower);
    }

    /** The same snapshot with these CPU power settings. */
    public Snapshot withCpuPower(CpuPower power) {
        return new Snapshot(sequence, time, platform, kernel, tasks, outcomes, warnings, accessCounters, power);
    }

    /** The same snapshot carrying these outcomes (a replay feeds back its own). */
    public Snapshot withOutcomes(List<Outcome> previous) {
        return new Snapshot(sequence, time, platform, kernel, tasks, previous, warnings, accessCounters, cpuPower);
    }

    /** Access counters collected for one plugin's tracking request. */
    public List<AccessCounters> accessCountersOf(String plugin) {
        return accessCounters.stream().filter(a -> a.plugin().equals(plugin)).toList();
    }

    /** The task with this id, if present. */
    public Optional<Task> task(String id) {
        for (Task t : tasks) {
            if (t.id().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Outcomes of the previous cycle's decisions of one plugin. */
    public List<Outcome> outcomesOf(String plugin) {
        return outcomes.stream().filter(o -> o.decision().plugin().equals(plugin)).toList();
    }
}
