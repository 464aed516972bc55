package io.numaagent.plugins.topologyaware.pools;

import io.numaagent.api.CpuSet;

/**
 * The CPUs the policy may use ({@code availableResources}), those among them the kernel isolated
 * ({@code devices/system/cpu/isolated}) and those reserved for system and kube-system containers
 * ({@code reservedResources}).
 */
public record CpuClasses(CpuSet allowed, CpuSet isolated, CpuSet reserved) {
}
