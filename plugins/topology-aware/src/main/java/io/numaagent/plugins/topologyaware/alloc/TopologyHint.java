package io.numaagent.plugins.topologyaware.alloc;

/**
 * A topology hint of a container, in the reference's form: CPUs, NUMA nodes or sockets (the first
 * non-empty of these counts) it would like to be close to, by the provider that gave it: the sysfs
 * directory of a device the container uses (mounts and device nodes, as the runner reads them), or a
 * {@code test.topologyhints} annotation's provider.
 *
 * @param provider who gave the hint; of several hints by one provider the last counts
 * @param cpus     CPU list, e.g. {@code 0-3}, or empty
 * @param numas    comma list of NUMA node ids, or empty
 * @param sockets  comma list of socket ids, or empty
 */
public record TopologyHint(String provider, String cpus, String numas, String sockets) {
}
