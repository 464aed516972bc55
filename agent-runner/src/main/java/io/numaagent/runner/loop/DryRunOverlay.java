package io.numaagent.runner.loop;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.api.snapshot.ThreadScheduling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Dry-run shows the plan once: the decisions printed in dry-run (outcome {@code dry-run}) are fed
 * back into the following snapshots as if they had been applied, so that plugins see their plan
 * carried out and do not decide (and print) the same thing again every cycle.
 *
 * <p>Wraps the snapshot source of a dry-run agent. What the plan changes in a task's view:
 * {@code set-cpus} its {@code cpuset.cpus} and {@code cpuset.cpus.effective}; {@code set-mems} its
 * {@code cpuset.mems} and {@code cpuset.mems.effective} (of one sub-cgroup: that container's sets);
 * {@code set-cpu-shares} its (or that container's) CPU weight as the file would hold it;
 * {@code set-scheduling-class} how its (or that container's) threads run, as the class sets them;
 * {@code set-memory-migrate} its
 * {@code memory_migrate}; {@code migrate-memory} its per-node memory (each cycle's measured bytes on
 * the source nodes shown on the target node) and, by the same bytes, the nodes' free and used
 * memory. {@code set-numa-balancing} changes the kernel's mode, {@code set-irq-affinity} an interrupt's
 * {@code smp_affinity_list} ({@link IrqAffinityPlans}); {@code set-cpu-class} and
 * {@code set-uncore-frequency} the CPUs' settings in {@code cpuPower} ({@link CpuPowerPlan}). {@code move-pages} and
 * {@code swap-out} are about address ranges, which the snapshot does not show; they are not fed back.
 *
 * <p>A plan holds while the real state is what it was when the plan was made: it is dropped, and
 * the measured state shown again, when the task is gone, when its measured cpuset files
 * ({@code cpus}, {@code mems}, their effective sets, {@code memory_migrate}, the CPU weight) or its threads'
 * scheduling (a thread started or ended) differ from what they were when the first decision of the plan was made (someone else changed them, or they were
 * applied), or, for memory moves, when its processes differ (other processes' memory was never
 * planned to move). A machine-wide plan ends when the measured {@code numa_balancing} changes.
 *
 * <p>Telemetry should describe the machine, not the plan: {@link #measuredSnapshots} hands the
 * observer the measured snapshot of each cycle.
 */
public final class DryRunOverlay implements SnapshotSource {

    /** Memory moves kept per task; older ones drop out (a plan that moves memory back and forth). */
    static final int MAX_MOVES_PER_TASK = 8;

    /** The task's cpuset files as measured; a plan holds while they stay so. */
    private record Cpuset(CpuSet cpus, NodeSet mems, CpuSet effectiveCpus, NodeSet effectiveMems,
                          boolean memoryMigrate, long cpuWeight) {
        static Cpuset of(TaskMeasurements m) {
            return new Cpuset(m.cpus(), m.mems(), m.effectiveCpus(), m.effectiveMems(), m.memoryMigrate(),
                    m.cpuWeight());
        }
    }

    /** What is planned for one task: {@code null} fields are not planned. */
    private static final class TaskPlan {
        final Cpuset basis;
        CpuSet cpus;
        NodeSet mems;
        Boolean memoryMigrate;
        /** The planned CPU weight as the file would hold it. */
        Long cpuWeight;
        /** Planned sets and weights of single sub-cgroups (containers), by sub-cgroup. */
        final Map<String, CpuSet> containerCpus = new HashMap<>();
        final Map<String, NodeSet> containerMems = new HashMap<>();
        final Map<String, Long> containerWeights = new HashMap<>();
        /** Planned scheduling classes: by sub-cgroup, the whole task's under "". */
        final Map<String, SchedulingParameters> scheduling = new HashMap<>();
        /** The task's threads' scheduling as measured when the plan was made. */
        List<ThreadScheduling> threadBasis = List.of();
        /** The task's processes when its memory moves were planned. */
        List<Integer> movedPids = List.of();
        final List<MigrateMemory> moves = new ArrayList<>();

        TaskPlan(Cpuset basis) {
            this.basis = basis;
        }

        boolean isEmpty() {
            return cpus == null && mems == null && memoryMigrate == null && cpuWeight == null && moves.isEmpty()
                    && containerCpus.isEmpty() && containerMems.isEmpty() && containerWeights.isEmpty()
                    && scheduling.isEmpty();
        }
    }

    /** A planned {@code numa_balancing} mode and the measured one it replaces. */
    private record BalancingPlan(int mode, int basis) {
    }

    private final SnapshotSource measured;
    private final Map<String, TaskPlan> plans = new HashMap<>();
    private BalancingPlan balancing;
    private final IrqAffinityPlans irqPlans = new IrqAffinityPlans();
    private final CpuPowerPlan cpuPower = new CpuPowerPlan();
    private Snapshot lastMeasured;

    /** @param measured the snapshots of the machine (the live collector, possibly recording) */
    public DryRunOverlay(SnapshotSource measured) {
        this.measured = measured;
    }

    @Override
    public Optional<Snapshot> next(long sequence, List<Outcome> previous) {
        Optional<Snapshot> next = measured.next(sequence, previous);
        if (next.isEmpty()) {
            return next;
        }
        Snapshot real = next.get();
        if (lastMeasured != null) {
            plan(previous, lastMeasured);
        }
        lastMeasured = real;
        dropWhatChanged(real);
        return Optional.of(plans.isEmpty() && balancing == null && irqPlans.isEmpty() && cpuPower.isEmpty()
                ? real : overlay(real));
    }

    /** Tasks with a plan in force, for tests. */
    int plannedTasks() {
        return plans.size();
    }

    /** Memory moves planned for a task, for tests. */
    int plannedMoves(String task) {
        TaskPlan p = plans.get(task);
        return p == null ? 0 : p.moves.size();
    }

    /**
     * An observer that gets each cycle's measured snapshot instead of the overlaid one (gauges of
     * node memory and {@code numa_balancing} report the machine); the rest goes to {@code inner}.
     */
    public LoopObserver measuredSnapshots(LoopObserver inner) {
        return new LoopObserver() {
            @Override
            public void snapshotTaken(Snapshot snapshot) {
                inner.snapshotTaken(lastMeasured != null ? lastMeasured : snapshot);
            }

            @Override
            public void pluginRan(String plugin, Duration took, boolean failed) {
                inner.pluginRan(plugin, took, failed);
            }

            @Override
            public void outcomes(List<Outcome> outcomes) {
                inner.outcomes(outcomes);
            }

            @Override
            public void cycleEnded(Duration took, Duration cpu) {
                inner.cycleEnded(took, cpu);
            }
        };
    }

    /** Adds the previous cycle's dry-run decisions to the plan; {@code basis} is the snapshot they were made on. */
    private void plan(List<Outcome> previous, Snapshot basis) {
        for (Outcome o : previous) {
            if (o.status() != Outcome.Status.DRY_RUN || o.cycle() != basis.sequence()) {
                continue;
            }
            Decision d = o.decision();
            if (d instanceof SetNumaBalancing nb) {
                int measuredMode = balancing != null ? balancing.basis() : basis.kernel().numaBalancing();
                balancing = new BalancingPlan(nb.mode(), measuredMode);
                continue;
            }
            if (d instanceof SetIrqAffinity irq) {
                irqPlans.plan(irq, basis);
                continue;
            }
            if (d instanceof SetCpuClass || d instanceof SetUncoreFrequency) {
                cpuPower.plan(d, basis.cpuPower());
                continue;
            }
            Task task = d.task() == null ? null : basis.task(d.task()).orElse(null);
            if (task == null) {
                continue;
            }
            TaskPlan p = plans.computeIfAbsent(task.id(), id -> new TaskPlan(Cpuset.of(task.measurements())));
            if (p.isEmpty()) {
                p.threadBasis = task.threadScheduling();
            }
            if (d instanceof SetCpus sc && sc.subCgroup() != null) {
                p.containerCpus.put(sc.subCgroup(), sc.cpus());
            } else if (d instanceof SetMems sm && sm.subCgroup() != null) {
                p.containerMems.put(sm.subCgroup(), sm.mems());
            } else if (d instanceof SetCpus sc) {
                p.cpus = sc.cpus();
            } else if (d instanceof SetMems sm) {
                p.mems = sm.mems();
            } else if (d instanceof SetMemoryMigrate mig) {
                p.memoryMigrate = mig.enabled();
            } else if (d instanceof SetCpuShares cs) {
                long weight = cs.fileValue(basis.platform().cgroupVersion());
                if (cs.subCgroup() != null) {
                    p.containerWeights.put(cs.subCgroup(), weight);
                } else {
                    p.cpuWeight = weight;
                }
            } else if (d instanceof SetSchedulingClass sch) {
                p.scheduling.put(sch.subCgroup() == null ? "" : sch.subCgroup(), sch.parameters());
            } else if (d instanceof MigrateMemory mm) {
                planMove(p, mm, task.pids());
            }
        }
    }

    private static void planMove(TaskPlan p, MigrateMemory mm, List<Integer> pids) {
        if (!p.movedPids.equals(pids) || mm.from().isEmpty()) {
            p.moves.clear(); // a move from every node supersedes the earlier ones
        }
        p.movedPids = pids;
        p.moves.add(mm);
        if (p.moves.size() > MAX_MOVES_PER_TASK) {
            p.moves.remove(0);
        }
    }

    /** Drops the plans the measured state no longer matches. */
    private void dropWhatChanged(Snapshot real) {
        if (balancing != null && real.kernel().numaBalancing() != balancing.basis()) {
            balancing = null;
        }
        irqPlans.dropWhatChanged(real);
        cpuPower.dropIfChanged(real.cpuPower());
        plans.entrySet().removeIf(e -> {
            Task t = real.task(e.getKey()).orElse(null);
            TaskPlan p = e.getValue();
            if (t == null || !Cpuset.of(t.measurements()).equals(p.basis) || !t.threadScheduling().equals(p.threadBasis)) {
                return true;
            }
            if (!p.moves.isEmpty() && !t.pids().equals(p.movedPids)) {
                p.moves.clear();
            }
            return p.isEmpty();
        });
    }

    private Snapshot overlay(Snapshot real) {
        Map<Integer, Long> movedToNode = new HashMap<>(); // bytes each node gains (negative: loses)
        List<Task> tasks = new ArrayList<>(real.tasks().size());
        for (Task t : real.tasks()) {
            TaskPlan p = plans.get(t.id());
            tasks.add(p == null ? t : planned(t, p, real.platform(), movedToNode));
        }
        KernelState k = real.kernel();
        KernelState kernel = balancing == null ? k
                : k.withNumaBalancing(balancing.mode());
        kernel = irqPlans.overlay(kernel);
        Platform platform = movedToNode.isEmpty() ? real.platform() : withMovedMemory(real.platform(), movedToNode);
        return new Snapshot(real.sequence(), real.time(), platform, kernel, tasks, real.outcomes(), real.warnings(),
                real.accessCounters(), cpuPower.overlay(real.cpuPower()));
    }

    private static Task planned(Task t, TaskPlan p, Platform platform, Map<Integer, Long> movedToNode) {
        TaskMeasurements m = t.measurements();
        Map<Integer, Long> perNode = m.memoryBytesPerNode();
        if (!p.moves.isEmpty() && m.hasMemoryPerNode()) {
            Map<Integer, Long> moved = new TreeMap<>(perNode);
            for (MigrateMemory mm : p.moves) {
                move(moved, mm, platform, movedToNode);
            }
            perNode = moved;
        }
        TaskMeasurements planned = new TaskMeasurements(perNode, m.memoryUsageBytes(), m.memoryLimitBytes(),
                m.memoryMaxUsageBytes(), m.cpuUsageNanos(),
                p.cpus != null ? p.cpus : m.cpus(), p.mems != null ? p.mems : m.mems(),
                p.cpus != null ? p.cpus : m.effectiveCpus(), p.mems != null ? p.mems : m.effectiveMems(),
                p.memoryMigrate != null ? p.memoryMigrate : m.memoryMigrate(),
                p.cpuWeight != null ? p.cpuWeight : m.cpuWeight());
        List<Container> containers = t.containers().stream().map(c -> new Container(c.name(), c.cgroupPath(),
                c.requested(), c.qos(), p.containerCpus.getOrDefault(c.cgroupPath(), c.cpus()),
                p.containerMems.getOrDefault(c.cgroupPath(), c.mems()),
                p.containerWeights.getOrDefault(c.cgroupPath(), c.cpuWeight()), c.podResources())).toList();
        List<ThreadScheduling> threads = t.threadScheduling().stream().map(seen -> {
            SchedulingParameters sch = p.scheduling.getOrDefault(seen.cgroupPath(), p.scheduling.get(""));
            return sch == null ? seen : asSet(seen, sch);
        }).toList();
        return new Task(t.id(), t.name(), t.cgroupPath(), t.subCgroups(), t.pids(), t.labels(), t.annotations(),
                t.requested(), t.qos(), planned, containers, t.devices(), threads);
    }

    /** How threads seen running so would run once {@code sch} is set on them (what the kernel reports back). */
    static ThreadScheduling asSet(ThreadScheduling seen, SchedulingParameters sch) {
        String policy = sch.setsPolicy() ? sch.policy() : seen.policy();
        boolean deadline = policy.equals("deadline");
        List<String> flags = !sch.setsPolicy() ? seen.flags() : sch.flags().stream()
                .filter(f -> f.equals("reset-on-fork") || (deadline && (f.equals("reclaim") || f.equals("dl-overrun"))))
                .toList();
        return new ThreadScheduling(seen.cgroupPath(), policy, sch.setsPolicy() ? sch.priority() : seen.priority(),
                sch.setsNice() ? sch.niceValue() : seen.nice(), flags,
                sch.setsPolicy() ? sch.runtime() : seen.runtime(), sch.setsPolicy() ? sch.deadline() : seen.deadline(),
                sch.setsPolicy() ? (deadline ? sch.effectivePeriod() : 0) : seen.period(),
                sch.setsIo() ? sch.ioClass() : seen.ioClass(), sch.setsIo() ? sch.ioPriority() : seen.ioPriority(),
                seen.threads());
    }

    /** Moves the bytes on the move's source nodes (as the executor picks them) to its target node. */
    private static void move(Map<Integer, Long> perNode, MigrateMemory mm, Platform platform,
                             Map<Integer, Long> movedToNode) {
        NodeSet sources = mm.from();
        if (sources.isEmpty()) {
            List<Integer> withMemory = platform.nodes().stream().filter(NumaNode::hasMemory).map(NumaNode::id).toList();
            sources = NodeSet.of(withMemory).difference(NodeSet.of(mm.node()));
        }
        long total = 0;
        for (int node : sources.toArray()) {
            Long bytes = perNode.get(node);
            if (bytes != null && bytes > 0) {
                perNode.put(node, 0L);
                movedToNode.merge(node, -bytes, Long::sum);
                total += bytes;
            }
        }
        if (total > 0) {
            perNode.merge(mm.node(), total, Long::sum);
            movedToNode.merge(mm.node(), total, Long::sum);
        }
    }

    private static Platform withMovedMemory(Platform p, Map<Integer, Long> movedToNode) {
        List<NumaNode> nodes = new ArrayList<>(p.nodes().size());
        for (NumaNode n : p.nodes()) {
            long gained = movedToNode.getOrDefault(n.id(), 0L);
            nodes.add(gained == 0 ? n : new NumaNode(n.id(), n.cpus(), n.memTotalBytes(),
                    clamp(n.memFreeBytes() - gained, n.memTotalBytes()), clamp(n.memUsedBytes() + gained,
                    n.memTotalBytes()), n.distances(), n.memoryTier()));
        }
        return new Platform(p.sockets(), p.dies(), p.cores(), p.cpus(), p.onlineCpus(), p.isolatedCpus(), nodes,
                p.pageSizeBytes(), p.cgroupVersion());
    }

    private static long clamp(long bytes, long total) {
        return Math.max(0, Math.min(bytes, total));
    }
}
