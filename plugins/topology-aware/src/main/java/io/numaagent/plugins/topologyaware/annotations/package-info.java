/**
 * The topology-aware policy's pod annotations, pure and independent of the allocator: resolving a
 * pod's annotations in both families ({@code resource-policy.nri.io}, {@code cri-resource-manager.intel.com})
 * into {@link io.numaagent.plugins.topologyaware.annotations.ContainerHints} for one container, with the
 * problems of unusable annotations ({@link io.numaagent.plugins.topologyaware.annotations.ProblemLog}
 * reports each once per container); and the affinity / anti-affinity expression language with the
 * pool affinity score ({@link io.numaagent.plugins.topologyaware.annotations.AffinityEvaluator}).
 * Structured values are read by a small YAML subset reader with line:column errors. See
 * {@code plugins/topology-aware/ANNOTATIONS.md}.
 */
package io.numaagent.plugins.topologyaware.annotations;
