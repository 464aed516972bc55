/**
 * What a plugin may ask for: a closed set of decision records (CPUs, memory nodes, CPU weight, threads' scheduling class,
 * CPU classes (cpufreq, cpuidle and uncore settings), memory migration, page moves, swap-out, the kernel balancing mode,
 * interrupts' CPU affinity), each naming the plugin and a
 * reason, and the {@link io.numaagent.api.decision.Outcome} the executor reports back for each.
 * {@code SetCpus}, {@code SetMems}, {@code SetCpuShares} and {@code SetSchedulingClass} target a whole task or one of its sub-cgroups (a container).
 */
package io.numaagent.api.decision;
