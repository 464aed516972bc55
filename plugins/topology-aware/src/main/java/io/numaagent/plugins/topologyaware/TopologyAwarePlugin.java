package io.numaagent.plugins.topologyaware;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.plugins.topologyaware.alloc.AllocationException;
import io.numaagent.plugins.topologyaware.alloc.Allocator;
import io.numaagent.plugins.topologyaware.alloc.ContainerPreferences;
import io.numaagent.plugins.topologyaware.alloc.CpuPicker;
import io.numaagent.plugins.topologyaware.alloc.CpuReservation;
import io.numaagent.plugins.topologyaware.alloc.Grant;
import io.numaagent.plugins.topologyaware.alloc.Request;
import io.numaagent.plugins.topologyaware.alloc.RequestBuilder;
import io.numaagent.plugins.topologyaware.pools.CpuClasses;
import io.numaagent.plugins.topologyaware.pools.MemoryType;
import io.numaagent.plugins.topologyaware.pools.PoolTree;
import io.numaagent.plugins.topologyaware.sched.SchedulingClasses;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The running policy. It places units ({@link PlacementUnit}): each container of a pod task that lists
 * its containers, else the task as one container; a container's decisions name its sub-cgroup. Each
 * cycle: containers that are gone are released; cold starts that are
 * due end; new containers are placed in the order the snapshot lists them; then every container whose
 * cpuset, CPU weight or memory set should change (from what it was last given, or from what its cgroup
 * shows) gets a {@code set-cpus} / {@code set-cpu-shares} / {@code set-mems} decision (and a container with a
 * scheduling class whose threads run otherwise a {@code set-scheduling-class}), so an exclusive
 * grant or a release updates every shared container of the affected pools in the same cycle; interrupts are steered
 * for containers annotated {@code irq-affinity} ({@link IrqControl}). Grants are saved in the state directory:
 * after a restart the same containers keep the same CPUs and memory (and as their cgroups already
 * show them, nothing is decided), and containers gone meanwhile are released.
 */
final class TopologyAwarePlugin implements Plugin, PluginCommands {

    private final TopologyAwareSettings settings;
    private final PluginContext context;
    private final GrantStore store;
    private final PoolMetrics metrics;
    private final TopologyAwareCommands commands = new TopologyAwareCommands();
    private final Map<String, CpuSet> lastCpus = new HashMap<>();
    private final Map<String, NodeSet> lastMems = new HashMap<>();
    private final Set<String> reportedFailures = new HashSet<>();
    /** The scheduling class of each placed unit with one, resolved when it was placed (as the reference: at creation). */
    private final Map<String, SchedulingClasses.Choice> schedulingClasses = new LinkedHashMap<>();
    private final SchedulingDecisions scheduling;
    private Map<String, SavedGrant> saved;
    private Platform platform;
    private Allocator allocator;
    private RequestBuilder requests;
    private final Function<Task, ContainerPreferences> preferences;
    private final AnnotationPreferences annotations;
    private final IrqControl irqs;
    /** The CPUs the policy may use ({@code availableResources}): what interrupts no container names get. */
    private CpuSet allowedCpus = CpuSet.EMPTY;
    private final CpuClassDecisions cpuClasses;
    /** The allowed, isolated and reserved CPUs of the current tree. */
    private CpuClasses cpuCategories;

    TopologyAwarePlugin(TopologyAwareSettings settings, PluginContext context) {
        this(settings, context, null);
    }

    /**
     * With {@code preferences} standing in for {@link #preferencesOf} where it returns non-null (tests of
     * preference-driven behaviour without writing annotations).
     */
    TopologyAwarePlugin(TopologyAwareSettings settings, PluginContext context,
                        Function<Task, ContainerPreferences> preferences) {
        this.preferences = preferences != null ? preferences : task -> null;
        this.annotations = new AnnotationPreferences(settings, context.log());
        this.settings = settings;
        this.context = context;
        this.store = new GrantStore(context.stateDirectory(), context.log());
        this.metrics = new PoolMetrics(context.metrics());
        this.scheduling = new SchedulingDecisions(context.instanceName());
        this.irqs = new IrqControl(settings.controllableInterrupts(), context.log());
        this.cpuClasses = new CpuClassDecisions(settings.cpuClasses(), settings.pinCpu(), context.log());
    }

    /**
     * The cpusets and CPU weight (to write only what changes; sizes come from requests), the interrupts
     * (irq-affinity: to set only the affinities that differ), and, when scheduling classes are configured,
     * how the threads run (to set a class only where they differ from it).
     */
    @Override
    public Set<Measurement> measurements() {
        EnumSet<Measurement> kinds = EnumSet.of(Measurement.CPUSETS, Measurement.CPU_WEIGHT, Measurement.INTERRUPTS);
        if (!settings.schedulingClasses().classes().isEmpty()) {
            kinds.add(Measurement.THREAD_SCHEDULING);
        }
        return kinds;
    }

    /** With {@code cpuClasses}: the CPUs' cpufreq and cpuidle settings and the uncore limits. */
    @Override
    public boolean readsCpuPower() {
        return cpuClasses.active();
    }

