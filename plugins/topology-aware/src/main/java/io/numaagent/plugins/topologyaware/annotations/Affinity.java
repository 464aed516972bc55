package io.numaagent.plugins.topologyaware.annotations;

import java.util.List;
import java.util.Objects;

/**
 * One affinity of a container: every container selected by {@code scope} that also satisfies
 * {@code match} attracts it with {@code weight} (repels it when negative: anti-affinity). Weights are
 * clamped to [{@code -}{@value #WEIGHT_CUTOFF}, {@value #WEIGHT_CUTOFF}] as in the reference.
 *
 * @param scope  which containers are considered
 * @param match  which of those count
 * @param weight the weight each counting container adds
 */
public record Affinity(Expression scope, Expression match, int weight) {

    /** The reference's {@code UserWeightCutoff}. */
    public static final int WEIGHT_CUTOFF = 1000;
    /** Weight of an affinity that gives none (negated for anti-affinity). */
    public static final int DEFAULT_WEIGHT = 1;
    /** Weight of the implicit affinities of {@code colocatePods} / {@code colocateNamespaces}. */
    public static final int IMPLICIT_WEIGHT = 10;

    public Affinity {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(match, "match");
        weight = Math.max(-WEIGHT_CUTOFF, Math.min(WEIGHT_CUTOFF, weight));
    }

    /**
     * The default scope of an annotated affinity: the containers of the same pod. The reference
     * compares only the pod name ({@code pod/name Equals <name>}), which also takes in a same-named pod
     * of another namespace; the pod id is unique.
     */
    public static Expression podScope(PodInfo pod) {
        return Expression.of("pod/id", Operator.Equals, List.of(pod.id()));
    }

    /** {@code colocatePods}: weight 10 to every container of the same pod. */
    public static Affinity colocatePod(PodInfo pod) {
        return new Affinity(podScope(pod), Expression.of("", Operator.AlwaysTrue, List.of()), IMPLICIT_WEIGHT);
    }

    /** {@code colocateNamespaces}: weight 10 to every container of the same namespace. */
    public static Affinity colocateNamespace(String namespace) {
        return new Affinity(Expression.of("", Operator.AlwaysTrue, List.of()),
                Expression.of("namespace", Operator.Equals, List.of(namespace)), IMPLICIT_WEIGHT);
    }

    /**
     * The container's affinities with the configured implicit ones added, which the reference adds
     * only when the container has no annotated affinity.
     */
    public static List<Affinity> withImplicit(List<Affinity> annotated, ContainerInfo c, boolean colocatePods,
                                              boolean colocateNamespaces) {
        if (!annotated.isEmpty() || (!colocatePods && !colocateNamespaces)) {
            return annotated;
        }
        java.util.ArrayList<Affinity> out = new java.util.ArrayList<>();
        if (colocatePods) {
            out.add(colocatePod(c.pod()));
        }
        if (colocateNamespaces) {
            out.add(colocateNamespace(c.namespace()));
        }
        return List.copyOf(out);
    }

    /** The reference's rendering: {@code <anti-affinity: scope <..> <..> => -5>}. */
    @Override
    public String toString() {
        return "<" + (weight < 0 ? "anti-" : "") + "affinity: scope " + scope + " " + match + " => " + weight + ">";
    }
}
