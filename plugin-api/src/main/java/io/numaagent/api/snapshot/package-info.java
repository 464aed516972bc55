/**
 * What a plugin sees: one immutable {@link io.numaagent.api.snapshot.Snapshot} per cycle with
 * the machine ({@link io.numaagent.api.snapshot.Platform}: CPUs with their caches and frequencies
 * ({@link io.numaagent.api.snapshot.CpuDetails}), nodes, distances, page size,
 * cgroup version), the kernel's balancing state, the tasks with their measurements (a pod-level
 * task with its {@link io.numaagent.api.snapshot.Container}s, each with its own requests), the outcomes
 * of earlier decisions and what could not be read.
 */
package io.numaagent.api.snapshot;
