package io.numaagent.plugins.topologyaware;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.plugins.topologyaware.alloc.CpuPriority;
import io.numaagent.plugins.topologyaware.pools.PoolKind;
import java.util.List;

/**
 * The plugin's config keys, named and defaulted as the reference's {@code TopologyAwarePolicy} spec
 * (its CRD defaults; {@code reservedResources.cpu} and {@code availableResources.cpu} become the flat
 * keys {@code reservedCPUs} and {@code availableCPUs}), and the values read from them.
 */
record TopologyAwareSettings(boolean pinCpu, boolean pinMemory, boolean preferIsolated, boolean preferShared,
                             boolean colocatePods, boolean colocateNamespaces, List<String> reservedNamespaces,
                             String availableCpus, String reservedCpus, CpuPriority defaultPriority,
                             String unlimitedBurstable) {

    static final ConfigKey<Boolean> PIN_CPU = ConfigKey.bool("pinCPU", true,
            "Set containers' cpuset.cpus to their grant (exclusive, shared, mixed or reserved CPUs).");
    static final ConfigKey<Boolean> PIN_MEMORY = ConfigKey.bool("pinMemory", true,
            "Set containers' cpuset.mems to their memory zone.");
    static final ConfigKey<Boolean> PREFER_ISOLATED = ConfigKey.bool("preferIsolatedCPUs", true,
            "Take kernel-isolated CPUs (isolcpus) for a Guaranteed container's single exclusive CPU when the pool has "
                    + "them; more than one exclusive CPU is isolated only when annotated.");
    static final ConfigKey<Boolean> PREFER_SHARED = ConfigKey.bool("preferSharedCPUs", false,
            "Run Guaranteed containers of whole CPUs on the shared CPUs instead of exclusive ones, unless annotated "
                    + "otherwise.");
    static final ConfigKey<Boolean> COLOCATE_PODS = ConfigKey.bool("colocatePods", false,
            "Implicit affinity of weight 10 between the containers of one pod (label io.kubernetes.pod.uid), for "
                    + "containers without an explicit affinity.");
    static final ConfigKey<Boolean> COLOCATE_NAMESPACES = ConfigKey.bool("colocateNamespaces", false,
            "Implicit affinity of weight 10 between the containers of one namespace, for containers without an "
                    + "explicit affinity.");
    static final ConfigKey<List<String>> RESERVED_NAMESPACES = ConfigKey.stringList("reservedPoolNamespaces",
            List.of(), "Namespaces (shell globs) whose containers run on the reserved CPUs, like kube-system (always "
                    + "included) unless annotated prefer-reserved-cpus: false.");
    static final ConfigKey<String> AVAILABLE_CPUS = ConfigKey.string("availableCPUs", "",
            "availableResources.cpu: the CPUs the policy may use, cpuset:<list> or exclude-cpuset:<list>; empty for "
                    + "every online CPU.");
    static final ConfigKey<String> RESERVED_CPUS = ConfigKey.string("reservedCPUs", "750m",
            "reservedResources.cpu: a quantity (750m: one CPU picked by the CPU allocator), cpuset:<list> or "
                    + "exclude-cpuset:<list>. Required by the reference; the default is its Helm chart's 750m.");
    static final ConfigKey<String> DEFAULT_CPU_PRIORITY = ConfigKey.choice("defaultCPUPriority", "none",
            List.of("high", "normal", "low", "none"),
            "CPU priority preferred for exclusive CPUs when not annotated (every CPU is of normal priority while the "
                    + "snapshot carries no base frequencies).");
    static final ConfigKey<String> UNLIMITED_BURSTABLE = ConfigKey.choice("unlimitedBurstable", "package",
            List.of("system", "package", "die", "numa", "l3cache"),
            "Topology level preferred for Burstable containers without a CPU limit (the nearest existing level is "
                    + "used).");

    static final List<ConfigKey<?>> KEYS = List.of(PIN_CPU, PIN_MEMORY, PREFER_ISOLATED, PREFER_SHARED,
            COLOCATE_PODS, COLOCATE_NAMESPACES, RESERVED_NAMESPACES, AVAILABLE_CPUS, RESERVED_CPUS,
            DEFAULT_CPU_PRIORITY, UNLIMITED_BURSTABLE);

    static TopologyAwareSettings from(PluginConfig c) {
        String reserved = c.get(RESERVED_CPUS);
        if (reserved.isBlank()) {
            throw new ConfigException(RESERVED_CPUS.name(), "'reservedCPUs' must not be empty: cannot start without "
                    + "CPU reservation");
        }
        for (String key : List.of(AVAILABLE_CPUS.name(), RESERVED_CPUS.name())) {
            String v = (String) c.asMap().get(key);
            if (!v.isBlank() && !v.startsWith("cpuset:") && !v.startsWith("exclude-cpuset:")
                    && !(key.equals(RESERVED_CPUS.name()) && v.strip().matches("\\d+m?"))) {
                throw new ConfigException(key, "'" + key + "' must be cpuset:<list>, exclude-cpuset:<list>"
                        + (key.equals(RESERVED_CPUS.name()) ? " or a CPU quantity like 750m" : "") + "; got \"" + v + "\"");
            }
        }
        return new TopologyAwareSettings(c.get(PIN_CPU), c.get(PIN_MEMORY), c.get(PREFER_ISOLATED),
                c.get(PREFER_SHARED), c.get(COLOCATE_PODS), c.get(COLOCATE_NAMESPACES), c.get(RESERVED_NAMESPACES),
                c.get(AVAILABLE_CPUS), reserved, CpuPriority.of(c.get(DEFAULT_CPU_PRIORITY)),
                c.get(UNLIMITED_BURSTABLE));
    }

    int unlimitedBurstableLevel() {
        return PoolKind.levelValueOf(unlimitedBurstable);
    }
}