    /** Yes: a container's mounts and devices give its topology hints ({@code topologyhints}). */
    @Override
    public boolean readsTaskDevices() {
        return true;
    }

    /** Yes: the devices the kubelet assigned to a pod's containers give their topology hints ({@code pod-resources}). */
    @Override
    public boolean readsPodResources() {
        return true;
    }

    @Override
    public List<Decision> decide(Snapshot snapshot) {
        if (saved == null) {
            saved = store.load();
        }
        if (!samePlatform(snapshot.platform())) {
            rebuild(snapshot.platform());
        }
        forgetFailedDecisions(snapshot);
        scheduling.outcomes(snapshot);
        List<PlacementUnit> units = PlacementUnit.of(snapshot);
        annotations.units(units);
        boolean changed = release(units);
        changed |= !allocator.endColdStarts(snapshot.time()).isEmpty();
        changed |= place(units, snapshot);
        if (changed) {
            save();
        }
        List<Decision> decisions = decisions(units);
        decisions.addAll(irqs.decide(context.instanceName(), snapshot, allocator, allowedCpus));
        decisions.addAll(cpuClasses.decide(snapshot.sequence(), context.instanceName(), snapshot.platform(),
                snapshot.cpuPower(), cpuCategories, allocator));
        metrics.update(allocator);
        commands.cycleSeen(snapshot.sequence(), allocator, schedulingClasses);
        return decisions;
    }

    /** {@code pools}, {@code grants [CONTAINER]}, {@code scheduling} ({@link TopologyAwareCommands}), {@code cpu-classes}. */
    @Override
    public List<Command> commands() {
        List<Command> all = new ArrayList<>(commands.commands());
        all.addAll(cpuClasses.commands());
        return all;
    }

    /** The annotation preferences of a unit's view (with its affinities): the seam to the annotations. */
    ContainerPreferences preferencesOf(Task task) {
        return annotations.of(task);
    }

    private boolean samePlatform(Platform p) {
        return platform != null && platform.cpus().equals(p.cpus()) && platform.onlineCpus().equals(p.onlineCpus())
                && platform.nodes().stream().map(n -> List.of(n.id(), n.cpus(), n.memTotalBytes(), n.distances()))
                .toList().equals(p.nodes().stream().map(n -> List.of(n.id(), n.cpus(), n.memTotalBytes(),
                        n.distances())).toList());
    }

    /** Builds the tree for a (new) machine; grants made on the old one are reinstated like saved ones. */
    private void rebuild(Platform p) {
        CpuPicker picker = new CpuPicker(p);
        CpuClasses classes = CpuReservation.resolve(p, settings.availableCpus(), settings.reservedCpus(), picker);
        cpuCategories = classes;
        PoolTree tree = PoolTree.build(p, classes);
        allowedCpus = classes.allowed();
        if (allocator != null) {
            Map<String, SavedGrant> carried = new LinkedHashMap<>();
            allocator.grants().forEach(g -> carried.put(g.id(), SavedGrant.of(g)));
            carried.putAll(saved);
            saved = carried;
        }
        platform = p;
        allocator = new Allocator(tree, picker, context.log());
        int types = 0;
        for (MemoryType t : MemoryType.values()) {
            if (!tree.root().memset(t.bit()).isEmpty()) {
                types |= t.bit();
            }
        }
        requests = new RequestBuilder(new RequestBuilder.Settings(settings.preferIsolated(), settings.preferShared(),
                settings.reservedNamespaces(), settings.defaultPriority(), settings.unlimitedBurstableLevel(), types,
                false));
        context.log().info("pool tree:\n{}", tree.describe());
    }

    /** A decision of ours that failed or was rejected is made again: forget what we thought was set. */
    private void forgetFailedDecisions(Snapshot snapshot) {
        for (Outcome o : snapshot.outcomesOf(context.instanceName())) {
            if (o.status() == Outcome.Status.FAILED || o.status() == Outcome.Status.REJECTED) {
                if (o.decision() instanceof SetCpus c) {
                    lastCpus.remove(c.subCgroup() != null ? c.subCgroup() : c.task());
                } else if (o.decision() instanceof SetMems m) {
                    lastMems.remove(m.subCgroup() != null ? m.subCgroup() : m.task());
                }
            }
        }
    }

    private boolean release(List<PlacementUnit> units) {
        Set<String> present = new HashSet<>();
        units.forEach(u -> present.add(u.id()));
        boolean changed = saved.keySet().removeIf(id -> !present.contains(id));
        for (Grant g : List.copyOf(allocator.grants())) {
            if (!present.contains(g.id())) {
                allocator.release(g.id());
                context.log().info("released {}", g);
                changed = true;
            }
        }
        lastCpus.keySet().retainAll(present);
        lastMems.keySet().retainAll(present);
        reportedFailures.retainAll(present);
        schedulingClasses.keySet().retainAll(present);
        scheduling.retain(present);
        irqs.retainOnly(present);
        cpuClasses.retain(present);
        return changed;
    }

