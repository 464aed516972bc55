/**
 * The {@code topology-aware} plugin (the cri-resource-manager / nri-plugins pool tree policy).
 * Planned: this release ships an observe-only factory that loads, validates its config and makes
 * no decisions.
 */
package io.numaagent.plugins.topologyaware;
