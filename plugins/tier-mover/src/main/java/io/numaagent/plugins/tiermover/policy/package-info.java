/**
 * memtierd's policies as pure functions of their rounds' counters and their own state
 * ({@link io.numaagent.plugins.tiermover.policy.TieringPolicy}): {@code AgePolicy}, {@code HeatPolicy},
 * {@code RatioPolicy}, {@code DemoteIdlePolicy}, {@code AvoidOomPolicy}. Each round returns
 * {@code move-pages} and {@code swap-out} decisions built by {@code Moves}, one per process and destination.
 */
package io.numaagent.plugins.tiermover.policy;
