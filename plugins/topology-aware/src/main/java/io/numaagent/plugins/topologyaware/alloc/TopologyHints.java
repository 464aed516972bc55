package io.numaagent.plugins.topologyaware.alloc;

import java.util.List;

/**
 * A container's topology hints, whether they are strict ({@code strict.topologyhints}: a grant whose
 * CPUs or memory nodes fall outside a hint fails, as in the reference) and whether its exclusive CPUs
 * and memory nodes are picked by its pod-resource hints ({@code pick-resources-by-hints}).
 */
public record TopologyHints(List<TopologyHint> hints, boolean strict, boolean pickResources) {

    /** No hints. */
    public static final TopologyHints NONE = new TopologyHints(List.of(), false, false);

    public TopologyHints {
        hints = List.copyOf(hints);
    }

    /** Hints that steer pool choice only. */
    public TopologyHints(List<TopologyHint> hints, boolean strict) {
        this(hints, strict, false);
    }

    /** The hints of the kubelet's pod-resources API, in order: what {@code pick-resources-by-hints} picks by. */
    public List<TopologyHint> fromPodResources() {
        return hints.stream().filter(TopologyHint::fromPodResources).toList();
    }

    public boolean isEmpty() {
        return hints.isEmpty();
    }
}
