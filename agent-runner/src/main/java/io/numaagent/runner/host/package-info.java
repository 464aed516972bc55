/**
 * Reads the machine: the only package that reads files under sysfs, procfs and cgroupfs ({@code exec/}
 * writes cgroup files and sysctls), always under the injected {@link io.numaagent.runner.host.HostPaths}
 * roots so that tests run on fixture trees. The cgroup layout and page size are found once
 * ({@link io.numaagent.runner.host.Host}).
 *
 * <p>Parsers are pure functions over the text as the kernel prints it
 * ({@link io.numaagent.runner.host.ProcStatus}, {@link io.numaagent.runner.host.ProcMaps},
 * {@link io.numaagent.runner.host.ProcParsers}, {@link io.numaagent.runner.host.HostFiles}'s
 * list and meminfo parsers; {@link io.numaagent.runner.host.HostDirectories} lists directories). Readers are thin layers over them that turn files into the
 * snapshot's records ({@link io.numaagent.runner.host.PlatformReader},
 * {@link io.numaagent.runner.host.KernelStateReader},
 * {@link io.numaagent.runner.host.TaskMeasurementReader}), a cycle's view of the cgroup tree
 * ({@link io.numaagent.runner.host.CgroupReads}), one process's files
 * ({@link io.numaagent.runner.host.ProcessFiles}), the devices a container uses with their sysfs
 * locality ({@link io.numaagent.runner.host.ContainerDevices} over
 * {@link io.numaagent.runner.host.MountInfo} and {@link io.numaagent.runner.host.SysfsDeviceHints}) and whether this process may write at all
 * ({@link io.numaagent.runner.host.WriteAccess}); what is missing or garbled is reported to
 * {@link io.numaagent.runner.host.ReadProblems}, never thrown, and logged once while it lasts by
 * {@link io.numaagent.runner.host.ReadProblemLog}.
 * {@link io.numaagent.runner.host.CgroupLayout} says where a cgroup's files live on v1 and v2.
 * Every read is bounded in size ({@link io.numaagent.runner.host.HostFiles#MAX_FILE_BYTES}), so a
 * hostile or garbage file costs its field, not the agent's memory.
 *
 * <p>The readers run every cycle, so they keep what does not change between cycles: the topology
 * ({@code PlatformReader}, until {@code cpu/online} or {@code node/online} changes), whether the
 * kernel has {@code numa_balancing}, and of each measured cgroup which files are missing and the
 * text of its configuration files ({@link io.numaagent.runner.host.CgroupFileCache}: missing files
 * until the cgroup is created anew, cpusets and limits for about 10 s or until the agent writes
 * them). Each keeps a way to notice change, and each is tested for it.
 */
package io.numaagent.runner.host;
