/**
 * The {@code numa-allocator} plugin: Intel WCA's {@code NUMAAllocator} as pure decision logic over the
 * agent's snapshot. {@link io.numaagent.plugins.numaallocator.NumaAllocatorPluginFactory} reads the config;
 * {@code NumaAllocatorPlugin.decide} runs the steps of one cycle, each a class here with its own tests:
 * {@code NodeTable}, {@code TaskRegistry} (with {@code TaskView}), {@code OutcomeFeedback},
 * {@code BiggestFirst}, {@code MissingFiguresWarning}, {@code BalancedMemory}, {@code NumaBalancingPolicy},
 * {@code Rebalance}, {@code PinChooser} (with {@code FillBiggestFirst} or {@code MinimizeMigration}, over
 * WCA's formulas in {@code NodeSelection} and {@code WcaRounding}), {@code PinDecisions},
 * {@code Remigration}, {@code SwapGuard}, {@code TaskMetrics} and {@code DecisionOutput}.
 * {@code AllocatorCommands} answers the control prompt ({@code plugin numa-allocator nodes}, {@code tasks}) from
 * what the last cycle saw. Nothing here reads the OS; the runner's executor carries out the decisions.
 */
package io.numaagent.plugins.numaallocator;
