package io.numaagent.plugins.topologyaware.alloc;

/**
 * A topology hint of a container, in the reference's form: CPUs, NUMA nodes or sockets (the first
 * non-empty of these counts) it would like to be close to, by the provider that gave it. Today the
 * one source is the {@code test.topologyhints} annotation (the reference's own e2e mechanism); device,
 * mount and pod-resources hints need facts the snapshot does not carry.
 *
 * @param provider who gave the hint; of several hints by one provider the last counts
 * @param cpus     CPU list, e.g. {@code 0-3}, or empty
 * @param numas    comma list of NUMA node ids, or empty
 * @param sockets  comma list of socket ids, or empty
 */
public record TopologyHint(String provider, String cpus, String numas, String sockets) {
}
