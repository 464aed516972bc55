package io.numaagent.plugins.topologyaware.annotations;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a container's affinities into the pool affinity score the allocator compares (criterion 2 of
 * the pool comparison), in the reference's three steps:
 * <ol>
 *   <li>{@link #containerWeights}: for every affinity, each container in its scope that satisfies its
 *   match gets the weight added; the container itself is dropped;</li>
 *   <li>{@link #poolWeights}: those weights summed per pool of each container's grant (containers not
 *   placed yet count nowhere);</li>
 *   <li>{@link #poolScore}: for a candidate pool, the weights of its ancestors and of its subtree, each
 *   diluted by {@value #Q} per link of distance.</li>
 * </ol>
 */
public final class AffinityEvaluator {

    /** The reference's dilution per tree link. */
    public static final double Q = 0.75;

    private AffinityEvaluator() {
    }

    /**
     * Weight per other container id.
     *
     * @param self       the container being placed
     * @param affinities its affinities (annotated, or implicit: {@link Affinity#withImplicit})
     * @param containers the containers to consider (normally every known container; self is skipped)
     */
    public static Map<String, Integer> containerWeights(ContainerInfo self, List<Affinity> affinities,
                                                        Collection<ContainerInfo> containers) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (Affinity a : affinities) {
            for (ContainerInfo c : containers) {
                if (a.scope().evaluate(c) && a.match().evaluate(c)) {
                    weights.merge(c.id(), a.weight(), Integer::sum);
                }
            }
        }
        weights.remove(self.id());
        return weights;
    }

    /**
     * Weight per pool: each container's weight added to the pool its CPUs were granted from.
     *
     * @param poolOf the pool of a container id, empty when it has no grant
     */
    public static <P> Map<P, Integer> poolWeights(Map<String, Integer> containerWeights,
                                                  Function<String, Optional<P>> poolOf) {
        Map<P, Integer> out = new HashMap<>();
        containerWeights.forEach((id, w) -> poolOf.apply(id).ifPresent(p -> out.merge(p, w, Integer::sum)));
        return out;
    }

    /**
     * The affinity score of a candidate pool: {@code sum over ancestors a of W(a)·Q^dist(a)} plus
     * {@code sum over the pool's subtree x (itself included) of W(x)·Q^(depth(x)-depth(pool))}, summed in
     * the reference's order (ancestors upwards, then the subtree in pre-order, which the reference
     * calls BreadthFirst) so that ties fall the
     * same way.
     */
    public static <P> double poolScore(Map<P, Integer> poolWeights, P pool, PoolHierarchy<P> tree) {
        if (poolWeights.isEmpty()) {
            return 0.0;
        }
        double score = 0.0;
        double q = Q;
        for (Optional<P> n = tree.parent(pool); n.isPresent(); n = tree.parent(n.get()), q *= Q) {
            score += q * poolWeights.getOrDefault(n.get(), 0);
        }
        int depth = tree.depth(pool);
        Deque<P> stack = new ArrayDeque<>();
        stack.push(pool);
        while (!stack.isEmpty()) {
            P x = stack.pop();
            score += Math.pow(Q, tree.depth(x) - depth) * poolWeights.getOrDefault(x, 0);
            List<P> children = tree.children(x);
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(children.get(i));
            }
        }
        return score;
    }
}
