/**
 * Reads the machine: the only package that opens files under sysfs, procfs and cgroupfs. Readers
 * turn them into the snapshot's records ({@link io.numaagent.runner.host.PlatformReader},
 * {@link io.numaagent.runner.host.KernelStateReader}, {@link io.numaagent.runner.host.TaskMeasurementReader})
 * and a cycle's view of the cgroup tree ({@link io.numaagent.runner.host.CgroupReads}); every path
 * is built from injected roots ({@link io.numaagent.runner.host.HostPaths}), the cgroup layout and
 * page size are given once ({@link io.numaagent.runner.host.Host}), and what cannot be read is
 * reported to {@link io.numaagent.runner.host.ReadProblems}, never thrown.
 */
package io.numaagent.runner.host;
