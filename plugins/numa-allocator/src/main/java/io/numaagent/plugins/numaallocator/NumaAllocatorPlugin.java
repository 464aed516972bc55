package io.numaagent.plugins.numaallocator;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The NUMA allocator: each cycle it pins up to {@code max_pins_per_cycle} tasks (biggest first) to
 * one NUMA node, chosen by {@code fill_biggest_first} or {@code minimize_migration}, moves their
 * memory there (over as many cycles as the executor's migration time needs), re-migrates pinned tasks whose
 * memory drifted, and optionally un-pins tasks whose
 * node can no longer hold them. Pure decision logic over the snapshot; see the module README.
 *
 * <p>{@link #decide} is the list of steps; each step is a class of this package with its own tests. The
 * state kept across cycles lives in the steps (and in the two {@link RetryTracker}s and the
 * {@link RebalanceHoldOff} they share); {@link TaskRegistry} drops it for tasks that are gone.
 */
final class NumaAllocatorPlugin implements Plugin, PluginCommands {

    private final TaskRegistry registry;
    private final OutcomeFeedback outcomeFeedback;
    private final MissingFiguresWarning missingFigures;
    private final AllocatorMetrics metrics;
    private final NumaBalancingPolicy numaBalancing;
    private final Rebalance rebalance;
    private final PinChooser pinChooser;
    private final PinDecisions pinDecisions;
    private final PinMoves pinMoves;
    private final Remigration remigration;
    private final SwapGuard swapGuard;
    private final TaskMetrics taskMetrics;
    private final DecisionOutput output;
    private final AllocatorCommands commands = new AllocatorCommands();

    NumaAllocatorPlugin(AllocatorSettings settings, PluginContext context) {
        String name = context.instanceName();
        PluginLogger log = context.log();
        metrics = new AllocatorMetrics(context.metrics());
        RetryTracker migrationRetries = new RetryTracker();
        RetryTracker pinRetries = new RetryTracker();
        RebalanceHoldOff holdOff = new RebalanceHoldOff();
        missingFigures = new MissingFiguresWarning(log);
        pinMoves = new PinMoves(settings, name, migrationRetries, log, metrics);
        registry = new TaskRegistry(metrics, List.of(missingFigures::forget, migrationRetries::removeIf,
                pinRetries::removeIf, holdOff::forget, pinMoves::removeIf));
        outcomeFeedback = new OutcomeFeedback(name, migrationRetries, pinRetries, holdOff);
        numaBalancing = new NumaBalancingPolicy(name, settings.numaBalancing(), log, metrics);
        rebalance = new Rebalance(settings, name, log, holdOff);
        pinChooser = new PinChooser(settings, holdOff, pinRetries, log);
        pinDecisions = new PinDecisions(settings, name, log);
        remigration = new Remigration(settings, name, migrationRetries, log, metrics);
        swapGuard = new SwapGuard(settings.migrateWithSwap(), log, metrics);
        taskMetrics = new TaskMetrics(metrics);
        output = new DecisionOutput(settings.dryrun(), log, metrics);
        log.info("{} started: {}", name, settings);
    }

    /**
     * Per-node memory (preferences, moves), the limit, peak and usage (a task's size, in that order of
     * preference: {@link TaskView#memoryOf}) and the cpusets (pinned or not); not CPU usage.
     */
    @Override
    public Set<Measurement> measurements() {
        return EnumSet.of(Measurement.MEMORY_PER_NODE, Measurement.MEMORY_LIMIT, Measurement.MEMORY_PEAK,
                Measurement.MEMORY_USAGE, Measurement.CPUSETS);
    }

    @Override
    public List<Decision> decide(Snapshot snapshot) {
        // 1. nodes by position, ascending id: per-node figures are arrays, and ties go to the lowest id as in WCA
        NodeTable nodes = NodeTable.of(snapshot.platform());
        // 2. one view per task; state about tasks that are gone is dropped, so state and series stay bounded
        TaskView[] tasks = registry.views(snapshot, nodes);
        // 3. last cycle's outcomes set the back-off before anything is decided again
        outcomeFeedback.read(snapshot);
        // 4. biggest first, equal tasks in snapshot order: WCA's stable sorted(reverse=True)
        List<TaskView> biggestFirst = BiggestFirst.views(tasks);
        // 5. a task without per-node figures is left alone; the operator is told once
        missingFigures.warn(tasks);
        // 6. memory pinned to each node at the start of the cycle: both algorithms weigh nodes by it
        BalancedMemory balanced = BalancedMemory.of(biggestFirst, nodes).publish(nodes, metrics);
        // 7. kernel.numa_balancing first: it concerns the whole machine, and AutoNUMA would undo the pins
        List<Decision> decisions = new ArrayList<>(numaBalancing.decide(snapshot.kernel(), balanced.pinnedTasks));
        // 8. un-pin before choosing: an un-pinned task no longer weighs on its node's balance
        decisions.addAll(rebalance.unpin(biggestFirst, nodes, snapshot, balanced.bytes));
        // 9. earlier pins' moves that the executor's per-cycle time cut short go on until the memory is home,
        //    oldest first and before new pins' moves (WCA's one migrate_pages call per pin moves it all at once)
        decisions.addAll(pinMoves.decide(tasks, nodes, snapshot.sequence()));
        // 10. choose this cycle's pins (on a copy: pins add to it), then pin each and move its memory
        for (Pin pin : pinChooser.choose(biggestFirst, nodes, balanced.bytes.clone(), snapshot)) {
            decisions.addAll(pinDecisions.of(pin, nodes));
            pinMoves.started(pin.view().id(), nodes.ids[pin.position()]);
        }
        // 11. pull back the memory of pinned tasks that drifted off the node with the most free memory
        decisions.addAll(remigration.decide(biggestFirst, nodes, snapshot.sequence(), pinMoves.tasks()));
        // 12. with swap on, moving pages risks OOM kills: drop the migrations, keep the pins
        swapGuard.filter(snapshot.kernel(), decisions);
        // 13. per-task gauges, after the pins: pages to move count toward a task's new node
        taskMetrics.publish(tasks, nodes);
        // 14. what this cycle saw, for the control prompt's 'plugin numa-allocator nodes' and 'tasks'
        commands.cycleSeen(snapshot.sequence(), nodes, balanced, biggestFirst);
        // 15. count every decision; in dryrun log them and hand none to the executor
        return output.deliver(decisions);
    }

    @Override
    public List<Command> commands() {
        return commands.commands();
    }
}
