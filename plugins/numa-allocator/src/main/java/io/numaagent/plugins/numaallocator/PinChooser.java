package io.numaagent.plugins.numaallocator;

import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 10 of {@code decide()}: walks the tasks biggest first and gives the first {@code max_pins_per_cycle}
 * that get a node from the {@link PinAlgorithm} a {@link Pin}. Skipped: pinned tasks, ghosts (memory 0),
 * tasks without per-node figures, tasks un-pinned this cycle or in rebalance hold-off, tasks whose last pin
 * was rejected or failed (back-off), and with {@code free_space_check} a task whose chosen node lacks room
 * (the next task is tried; the node is not re-chosen).
 */
final class PinChooser {

    private final PinAlgorithm algorithm;
    private final int maxPins;
    private final boolean freeSpaceCheck;
    private final RebalanceHoldOff holdOff;
    private final RetryTracker pinRetries;
    private final PluginLogger log;

    PinChooser(AllocatorSettings settings, RebalanceHoldOff holdOff, RetryTracker pinRetries, PluginLogger log) {
        this.algorithm = PinAlgorithm.of(settings);
        this.maxPins = settings.maxPinsPerCycle();
        this.freeSpaceCheck = settings.freeSpaceCheck();
        this.holdOff = holdOff;
        this.pinRetries = pinRetries;
        this.log = log;
    }

    /** The pins of this cycle, in order; sets each pinned task's {@code pinTarget}. Changes {@code balancedBytes}. */
    List<Pin> choose(List<TaskView> biggestFirst, NodeTable nodes, long[] balancedBytes, Snapshot snapshot) {
        List<Pin> pins = new ArrayList<>();
        // free memory as it will be once this cycle's pins have pulled their memory in (measured, for the first pin)
        long[] freeBytes = nodes.freeBytes.clone();
        for (TaskView v : biggestFirst) {
            if (pins.size() >= maxPins) {
                break;
            }
            if (v.pinnedPosition >= 0 || v.memory == 0 || !v.hasNodeMemory || v.unpinned) {
                continue;
            }
            if (holdOff.holds(v.id(), snapshot.time())) {
                continue;
            }
            String blocked = pinRetries.blocked(v.id(), snapshot.sequence(), v.task.pids());
            if (blocked != null) {
                log.debug("not pinning {}: {}", v.id(), blocked);
                continue;
            }
            Pin pin = algorithm.choose(v, nodes, balancedBytes, freeBytes);
            if (pin == null) {
                continue;
            }
            long missing = v.missingOn(nodes, pin.position());
            if (freeSpaceCheck && missing >= freeBytes[pin.position()]) {
                log.debug("not pinning {} to node {}: {} would have to move there, {} free (free_space_check)",
                        v.id(), nodes.ids[pin.position()], TaskView.gb(missing), TaskView.gb(freeBytes[pin.position()]));
                continue;
            }
            pins.add(pin);
            v.pinTarget = pin.position();
            // WCA pins one task per cycle and never needed this; with several pins each must see the others
            balancedBytes[pin.position()] += v.memory;
            freeBytes[pin.position()] -= Math.max(0, missing);
        }
        return pins;
    }
}
