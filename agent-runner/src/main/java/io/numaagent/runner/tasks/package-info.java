/**
 * Says which tasks exist and assembles each cycle's snapshot: the task sources of the
 * {@code task_sources:} config (static cgroups, a cgroup scan, a process filter, the pods of this
 * Kubernetes node, watched through the API server) and the
 * {@link io.numaagent.runner.tasks.SnapshotCollector} that joins their tasks with the platform and
 * kernel state, and, when a plugin asks, each container's devices
 * ({@link io.numaagent.runner.tasks.TaskDeviceCache}, read once per container). What they know of the machine they ask of {@code host/}'s readers.
 */
package io.numaagent.runner.tasks;
