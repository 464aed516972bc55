/**
 * The pool tree of the topology-aware policy: a virtual root (more than one socket), sockets, dies
 * (more than one per socket, unless each is one CPU cluster), NUMA nodes (more than one under their
 * parent) and L3 caches (more than one under the lowest of those), each with its CPU
 * supply (isolated, reserved and sharable CPUs, what is still free, the milli-CPU granted from it)
 * and its memory nodes by type (DRAM, PMEM, HBM). Built from the snapshot's {@code Platform}; knows
 * nothing of containers.
 */
package io.numaagent.plugins.topologyaware.pools;
