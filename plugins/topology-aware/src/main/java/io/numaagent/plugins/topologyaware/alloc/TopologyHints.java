package io.numaagent.plugins.topologyaware.alloc;

import java.util.List;

/**
 * A container's topology hints and whether they are strict ({@code strict.topologyhints}: a grant
 * whose CPUs or memory nodes fall outside a hint fails, as in the reference).
 */
public record TopologyHints(List<TopologyHint> hints, boolean strict) {

    /** No hints. */
    public static final TopologyHints NONE = new TopologyHints(List.of(), false);

    public TopologyHints {
        hints = List.copyOf(hints);
    }

    public boolean isEmpty() {
        return hints.isEmpty();
    }
}
