package io.numaagent.plugins.topologyaware.annotations;

/** Where an effective annotation was found; narrower scopes (earlier constants) win. */
public enum AnnotationScope {
    /** {@code <key>.<ns>/container.<name>}. */
    CONTAINER,
    /** {@code <key>.<ns>/pod}. */
    POD,
    /** {@code <key>.<ns>}. */
    UNSCOPED,
    /** The deprecated {@code <ns>/<key>} form: one value for the pod or a {@code container: value} map. */
    DEPRECATED_POD_MAP,
    /** A pod-level {@code <ns>/<key>} annotation (affinity, anti-affinity). */
    POD_LEVEL
}
