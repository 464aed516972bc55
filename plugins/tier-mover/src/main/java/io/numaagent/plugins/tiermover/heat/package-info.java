/**
 * memtierd's heatmap ({@link io.numaagent.plugins.tiermover.heat.Heatmap}): heat per page of each address
 * range, decayed on overlap, split never merged, classes, and the {@code policy -dump heatmap} text.
 */
package io.numaagent.plugins.tiermover.heat;
