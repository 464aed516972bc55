package io.numaagent.plugins.topologyaware.annotations;

/**
 * Which annotation a resolved hint came from.
 *
 * @param key    the full annotation key as written on the pod
 * @param scope  its scope
 * @param family its namespace family
 */
public record AnnotationSource(String key, AnnotationScope scope, AnnotationFamily family) {
}
