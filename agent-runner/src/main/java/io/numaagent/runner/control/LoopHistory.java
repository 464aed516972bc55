package io.numaagent.runner.control;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.runner.loop.LoopObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the loop did lately, for the control prompt: the latest snapshot, the last cycle (when, how
 * long, what became of its decisions), each plugin's runs and failures, and the most recent outcomes
 * in a bounded ring. Written by the loop's thread (as a {@link LoopObserver}), read by the prompt's;
 * every method is synchronized, and what it hands out is immutable.
 */
public final class LoopHistory implements LoopObserver {

    /** How many outcomes {@code decisions} can show. */
    public static final int OUTCOMES_KEPT = 1000;

    /** One plugin's record. */
    public record PluginRecord(long runs, long failures, long lastRunCycle, Duration lastTook, long lastFailedCycle) {
        static final PluginRecord NONE = new PluginRecord(0, 0, 0, Duration.ZERO, 0);
    }

    /** The last finished cycle: its number, its snapshot's time, how long it took, its outcomes by status. */
    public record CycleRecord(long sequence, Instant time, Duration took, int decisions,
                              Map<Outcome.Status, Integer> byStatus, int readWarnings) {
    }

    private final ArrayDeque<Outcome> outcomes = new ArrayDeque<>();
    private final Map<String, PluginRecord> plugins = new LinkedHashMap<>();
    private Snapshot latest;
    private long cycleStartNanos;
    private long cycles;
    private CycleRecord lastCycle;

    @Override
    public synchronized void snapshotTaken(Snapshot snapshot) {
        latest = snapshot;
        cycleStartNanos = System.nanoTime();
    }

    @Override
    public synchronized void pluginRan(String plugin, Duration took, boolean failed) {
        PluginRecord p = plugins.getOrDefault(plugin, PluginRecord.NONE);
        long seq = latest == null ? 0 : latest.sequence();
        plugins.put(plugin, new PluginRecord(p.runs() + 1, p.failures() + (failed ? 1 : 0), seq, took,
                failed ? seq : p.lastFailedCycle()));
    }

    @Override
    public synchronized void outcomes(List<Outcome> made) {
        for (Outcome o : made) {
            if (outcomes.size() == OUTCOMES_KEPT) {
                outcomes.removeFirst();
            }
            outcomes.addLast(o);
        }
        Map<Outcome.Status, Integer> byStatus = new EnumMap<>(Outcome.Status.class);
        made.forEach(o -> byStatus.merge(o.status(), 1, Integer::sum));
        cycles++;
        if (latest != null) {
            lastCycle = new CycleRecord(latest.sequence(), latest.time(),
                    Duration.ofNanos(System.nanoTime() - cycleStartNanos), made.size(), Map.copyOf(byStatus),
                    latest.warnings().size());
        }
    }

    /** The snapshot of the latest cycle, if one was taken. */
    public synchronized Optional<Snapshot> latestSnapshot() {
        return Optional.ofNullable(latest);
    }

    /** The last finished cycle, if any. */
    public synchronized Optional<CycleRecord> lastCycle() {
        return Optional.ofNullable(lastCycle);
    }

    /** Cycles finished since the agent started. */
    public synchronized long cycles() {
        return cycles;
    }

    /** A plugin's runs and failures (none yet: zeros). */
    public synchronized PluginRecord plugin(String name) {
        return plugins.getOrDefault(name, PluginRecord.NONE);
    }

    /** The most recent {@code n} outcomes, oldest first. */
    public synchronized List<Outcome> recentOutcomes(int n) {
        List<Outcome> all = new ArrayList<>(outcomes);
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }
}
