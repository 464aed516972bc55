package io.numaagent.plugins.topologyaware.annotations;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a pod's annotations say about one of its containers; empty where nothing (usable) is
 * annotated, in which case the config or the built-in default applies (the allocator decides).
 * Built by {@link ContainerHintsResolver}.
 *
 * @param preferIsolatedCpus   effective value of prefer- or require-isolated-cpus (whichever wins)
 * @param requireIsolatedCpus  true when require-isolated-cpus won: fewer isolated CPUs than the
 *                             exclusive count fails the allocation
 * @param preferSharedCpus     prefer-shared-cpus
 * @param preferReservedCpus   prefer-reserved-cpus (an explicit false beats the reserved-namespace rule)
 * @param cpuPriority          prefer-cpu-priority
 * @param hideHyperthreads     hide-hyperthreads
 * @param memoryTypes          memory-type; an empty set when annotated with an empty value, which the
 *                             reference treats as unspecified (the default types)
 * @param coldStart            cold-start duration, 0..1h (0: no cold start)
 * @param unlimitedBurstable   unlimited-burstable level
 * @param pickResourcesByHints pick-resources-by-hints
 * @param schedulingClass      scheduling-class name (checked against the config by the allocator)
 * @param cpuClass             cpu-class name; set only for Guaranteed containers
 * @param irqAffinity          irq-affinity; set only for Guaranteed containers
 * @param preserveCpu          cpu.preserve
 * @param preserveMemory       memory.preserve
 * @param topologyHints        topologyhints: which hint sources are on
 * @param strictTopologyHints  strict.topologyhints
 * @param allowTopologyHints   allow.topologyhints
 * @param denyTopologyHints    deny.topologyhints
 * @param testTopologyHints    test.topologyhints
 * @param affinities           the annotated affinities and anti-affinities (anti: negative weights);
 *                             implicit ones are added by {@link Affinity#withImplicit}
 * @param sources              the annotation each key's value came from (when require-isolated-cpus
 *                             wins, preferIsolatedCpus holds its value)
 */
public record ContainerHints(
        Optional<Boolean> preferIsolatedCpus,
        boolean requireIsolatedCpus,
        Optional<Boolean> preferSharedCpus,
        Optional<Boolean> preferReservedCpus,
        Optional<CpuPriority> cpuPriority,
        Optional<Boolean> hideHyperthreads,
        Optional<Set<MemoryType>> memoryTypes,
        Optional<Duration> coldStart,
        Optional<TopologyLevel> unlimitedBurstable,
        Optional<Boolean> pickResourcesByHints,
        Optional<String> schedulingClass,
        Optional<String> cpuClass,
        Optional<IrqAffinity> irqAffinity,
        Optional<Boolean> preserveCpu,
        Optional<Boolean> preserveMemory,
        Optional<TopologyHintSources> topologyHints,
        Optional<Boolean> strictTopologyHints,
        Optional<PathFilter> allowTopologyHints,
        Optional<PathFilter> denyTopologyHints,
        Optional<List<TestHint>> testTopologyHints,
        List<Affinity> affinities,
        Map<AnnotationKey, AnnotationSource> sources) {

    /** Nothing annotated. */
    public static final ContainerHints NONE = new ContainerHints(Optional.empty(), false, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
            Map.of());

    public ContainerHints {
        affinities = List.copyOf(affinities);
        sources = Map.copyOf(sources);
    }

    /** Where the value of a key came from, if it is set. */
    public Optional<AnnotationSource> source(AnnotationKey key) {
        return Optional.ofNullable(sources.get(key));
    }

    /** Whether the value of a key came from a container-scoped annotation (cpu-class and irq-affinity care). */
    public boolean containerScoped(AnnotationKey key) {
        return source(key).map(s -> s.scope() == AnnotationScope.CONTAINER).orElse(false);
    }

    /** Whether the container's CPU pinning is to be left alone. */
    public boolean cpuPreserved() {
        return preserveCpu.orElse(false);
    }

    /** Whether the container's memory pinning is to be left alone. */
    public boolean memoryPreserved() {
        return preserveMemory.orElse(false);
    }
}
