package io.numaagent.plugins.topologyaware;

import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.Task;
import io.numaagent.plugins.topologyaware.alloc.ContainerPreferences;
import io.numaagent.plugins.topologyaware.alloc.CpuPriority;
import io.numaagent.plugins.topologyaware.annotations.Affinity;
import io.numaagent.plugins.topologyaware.annotations.AnnotationProblem;
import io.numaagent.plugins.topologyaware.annotations.ContainerHints;
import io.numaagent.plugins.topologyaware.annotations.ContainerHintsResolver;
import io.numaagent.plugins.topologyaware.annotations.ContainerInfo;
import io.numaagent.plugins.topologyaware.annotations.ProblemLog;
import io.numaagent.plugins.topologyaware.pools.MemoryType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A task's annotations as the allocator's {@link ContainerPreferences}: resolved by the
 * {@code annotations} package (both families, container / pod / unscoped), malformed or unknown ones
 * logged once per container and ignored, the affinities (or, without any, the implicit ones of
 * {@code colocatePods} / {@code colocateNamespaces}) evaluated against other tasks' containers. A
 * task is placed as one container: a pod task with several containers takes its first container's.
 */
final class AnnotationPreferences {

    private final TopologyAwareSettings settings;
    private final PluginLogger log;
    private final ProblemLog problems = new ProblemLog();

    AnnotationPreferences(TopologyAwareSettings settings, PluginLogger log) {
        this.settings = settings;
        this.log = log;
    }

    /** Forgets the reported problems of containers that are gone. */
    void retainOnly(Set<String> liveContainerIds) {
        problems.retainOnly(liveContainerIds);
    }

    ContainerPreferences of(Task task) {
        ContainerInfo self = ContainerInfo.allOf(task).get(0);
        ContainerHintsResolver.Resolution r = ContainerHintsResolver.resolve(task.annotations(), self);
        for (AnnotationProblem p : problems.firstTime(self.id(), r.problems())) {
            log.warn("{}: ignoring annotation: {}", self.prettyName(), p.message());
        }
        ContainerHints h = r.hints();
        List<Affinity> affinities = Affinity.withImplicit(h.affinities(), self, settings.colocatePods(),
                settings.colocateNamespaces());
        OptionalInt memoryTypes = h.memoryTypes().filter(s -> !s.isEmpty()).map(s -> OptionalInt.of(s.stream()
                .mapToInt(t -> MemoryType.valueOf(t.name()).bit()).reduce(0, (a, b) -> a | b)))
                .orElse(OptionalInt.empty());
        Optional<CpuPriority> priority = h.cpuPriority().map(p -> switch (p) {
            case HIGH -> CpuPriority.HIGH;
            case NORMAL -> CpuPriority.NORMAL;
            case LOW -> CpuPriority.LOW;
            case NONE -> CpuPriority.NONE;
            case DEFAULT -> settings.defaultPriority();
        });
        return new ContainerPreferences(h.preserveCpu(), h.preserveMemory(), h.preferReservedCpus(),
                h.preferSharedCpus(), h.preferIsolatedCpus(), h.requireIsolatedCpus() ? Optional.of(true)
                : Optional.empty(), h.hideHyperthreads(), priority, memoryTypes, h.coldStart(),
                h.unlimitedBurstable().map(l -> l.configName()), other -> weight(affinities, other));
    }

    /** The summed weight of the affinities whose scope and match take in the other task's containers. */
    private static int weight(List<Affinity> affinities, Task other) {
        int w = 0;
        for (ContainerInfo c : ContainerInfo.allOf(other)) {
            for (Affinity a : affinities) {
                if (a.scope().evaluate(c) && a.match().evaluate(c)) {
                    w += a.weight();
                }
            }
        }
        return w;
    }
}
