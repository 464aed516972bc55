package io.numaagent.plugins.topologyaware;

import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.PodResources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.plugins.topologyaware.alloc.ContainerPreferences;
import io.numaagent.plugins.topologyaware.alloc.TopologyHint;
import io.numaagent.plugins.topologyaware.alloc.TopologyHints;
import io.numaagent.plugins.topologyaware.alloc.CpuPriority;
import io.numaagent.plugins.topologyaware.annotations.Affinity;
import io.numaagent.plugins.topologyaware.annotations.AnnotationProblem;
import io.numaagent.plugins.topologyaware.annotations.ContainerHints;
import io.numaagent.plugins.topologyaware.annotations.ContainerHintsResolver;
import io.numaagent.plugins.topologyaware.annotations.PathFilter;
import io.numaagent.plugins.topologyaware.annotations.TopologyHintSources;
import io.numaagent.plugins.topologyaware.annotations.ContainerInfo;
import io.numaagent.plugins.topologyaware.annotations.ProblemLog;
import io.numaagent.plugins.topologyaware.alloc.RequestBuilder;
import io.numaagent.plugins.topologyaware.annotations.AnnotationKey;
import io.numaagent.plugins.topologyaware.pools.MemoryType;
import io.numaagent.plugins.topologyaware.cpuclass.CpuClassSettings;
import io.numaagent.plugins.topologyaware.sched.SchedulingClasses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A task's annotations as the allocator's {@link ContainerPreferences}: resolved by the
 * {@code annotations} package (both families, container / pod / unscoped), malformed or unknown ones
 * logged once per container and ignored, the affinities (or, without any, the implicit ones of
 * {@code colocatePods} / {@code colocateNamespaces}) evaluated against the other units' containers.
 * Each unit ({@link PlacementUnit}: a task, or one container of a pod task) resolves the pod's
 * annotations for its own container.
 */
final class AnnotationPreferences {

    private final TopologyAwareSettings settings;
    private final PluginLogger log;
    private final ProblemLog problems = new ProblemLog();
    /** The container each unit of this cycle is, by unit id (a pod's container: its sub-cgroup). */
    private final Map<String, ContainerInfo> byUnit = new HashMap<>();
    /** What the kubelet assigned to each unit that is a pod's container and has any, by unit id. */
    private final Map<String, PodResources> podResources = new HashMap<>();

    AnnotationPreferences(TopologyAwareSettings settings, PluginLogger log) {
        this.settings = settings;
        this.log = log;
    }

    /** The units of this cycle; forgets the reported problems of containers that are gone. */
    void units(List<PlacementUnit> units) {
        byUnit.clear();
        podResources.clear();
        units.forEach(u -> byUnit.put(u.id(), u.container()));
        for (PlacementUnit u : units) {
            if (u.subCgroup() != null) {
                u.task().container(u.subCgroup()).map(Container::podResources).filter(r -> !r.isEmpty())
                        .ifPresent(r -> podResources.put(u.id(), r));
            }
        }
        problems.retainOnly(byUnit.keySet());
    }

