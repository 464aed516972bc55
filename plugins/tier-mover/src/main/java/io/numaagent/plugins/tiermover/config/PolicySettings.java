package io.numaagent.plugins.tiermover.config;

import io.numaagent.api.tracking.TrackerSpec;
import java.util.List;
import java.util.Map;

/**
 * One memtierd policy's settings, read from {@code policy: {name, config}} by {@link PolicyReader}.
 * Node -1 stands for swap wherever memtierd allows it.
 */
public sealed interface PolicySettings {

    /** The policy's name as in memtierd. */
    String name();

    /** Which tasks (and processes) it works on. */
    TaskSelector selector();

    /** The tracker it asks the runner for. */
    TrackerSpec tracker();

    /** Its mover: the pace of its page moves and swap-outs. */
    MoverSettings mover();

    /** Time between two rounds of the policy. */
    long intervalMs();

    /** Node -1 in memtierd's node lists: swap. */
    int SWAP = -1;

    /**
     * {@code age}: idle ranges (unchanged counters for {@code idleDurationMs}) go to {@code idleNumas[0]}
     * or, after {@code swapOutMs}, to swap; ranges active in every round of {@code activeDurationMs} go to
     * {@code activeNumas[0]}. A duration of 0 turns its move off.
     */
    record Age(TaskSelector selector, TrackerSpec tracker, MoverSettings mover, long intervalMs, long swapOutMs,
               long idleDurationMs, List<Integer> idleNumas, long activeDurationMs, List<Integer> activeNumas)
            implements PolicySettings {
        public Age {
            idleNumas = List.copyOf(idleNumas);
            activeNumas = List.copyOf(activeNumas);
        }

        @Override
        public String name() {
            return "age";
        }
    }

    /**
     * {@code heat}: ranges go to the nodes listed for their heat class, filling nodes with room first.
     *
     * @param heatNumas  heat class to nodes (-1 = swap); classes not listed are left where they are
     * @param numaSize   per node, how much of it the policy may fill; nodes not listed are unlimited
     * @param moveMode   {@code fill-fast-free} (what memtierd runs whenever heatnumas is set) or
     *                   {@code no-limits} (memtierd's path for stable, fresh ranges, to the first listed node)
     */
    record Heat(TaskSelector selector, TrackerSpec tracker, HeatmapSettings heatmap, MoverSettings mover, long intervalMs,
                Map<Integer, List<Integer>> heatNumas, Map<Integer, MemorySize> numaSize, String moveMode)
            implements PolicySettings {
        public static final String FILL_FAST_FREE = "fill-fast-free";
        public static final String NO_LIMITS = "no-limits";

        public Heat {
            heatNumas = Map.copyOf(heatNumas);
            numaSize = Map.copyOf(numaSize);
        }

        @Override
        public String name() {
            return "heat";
        }
    }

    /** {@code ratio}: per process, the least accessed ranges up to {@code ratio} of its memory go to {@code target}. */
    record Ratio(TaskSelector selector, TrackerSpec tracker, MoverSettings mover, long intervalMs, double ratio, int target)
            implements PolicySettings {
        @Override
        public String name() {
            return "ratio";
        }
    }

    /** {@code demote-idle}: ranges idle for one round go to {@code idleNode}, once. */
    record DemoteIdle(TaskSelector selector, TrackerSpec.IdlePage tracker, MoverSettings mover, long intervalMs, int idleNode)
            implements PolicySettings {
        @Override
        public String name() {
            return "demote-idle";
        }
    }

    /**
     * {@code avoid-oom}: when a node's free memory falls below {@code startFreeing}, move the largest
     * memory users' pages from it to nodes with room, until it is back above {@code stopFreeing}.
     */
    record AvoidOom(TaskSelector selector, TrackerSpec.Finder tracker, MoverSettings mover, long intervalMs,
                    MemorySize startFreeing, MemorySize stopFreeing) implements PolicySettings {
        @Override
        public String name() {
            return "avoid-oom";
        }
    }
}
