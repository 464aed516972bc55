/**
 * Container placement in the pool tree: a container becomes a {@link
 * io.numaagent.plugins.topologyaware.alloc.Request} (QoS, whole and fractional CPUs, memory kinds),
 * pools are ranked for it in the reference's comparison order (with topology hint scores and CPU
 * priorities), and the {@link
 * io.numaagent.plugins.topologyaware.alloc.Allocator} takes exclusive CPUs (by the reference CPU
 * allocator's order: {@link io.numaagent.plugins.topologyaware.alloc.CpuPicker} over the machine's
 * packages, clusters, cache groups, cores and CPU priorities), shared and reserved milli-CPU and a memory
 * zone, and gives them back on release.
 * {@link io.numaagent.plugins.topologyaware.alloc.ContainerPreferences} is where annotations come in.
 */
package io.numaagent.plugins.topologyaware.alloc;
