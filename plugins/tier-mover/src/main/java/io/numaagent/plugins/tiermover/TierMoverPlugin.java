package io.numaagent.plugins.tiermover;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.MoverLimit;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.tracking.AccessCounters;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.api.tracking.TrackingRequest;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import io.numaagent.plugins.tiermover.policy.AgePolicy;
import io.numaagent.plugins.tiermover.policy.AvoidOomPolicy;
import io.numaagent.plugins.tiermover.policy.DemoteIdlePolicy;
import io.numaagent.plugins.tiermover.policy.HeatPolicy;
import io.numaagent.plugins.tiermover.policy.ProcessCounters;
import io.numaagent.plugins.tiermover.policy.RatioPolicy;
import io.numaagent.plugins.tiermover.policy.Round;
import io.numaagent.plugins.tiermover.policy.TieringPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One tier-mover instance: a memtierd policy over the runner's snapshots. Each cycle it adds the
 * snapshot's access counters of the selected tasks to the round's; when the policy's {@code intervalms}
 * has passed since the previous round it runs a round. Page moves the executor could not finish in a
 * cycle (its migration time ran out) are asked for again, and while any is, rounds start no new moves:
 * memtierd's policies likewise wait for an idle mover.
 */
final class TierMoverPlugin implements Plugin, PluginCommands {

    /** The file in the state directory holding the latest {@code policy -dump heatmap} output. */
    static final String HEATMAP_FILE = "heatmap.txt";

    private final PolicySettings settings;
    private final TieringPolicy policy;
    private final PluginContext context;
    private final boolean dumpHeatmap;
    private final TierMoverMetrics metrics;
    private final RoundCounters counters = new RoundCounters();
    private final TierMoverCommands commands;
    private List<Decision> pending = List.of();
    private long lastRoundMs = Long.MIN_VALUE;
    private boolean dumpFailureLogged;

    TierMoverPlugin(PolicySettings settings, PluginContext context, boolean dumpHeatmap) {
        this.settings = settings;
        this.context = context;
        this.dumpHeatmap = dumpHeatmap && settings instanceof PolicySettings.Heat;
        this.metrics = new TierMoverMetrics(context.metrics());
        this.policy = policyFor(settings);
        this.commands = new TierMoverCommands(settings, () -> policy instanceof HeatPolicy h ? h.heatmap() : null);
    }

    static TieringPolicy policyFor(PolicySettings settings) {
        if (settings instanceof PolicySettings.Age a) {
            return new AgePolicy(a);
        }
        if (settings instanceof PolicySettings.Heat h) {
            return new HeatPolicy(h);
        }
        if (settings instanceof PolicySettings.Ratio r) {
            return new RatioPolicy(r);
        }
        if (settings instanceof PolicySettings.DemoteIdle d) {
            return new DemoteIdlePolicy(d);
        }
        return new AvoidOomPolicy((PolicySettings.AvoidOom) settings);
    }

    PolicySettings settings() {
        return settings;
    }

    TieringPolicy policy() {
        return policy;
    }

    /** {@code heatmap}, {@code counters [TASK]}, {@code policy}: see {@link TierMoverCommands}. */
    @Override
    public List<Command> commands() {
        return commands.commands();
    }

    @Override
    public Optional<TrackerSpec> tracker() {
        return Optional.of(settings.tracker());
    }

    /** memtierd's {@code mover: {intervalms, bandwidth}} as the executor's pace for this plugin's moves. */
    @Override
    public Optional<MoverLimit> moverLimit() {
        return Optional.of(new MoverLimit(settings.mover().bytesPerSecond(), settings.mover().intervalMs()));
    }

    @Override
    public Optional<TrackingRequest> tracking(Snapshot snapshot) {
        return Optional.of(new TrackingRequest(settings.tracker(), selected(snapshot).keySet()));
    }

    /**
     * Memory usage (a task filter's {@code minRss}) and the cpusets (avoid-oom's node sets); the pages
     * themselves come from the tracker's counters.
     */
    @Override
    public Set<Measurement> measurements() {
        return EnumSet.of(Measurement.MEMORY_USAGE, Measurement.CPUSETS);
    }

    @Override
    public List<Decision> decide(Snapshot snapshot) {
        Map<String, Task> tasks = selected(snapshot);
        List<Outcome> mine = snapshot.outcomesOf(context.instanceName());
        metrics.outcomes(mine);
        pending = unfinished(mine, tasks);
        for (AccessCounters a : snapshot.accessCountersOf(context.instanceName())) {
            Task t = tasks.get(a.task());
            if (t != null && t.pids().contains(a.pid()) && settings.selector().selectsPid(t, a.pid())) {
                counters.add(a);
                metrics.scanSeconds(a.task(), RoundCounters.msPerScan(a));
            }
        }
        List<Decision> out = new ArrayList<>(pending);
        long now = snapshot.time().toEpochMilli();
        // a cycle a little early (the runner's interval jitters) still counts as due
        if (lastRoundMs == Long.MIN_VALUE || now - lastRoundMs >= settings.intervalMs() - settings.intervalMs() / 10) {
            lastRoundMs = now;
            List<ProcessCounters> processes = counters.takeRound();
            Round round = new Round(context.instanceName(), now, snapshot.platform().pageSizeBytes(),
                    snapshot.platform().nodes(), tasks, processes, pending.isEmpty());
            out.addAll(policy.round(round));
            commands.roundSeen(now, processes);
            metrics.round(processes, tasks.keySet(), policy instanceof HeatPolicy h ? h.heatmap() : null,
                    snapshot.platform().nodes().stream().map(n -> n.id()).toList());
            if (dumpHeatmap && policy instanceof HeatPolicy h && h.heatmap() != null) {
                writeHeatmap(h.heatmap().dump());
            }
        }
        metrics.pending(pending.size());
        return out;
    }

    /** The tasks the policy's pid watcher selects, by id, in snapshot order. */
    private Map<String, Task> selected(Snapshot snapshot) {
        Map<String, Task> out = new LinkedHashMap<>();
        for (Task t : snapshot.tasks()) {
            if (settings.selector().selects(t)) {
                out.put(t.id(), t);
            }
        }
        return out;
    }

    /**
     * The decisions of the previous cycle the executor did not finish because its migration time ran out
     * ({@link Outcome#unfinished()}), for processes still selected: asked again unchanged, so that it resumes.
     */
    private static List<Decision> unfinished(List<Outcome> outcomes, Map<String, Task> tasks) {
        Set<Decision> out = new LinkedHashSet<>();
        for (Outcome o : outcomes) {
            boolean memory = o.decision() instanceof MovePages || o.decision() instanceof SwapOut;
            if (memory && o.unfinished() && tasks.containsKey(o.decision().task())
                    && tasks.get(o.decision().task()).pids().contains(pidOf(o.decision()))) {
                out.add(o.decision());
            }
        }
        return List.copyOf(out);
    }

    private static int pidOf(Decision d) {
        return d instanceof MovePages mp ? mp.pid() : ((SwapOut) d).pid();
    }

    private void writeHeatmap(String dump) {
        try {
            Path dir = context.stateDirectory();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(HEATMAP_FILE + ".tmp");
            Files.writeString(tmp, dump + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(HEATMAP_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            if (!dumpFailureLogged) {
                dumpFailureLogged = true;
                context.log().warn("cannot write the heatmap dump to {}: {}", context.stateDirectory(), e.getMessage());
            }
        }
    }
}
