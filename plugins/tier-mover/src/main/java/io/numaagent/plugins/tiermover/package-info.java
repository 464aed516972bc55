/**
 * The {@code tier-mover} plugin: memtierd's memory tiering as pure decision logic over the agent's
 * snapshots. {@link io.numaagent.plugins.tiermover.TierMoverPluginFactory} reads memtierd's policy config
 * (package {@code config}); {@code TierMoverPlugin} asks the runner for the policy's tracker over the
 * selected tasks, adds up the counters between rounds ({@code RoundCounters}), runs a round of the policy
 * (package {@code policy}, the heat policy over the {@code heat} package's heatmap) every {@code intervalms},
 * asks again for moves the executor did not finish, and publishes {@code TierMoverMetrics} and the
 * heatmap dump. Nothing here reads the OS; the runner's trackers count and its executor moves.
 */
package io.numaagent.plugins.tiermover;
