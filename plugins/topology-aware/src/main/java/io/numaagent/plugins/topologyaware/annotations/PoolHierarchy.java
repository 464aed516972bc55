package io.numaagent.plugins.topologyaware.annotations;

import java.util.List;
import java.util.Optional;

/**
 * The shape of the pool tree as {@link AffinityEvaluator#poolScore} needs it; the allocator's tree
 * implements it (or adapts to it) so that this package stays independent of the allocator.
 *
 * @param <P> the pool type
 */
public interface PoolHierarchy<P> {

    /** The parent pool; empty for the root. */
    Optional<P> parent(P pool);

    /** The child pools, in the tree's order. */
    List<P> children(P pool);

    /** Links from the root (the root is 0). */
    int depth(P pool);
}
