package io.numaagent.plugins.topologyaware.alloc;

/**
 * A topology hint of a container, in the reference's form: CPUs, NUMA nodes or sockets (the first
 * non-empty of these counts) it would like to be close to, by the provider that gave it: the sysfs
 * directory of a device the container uses (mounts and device nodes, as the runner reads them),
 * {@value #POD_RESOURCES} and a resource name for a device the kubelet's pod-resources API lists, or a
 * {@code test.topologyhints} annotation's provider.
 *
 * @param provider who gave the hint; of several hints by one provider the last counts
 * @param cpus     CPU list, e.g. {@code 0-3}, or empty
 * @param numas    comma list of NUMA node ids, or empty
 * @param sockets  comma list of socket ids, or empty
 */
public record TopologyHint(String provider, String cpus, String numas, String sockets) {

    /** The provider prefix of hints from the kubelet's pod-resources API (the reference's). */
    public static final String POD_RESOURCES = "podresourceapi:";

    /** Whether the kubelet's pod-resources API gave this hint: {@code pick-resources-by-hints} picks by those only. */
    public boolean fromPodResources() {
        return provider.startsWith(POD_RESOURCES);
    }
}
