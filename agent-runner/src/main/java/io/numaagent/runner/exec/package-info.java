/**
 * Carries out plugin decisions on the machine: the only code that changes it.
 *
 * <p>{@link io.numaagent.runner.exec.Executor} runs a cycle's decisions in order: the checks
 * ({@code DecisionChecks}: valid? already so?), arbitration between plugins, dry-run printing,
 * and dispatch to one applier per mechanism, each given the cycle's state ({@code Cycle}):
 * {@code CpusetApplier} (cpuset files, parents before children), {@code CpuWeightApplier}
 * ({@code cpu.weight} / {@code cpu.shares} of one cgroup), {@code MigratePagesApplier}
 * ({@code migrate_pages}), {@code MovePagesWalker} ({@code move_pages} batches with resume cursors,
 * paced by the shared {@link io.numaagent.runner.exec.BandwidthLimiter}), {@code PageOutApplier}
 * ({@code process_madvise(MADV_PAGEOUT)} in batches under the same budget; a plugin's own
 * {@link io.numaagent.api.decision.MoverLimit} paces its moves and swap-outs further) and {@link io.numaagent.runner.exec.SysctlWriter}
 * ({@code kernel.numa_balancing}). The machine is written through
 * {@link io.numaagent.runner.exec.CgroupWriter} and {@link io.numaagent.runner.exec.Syscalls}
 * (JNA in {@link io.numaagent.runner.exec.LinuxSyscalls}), so that tests can record instead.
 * Reading the machine ({@code /proc/PID/maps}, {@code /proc/PID/status}) is left to
 * {@code io.numaagent.runner.host}.
 */
package io.numaagent.runner.exec;
