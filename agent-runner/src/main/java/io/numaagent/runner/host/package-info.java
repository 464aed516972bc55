/**
 * Reads the machine: the one package that opens sysfs, procfs and cgroupfs files for reading,
 * always under the injected {@link io.numaagent.runner.host.HostPaths} roots so that tests run on
 * fixture trees.
 *
 * <p>Parsers are pure functions over the text as the kernel prints it
 * ({@link io.numaagent.runner.host.ProcStatus}, {@link io.numaagent.runner.host.ProcMaps},
 * {@link io.numaagent.runner.host.ProcParsers}, {@link io.numaagent.runner.host.HostFiles}'s
 * list and meminfo parsers); readers are thin layers over them that report what is missing or
 * garbled to {@link io.numaagent.runner.host.ReadProblems} and carry on: platform, kernel state,
 * cgroup task measurements, one process's files ({@link io.numaagent.runner.host.ProcessFiles}),
 * and whether this process may write at all ({@link io.numaagent.runner.host.WriteAccess}).
 * {@link io.numaagent.runner.host.CgroupLayout} says where a cgroup's files live on v1 and v2.
 */
package io.numaagent.runner.host;