    private boolean place(List<PlacementUnit> units, Snapshot snapshot) {
        boolean changed = false;
        for (PlacementUnit unit : units) {
            Task task = unit.view();
            if (allocator.grant(task.id()) != null) {
                continue;
            }
            Request req = requests.build(task, preferences(task), affinity(task, units));
            SavedGrant s = saved.remove(task.id());
            try {
                Grant g = s != null ? restore(req, s, snapshot) : allocator.allocate(req, null, snapshot.time());
                context.log().info("placed {} ({}): {}", task.id(), req, g);
                SchedulingClasses.Choice sc = annotations.schedulingClass(task);
                if (sc.schedulingClass().isPresent()) {
                    schedulingClasses.put(task.id(), sc);
                }
                irqs.placed(g, annotations.irqAffinity(task));
                cpuClasses.placed(task.id(), annotations.cpuClass(task, !g.exclusive().isEmpty()));
                reportedFailures.remove(task.id());
                changed = true;
            } catch (AllocationException e) {
                metrics.failed();
                if (reportedFailures.add(task.id())) {
                    context.log().warn("cannot place {} ({}): {}", task.id(), req, e.getMessage());
                }
            }
        }
        return changed;
    }

    private Grant restore(Request req, SavedGrant s, Snapshot snapshot) throws AllocationException {
        try {
            return allocator.reinstate(req, s.pool(), s.cpuType(), s.exclusive(), s.portion(), s.memZone(),
                    s.memTypes(), s.coldStartEnds());
        } catch (AllocationException e) {
            context.log().warn("cannot reinstate the saved grant of {}: {}; placing it again", s.task(), e.getMessage());
            return allocator.allocate(req, s.pool(), snapshot.time());
        }
    }

    private ContainerPreferences preferences(Task task) {
        ContainerPreferences p = preferences.apply(task);
        return p != null ? p : preferencesOf(task);
    }

    private Map<String, Integer> affinity(Task task, List<PlacementUnit> units) {
        ToIntFunction<Task> weight = preferences(task).affinity();
        Map<String, Integer> weights = new HashMap<>();
        for (PlacementUnit u : units) {
            Task other = u.view();
            if (!other.id().equals(task.id()) && allocator.grant(other.id()) != null) {
                int w = weight.applyAsInt(other);
                if (w != 0) {
                    weights.put(other.id(), w);
                }
            }
        }
        return weights;
    }

    private List<Decision> decisions(List<PlacementUnit> units) {
        String name = context.instanceName();
        List<Decision> out = new ArrayList<>();
        for (PlacementUnit unit : units) {
            Task task = unit.view();
            Grant g = allocator.grant(task.id());
            if (g == null) {
                continue;
            }
            String reason = g.kind() + " CPUs of " + g.pool().name();
            CpuSet cpus = settings.pinCpu() ? allocator.cpusOf(g) : null;
            if (cpus != null && changes(task.measurements().cpus(), lastCpus.put(task.id(), cpus), cpus)) {
                out.add(new SetCpus(name, unit.task().id(), unit.subCgroup(), cpus, reason));
            }
            long shares = settings.pinCpu() ? CpuShares.of(g) : -1;
            if (shares > 0 && sharesChange(task.measurements().cpuWeight(), shares)) {
                out.add(new SetCpuShares(name, unit.task().id(), unit.subCgroup(), shares, CpuShares.reason(g)));
            }
            NodeSet mems = settings.pinMemory() ? allocator.memsOf(g) : null;
            if (mems != null && changes(task.measurements().mems(), lastMems.put(task.id(), mems), mems)) {
                out.add(new SetMems(name, unit.task().id(), unit.subCgroup(), mems, MemoryType.names(g.memTypes()) + " memory of "
                        + g.pool().name()));
            }
            SchedulingClasses.Choice sc = schedulingClasses.get(task.id());
            if (sc != null) {
                scheduling.of(unit, sc.schedulingClass(), sc.source()).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * Whether a set must be written: what the cgroup shows differs from what it should be; where the
     * cgroup shows nothing (not read, or not set), whether it differs from what we decided last.
     */
    private static boolean changes(Object measured, Object last, Object wanted) {
        return measured.toString().isEmpty() ? !wanted.equals(last) : !measured.equals(wanted);
    }

    /**
     * Whether the weight must be written: the cgroup shows a weight file ({@code cpu.weight} or
     * {@code cpu.shares}), and it holds another value than the shares give on this cgroup version. Without
     * the file (the cpu controller is not enabled for the cgroup, or it is no cgroup) there is nothing to set.
     */
    private boolean sharesChange(long measured, long wanted) {
        return measured >= 0 && measured != SetCpuShares.fileValue(wanted, platform.cgroupVersion());
    }

    private void save() {
        List<SavedGrant> out = new ArrayList<>();
        allocator.grants().forEach(g -> out.add(SavedGrant.of(g)));
        // saved grants of tasks not seen yet this run stay until their task shows up or is gone
        saved.values().stream().filter(s -> allocator.grant(s.task()) == null).forEach(out::add);
        store.save(out);
    }

    /** The allocator (for tests and the pool dump). */
    Allocator allocator() {
        return Objects.requireNonNull(allocator, "no snapshot seen yet");
    }
}
