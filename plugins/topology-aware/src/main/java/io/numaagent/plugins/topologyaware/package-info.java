/**
 * The {@code topology-aware} plugin: the cri-resource-manager / nri-plugins topology-aware policy as
 * pure decision logic. This package holds the plugin's config, its per-cycle loop (release, place,
 * decide), the saved grants and the metrics; the pool tree is in {@code pools}, placement in
 * {@code alloc}.
 */
package io.numaagent.plugins.topologyaware;
