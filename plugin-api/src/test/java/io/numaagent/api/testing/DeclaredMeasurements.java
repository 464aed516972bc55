package io.numaagent.api.testing;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a plugin's {@link Plugin#measurements()} declaration the way the runner relies on it: a
 * plugin given snapshots in which only some measurement kinds are present (the runner reads only what
 * the running plugins declared) must decide as it does with every kind present. Plugins' tests run a
 * fresh instance over the same cycles twice, once seeing everything and once seeing {@link #only} the
 * kinds in question, and compare the decisions of every cycle.
 */
public final class DeclaredMeasurements {

    private DeclaredMeasurements() {
    }

    /**
     * {@code s} with only {@code kinds} left in each task's measurements (and the interrupts only with
     * {@link Measurement#INTERRUPTS}), as the runner reads it.
     */
    public static Snapshot only(Snapshot s, Set<Measurement> kinds) {
        List<Task> tasks = new ArrayList<>(s.tasks().size());
        for (Task t : s.tasks()) {
            tasks.add(new Task(t.id(), t.name(), t.cgroupPath(), t.subCgroups(), t.pids(), t.labels(), t.annotations(),
                    t.requested(), t.qos(), t.measurements().only(kinds), t.containers(), List.of(),
                    kinds.contains(Measurement.THREAD_SCHEDULING) ? t.threadScheduling() : List.of()));
        }
        return new Snapshot(s.sequence(), s.time(), s.platform(), kinds.contains(Measurement.INTERRUPTS) ? s.kernel()
                : s.kernel().withInterrupts(List.of()), tasks, s.outcomes(), s.warnings(), s.accessCounters());
    }

    /**
     * The decisions of a fresh plugin from {@code fresh} over {@code cycles}, each snapshot cut down to
     * {@code kinds}; one list per cycle. The plugin is closed afterwards.
     */
    public static List<List<Decision>> decisions(Supplier<Plugin> fresh, List<Snapshot> cycles, Set<Measurement> kinds) {
        List<List<Decision>> out = new ArrayList<>();
        try (Plugin plugin = fresh.get()) {
            for (Snapshot s : cycles) {
                out.add(List.copyOf(plugin.decide(only(s, kinds))));
            }
        }
        return out;
    }

    /** {@code declared} less {@code kind}: what a plugin would see if it had not declared that kind. */
    public static Set<Measurement> without(Set<Measurement> declared, Measurement kind) {
        EnumSet<Measurement> less = declared.isEmpty() ? EnumSet.noneOf(Measurement.class) : EnumSet.copyOf(declared);
        less.remove(kind);
        return less;
    }

    /** The kinds a plugin instance from {@code fresh} declares (the instance is closed again). */
    public static Set<Measurement> declared(Supplier<Plugin> fresh) {
        try (Plugin plugin = fresh.get()) {
            return Set.copyOf(plugin.measurements());
        }
    }
}
