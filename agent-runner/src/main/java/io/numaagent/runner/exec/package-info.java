/**
 * The executor: the only code that changes the machine. {@link io.numaagent.runner.exec.Executor}
 * validates, arbitrates, diffs, prints (dry-run) or applies plugin decisions through
 * {@link io.numaagent.runner.exec.CgroupWriter} (cgroup files), {@link io.numaagent.runner.exec.SysctlWriter}
 * ({@code kernel.numa_balancing}) and {@link io.numaagent.runner.exec.Syscalls} ({@code migrate_pages},
 * {@code move_pages}, {@code process_madvise}; JNA in {@link io.numaagent.runner.exec.LinuxSyscalls}).
 * Page moves share one {@link io.numaagent.runner.exec.BandwidthLimiter}.
 * {@link io.numaagent.runner.exec.WriteAccess} tells whether applying is possible at all.
 */
package io.numaagent.runner.exec;
