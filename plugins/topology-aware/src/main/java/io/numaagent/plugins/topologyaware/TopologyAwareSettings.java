package io.numaagent.plugins.topologyaware;

import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.plugins.topologyaware.alloc.CpuPriority;
import io.numaagent.plugins.topologyaware.irq.InterruptPatterns;
import io.numaagent.plugins.topologyaware.pools.PoolKind;
import io.numaagent.plugins.topologyaware.cpuclass.CpuClassSettings;
import io.numaagent.plugins.topologyaware.sched.SchedulingClasses;
import java.util.List;

/**
 * The plugin's config keys, named, shaped and defaulted as the reference's {@code TopologyAwarePolicy}
 * spec (its CRD defaults; {@code reservedResources} is required there, and defaults here to its Helm
 * chart's {@code {cpu: 750m}}), and the values read from them.
 */
record TopologyAwareSettings(boolean pinCpu, boolean pinMemory, boolean preferIsolated, boolean preferShared,
                             boolean colocatePods, boolean colocateNamespaces, List<String> reservedNamespaces,
                             String availableCpus, String reservedCpus, CpuPriority defaultPriority,
                             String unlimitedBurstable, boolean enableTestApis,
                             SchedulingClasses schedulingClasses, InterruptPatterns controllableInterrupts,
                             CpuClassSettings cpuClasses) {

    static final ConfigKey<Boolean> PIN_CPU = ConfigKey.bool("pinCPU", true,
            "Set containers' cpuset.cpus to their grant (exclusive, shared, mixed or reserved CPUs), and their CPU "
                    + "weight to the grant's shares.");
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
    static final ConfigKey<CpuResource> AVAILABLE_RESOURCES = ConfigKey.tree("availableResources", CpuResource.class,
            "mapping {cpu: ...}", v -> CpuResource.read("availableResources", v, false),
            "The CPUs the policy may use: cpu: \"cpuset:<list>\" or \"exclude-cpuset:<list>\" (of the online CPUs); "
                    + "without cpu, every online CPU.").withDefault(CpuResource.ALL);
    static final ConfigKey<CpuResource> RESERVED_RESOURCES = ConfigKey.tree("reservedResources", CpuResource.class,
            "mapping {cpu: ...}", v -> CpuResource.read("reservedResources", v, true),
            "CPUs for kube-system and reserved-namespace containers: cpu: a quantity (750m, 2, 1.5: that many CPUs, "
                    + "rounded up, picked by the CPU allocator from the available non-isolated ones), "
                    + "\"cpuset:<list>\" or \"exclude-cpuset:<list>\". Required by the reference; the default is its "
                    + "Helm chart's.").withDefault(new CpuResource("750m"));
    static final ConfigKey<String> DEFAULT_CPU_PRIORITY = ConfigKey.choice("defaultCPUPriority", "none",
            List.of("high", "normal", "low", "none"),
            "CPU priority preferred for exclusive CPUs when not annotated (priorities come from cpufreq base "
                    + "frequencies, EPP and E-cores; without them every CPU is of normal priority).");
    static final ConfigKey<String> UNLIMITED_BURSTABLE = ConfigKey.choice("unlimitedBurstable", "package",
            List.of("system", "package", "die", "numa", "l3cache"),
            "Topology level preferred for Burstable containers without a CPU limit (the nearest existing level is "
                    + "used).");
    static final ConfigKey<SchedulingClasses.ClassList> SCHEDULING_CLASSES = ConfigKey.tree("schedulingClasses",
            SchedulingClasses.ClassList.class, "list of {name, policy, priority, flags, nice, runtime, deadline, "
                    + "period, ioClass, ioPriority}", v -> SchedulingClasses.readClasses("schedulingClasses", v),
            "Scheduling classes a container may be given (annotation scheduling-class, or the defaults below): "
                    + "policy (none, other, fifo, rr, batch, idle, deadline), priority (1..99 for fifo and rr), flags "
                    + "(reset-on-fork, reclaim, dl-overrun, util-clamp-min, util-clamp-max; keep-policy and keep-params "
                    + "are refused), nice (-20..19), runtime, deadline and period (ns, deadline only), ioClass (none, "
                    + "rt, be, idle) and ioPriority (0..7). Each container's class is set on every thread of the "
                    + "container whose scheduling differs from it (set-scheduling-class), and shown (prompt command "
                    + "scheduling).").withDefault(SchedulingClasses.ClassList.EMPTY);
    static final ConfigKey<SchedulingClasses.ClassNames> NAMESPACE_SCHEDULING_CLASSES = ConfigKey.tree(
            "namespaceSchedulingClasses", SchedulingClasses.ClassNames.class, "mapping namespace: class",
            v -> SchedulingClasses.readNames("namespaceSchedulingClasses", v, false),
            "The scheduling class of the containers of a namespace that are not annotated with one; before "
                    + "podQoSSchedulingClasses.").withDefault(SchedulingClasses.ClassNames.EMPTY);
    static final ConfigKey<SchedulingClasses.ClassNames> POD_QOS_SCHEDULING_CLASSES = ConfigKey.tree(
            "podQoSSchedulingClasses", SchedulingClasses.ClassNames.class, "mapping QoS class: class",
            v -> SchedulingClasses.readNames("podQoSSchedulingClasses", v, true),
            "The scheduling class of the containers of a QoS class (Guaranteed, Burstable, BestEffort) that are "
                    + "neither annotated with one nor in a namespace that has one.")
            .withDefault(SchedulingClasses.ClassNames.EMPTY);

    static final ConfigKey<InterruptPatterns> CONTROLLABLE_INTERRUPTS = ConfigKey.tree("controllableInterrupts",
            InterruptPatterns.class, "list of globs", v -> InterruptPatterns.read("controllableInterrupts", v),
            "The interrupts whose CPU affinity the policy may set (annotation irq-affinity): globs (Go's path.Match) "
                    + "over their descriptions in /proc/interrupts, such as \"*nvme*\"; an empty list means every "
                    + "interrupt, as in the reference.").withDefault(InterruptPatterns.ALL);
    static final ConfigKey<CpuClassSettings.ClassList> CPU_CLASSES = ConfigKey.tree("cpuClasses",
            CpuClassSettings.ClassList.class, "list of {name, minFreq, maxFreq, energyPerformancePreference, "
                    + "uncoreMinFreq, uncoreMaxFreq, freqGovernor, disabledCstates, turboPriority}",
            v -> CpuClassSettings.readClasses("cpuClasses", v),
            "CPU classes: frequency limits (3.2GHz, 2900MHz, 2900000 kHz, or min, base, turbo of each CPU), "
                    + "energyPerformancePreference (a name the driver offers, or 0..255 on intel_pstate), uncore "
                    + "limits of the dies holding the class's CPUs (the highest of the classes there wins), cpufreq "
                    + "governor, cpuidle states to disable (the others enabled), and turboPriority (among the classes "
                    + "with CPUs in a package only the highest get turbo; the others get the base frequency). The "
                    + "shared, reserved and exclusive CPUs get their classes' settings (annotation cpu-class)."
    ).withDefault(CpuClassSettings.ClassList.EMPTY);
    static final ConfigKey<String> SHARED_POOL_CPU_CLASS = ConfigKey.string("sharedPoolCPUClass", "",
            "The class of the allowed CPUs, and of exclusive CPUs when they are released; required when cpuClasses "
                    + "are defined.");
    static final ConfigKey<String> RESERVED_POOL_CPU_CLASS = ConfigKey.string("reservedPoolCPUClass", "",
            "The class of the reserved CPUs; sharedPoolCPUClass when not given.");
    static final ConfigKey<String> DEFAULT_EXCLUSIVE_CPU_CLASS = ConfigKey.string("defaultExclusiveCPUClass", "",
            "The class of the exclusive CPUs of Guaranteed containers not annotated with cpu-class; none when not "
                    + "given (they keep the shared class).");

    static final ConfigKey<Boolean> ENABLE_TEST_APIS = ConfigKey.bool("enableTestAPIs", false,
            "Honour the test.topologyhints annotation (hints injected for tests), as the reference does with "
                    + "ENABLE_TEST_APIS=true in its environment.");

    static final List<ConfigKey<?>> KEYS = List.of(PIN_CPU, PIN_MEMORY, PREFER_ISOLATED, PREFER_SHARED,
            COLOCATE_PODS, COLOCATE_NAMESPACES, RESERVED_NAMESPACES, AVAILABLE_RESOURCES, RESERVED_RESOURCES,
            DEFAULT_CPU_PRIORITY, UNLIMITED_BURSTABLE, SCHEDULING_CLASSES, NAMESPACE_SCHEDULING_CLASSES,
            POD_QOS_SCHEDULING_CLASSES, CONTROLLABLE_INTERRUPTS, CPU_CLASSES, SHARED_POOL_CPU_CLASS,
            RESERVED_POOL_CPU_CLASS, DEFAULT_EXCLUSIVE_CPU_CLASS, ENABLE_TEST_APIS);

    static TopologyAwareSettings from(PluginConfig c) {
        return new TopologyAwareSettings(c.get(PIN_CPU), c.get(PIN_MEMORY), c.get(PREFER_ISOLATED),
                c.get(PREFER_SHARED), c.get(COLOCATE_PODS), c.get(COLOCATE_NAMESPACES), c.get(RESERVED_NAMESPACES),
                c.get(AVAILABLE_RESOURCES).cpu(), c.get(RESERVED_RESOURCES).cpu(),
                CpuPriority.of(c.get(DEFAULT_CPU_PRIORITY)),
                c.get(UNLIMITED_BURSTABLE), c.get(ENABLE_TEST_APIS),
                SchedulingClasses.of(c.get(SCHEDULING_CLASSES), NAMESPACE_SCHEDULING_CLASSES.name(),
                        c.get(NAMESPACE_SCHEDULING_CLASSES), POD_QOS_SCHEDULING_CLASSES.name(),
                        c.get(POD_QOS_SCHEDULING_CLASSES)), c.get(CONTROLLABLE_INTERRUPTS),
                CpuClassSettings.of(CPU_CLASSES.name(), c.get(CPU_CLASSES), SHARED_POOL_CPU_CLASS.name(),
                        c.get(SHARED_POOL_CPU_CLASS).strip(), RESERVED_POOL_CPU_CLASS.name(),
                        c.get(RESERVED_POOL_CPU_CLASS).strip(), DEFAULT_EXCLUSIVE_CPU_CLASS.name(),
                        c.get(DEFAULT_EXCLUSIVE_CPU_CLASS).strip()));
    }

    int unlimitedBurstableLevel() {
        return PoolKind.levelValueOf(unlimitedBurstable);
    }
}