    /** The preferences of a unit, given as the task the allocator sees ({@link PlacementUnit#view}). */
    ContainerPreferences of(Task task) {
        ContainerInfo self = containersOf(task).get(0);
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
                h.unlimitedBurstable().map(l -> l.configName()), other -> weight(affinities, other),
                hints(h, task));
    }

    /**
     * The unit's {@code irq-affinity} (Guaranteed containers only), or {@code null}. Its problems (a bad value,
     * another QoS class) are logged once by {@link #of}, which runs first.
     */
    IrqControl.Annotated irqAffinity(Task task) {
        ContainerInfo self = containersOf(task).get(0);
        ContainerHints h = ContainerHintsResolver.resolve(task.annotations(), self).hints();
        return h.irqAffinity().map(a -> new IrqControl.Annotated(self.prettyName(), a,
                h.containerScoped(AnnotationKey.IRQ_AFFINITY))).orElse(null);
    }

    /**
     * The scheduling class of a unit (given as its view): its {@code scheduling-class} annotation's, else
     * its namespace's, else its QoS class's. An annotation naming an unknown class is logged once and
     * ignored, as other bad annotations are.
     */
    SchedulingClasses.Choice schedulingClass(Task task) {
        ContainerInfo self = containersOf(task).get(0);
        Optional<String> annotated = ContainerHintsResolver.resolve(task.annotations(), self).hints()
                .schedulingClass();
        SchedulingClasses.Choice c = settings.schedulingClasses().resolve(annotated, self.pod().namespace(),
                RequestBuilder.qosOf(task));
        c.problem().ifPresent(why -> problems.firstTime(self.id(), List.of(new AnnotationProblem(
                AnnotationKey.SCHEDULING_CLASS.shortName(), annotated.orElse(""), why)))
                .forEach(p -> log.warn("{}: ignoring annotation: {}", self.prettyName(), p.message())));
        return c;
    }

    /**
     * The CPU class of a unit's exclusive CPUs (given as its view), or empty: its {@code cpu-class} annotation's
     * (Guaranteed containers only, as the annotations package resolves it), else for a Guaranteed container
     * {@code defaultExclusiveCPUClass}. An annotation naming an unknown class, or a container-scoped one on a
     * container without exclusive CPUs, is logged once and ignored (the reference fails the container).
     */
    Optional<String> cpuClass(Task task, boolean exclusive) {
        CpuClassSettings classes = settings.cpuClasses();
        if (classes.isEmpty()) {
            return Optional.empty();
        }
        ContainerInfo self = containersOf(task).get(0);
        ContainerHints h = ContainerHintsResolver.resolve(task.annotations(), self).hints();
        Optional<String> annotated = h.cpuClass();
        String problem = null;
        if (annotated.isPresent() && classes.named(annotated.get()).isEmpty()) {
            problem = "unknown CPU class \"" + annotated.get() + "\"";
        } else if (annotated.isPresent() && !exclusive && h.containerScoped(AnnotationKey.CPU_CLASS)) {
            problem = "CPU class \"" + annotated.get() + "\" needs exclusive CPUs; this container has none";
        } else if (annotated.isPresent()) {
            return annotated;
        }
        if (problem != null) {
            problems.firstTime(self.id(), List.of(new AnnotationProblem(AnnotationKey.CPU_CLASS.shortName(),
                    annotated.orElse(""), problem))).forEach(p -> log.warn("{}: ignoring annotation: {}",
                    self.prettyName(), p.message()));
        }
        boolean guaranteed = RequestBuilder.qosOf(task) == QosClass.GUARANTEED;
        return guaranteed && !classes.defaultExclusive().isEmpty() ? Optional.of(classes.defaultExclusive())
                : Optional.empty();
    }

    /**
     * The container's topology hints, as the reference generates them: none when {@code topologyhints}
     * is false or none; else those of its mounts, devices and pod resources (the kubelet's) that the
     * annotation names (all by default) and the allow/deny lists let through ({@link DeviceHints},
     * {@link PodResourceHints}), then with test APIs enabled those of {@code test.topologyhints} whose
     * provider the lists let through. {@code pick-resources-by-hints} makes them pick CPUs and memory too.
     */
    private TopologyHints hints(ContainerHints h, Task task) {
        TopologyHintSources sources = h.topologyHints().orElse(TopologyHintSources.ALL);
        if (sources.equals(TopologyHintSources.NONE)) {
            return TopologyHints.NONE;
        }
        List<TopologyHint> hints = new ArrayList<>(DeviceHints.of(task.devices(), sources, h.allowTopologyHints(),
                h.denyTopologyHints()));
        if (sources.podResources()) {
            hints.addAll(PodResourceHints.of(podResources.getOrDefault(task.id(), PodResources.NONE),
                    h.allowTopologyHints(), h.denyTopologyHints()));
        }
        if (settings.enableTestApis()) {
            h.testTopologyHints().orElse(List.of()).stream()
                    .filter(t -> !PathFilter.denied(t.provider(), h.allowTopologyHints(), h.denyTopologyHints()))
                    .map(t -> new TopologyHint(t.provider(), t.cpus(), t.numas(), t.sockets()))
                    .forEach(hints::add);
        }
        return hints.isEmpty() ? TopologyHints.NONE : new TopologyHints(hints, h.strictTopologyHints().orElse(false),
                h.pickResourcesByHints().orElse(false));
    }

    private List<ContainerInfo> containersOf(Task unitView) {
        ContainerInfo c = byUnit.get(unitView.id());
        return c != null ? List.of(c) : ContainerInfo.allOf(unitView);
    }

    /** The summed weight of the affinities whose scope and match take in the other task's containers. */
    private int weight(List<Affinity> affinities, Task other) {
        int w = 0;
        for (ContainerInfo c : containersOf(other)) {
            for (Affinity a : affinities) {
                if (a.scope().evaluate(c) && a.match().evaluate(c)) {
                    w += a.weight();
                }
            }
        }
        return w;
    }
}
