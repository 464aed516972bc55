package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.NodeSet;
import io.numaagent.plugins.topologyaware.pools.Pool;

/**
 * How well one pool fits one request (the reference's {@code GetScore}): isolated, reserved and shared
 * capacity left after the request, capacity of each CPU priority, containers of the same CPU type
 * already there, the memory zone it could offer (null: none) and the affinity score.
 */
record PoolScore(Pool pool, int isolated, int reserved, int shared, int[] priority, int colocated, NodeSet offer,
                 double affinity) {

    int priority(CpuPriority p) {
        return priority[p.ordinal()];
    }

    @Override
    public String toString() {
        return pool.name() + ": isolated " + isolated + ", reserved " + reserved + ", shared " + shared
                + ", colocated " + colocated + ", offer " + offer + ", affinity " + affinity;
    }
}
