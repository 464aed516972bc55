package io.numaagent.runner.exec;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MoverLimit;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.config.ExecutorSettings;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.recording.LinePrinter;
import io.numaagent.runner.recording.RecordingWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out plugin decisions, one at a time and in order: checks each against the snapshot
 * ({@link DecisionChecks}), arbitrates between plugins (configured owners, then the first plugin
 * to decide a resource in a cycle), skips what is already so, prints instead of writing in
 * dry-run, and otherwise hands it to the applier of its mechanism: {@link CpusetApplier} (cgroup
 * files), {@link CpuWeightApplier}, {@link SchedulingApplier} (threads' scheduling), {@link CpuPowerApplier} (cpufreq,
 * cpuidle and uncore files), the sysctl, {@link IrqAffinityApplier}, {@link MigratePagesApplier}, {@link MovePagesWalker} (one bandwidth-limited,
 * time-bounded queue of {@code move_pages} batches) or {@link PageOutApplier} (swap-out, paced by the same
 * budget). A plugin may add its own pace ({@link #limitPlugin}). A rejected or
 * failed decision never stops the others. Every outcome is logged and returned.
 *
 * <p>The state of one cycle goes to the checks and appliers as a {@link Cycle}; none of them
 * knows this class. One instance lives for the agent's lifetime: the bandwidth budget and the
 * resume cursors are shared across cycles. {@link #execute} is meant to be called from one thread
 * (the agent loop).
 */
public final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    private final ExecutorSettings settings;
    private final LinePrinter printer;
    private final Sleeper sleeper;
    private final BandwidthLimiter limiter;
    private final DecisionChecks checks;
    private final CpusetApplier cpusets;
    private final CpuWeightApplier cpuWeights;
    private final SchedulingApplier scheduling;
    private final CpuPowerApplier cpuPower;
    private final SysctlWriter sysctl;
    private final IrqAffinityApplier irqAffinity;
    private final MigratePagesApplier migratePages;
    private final MovePagesWalker movePages;
    private final PageOutApplier pageOut;
    /** Set by the control prompt's {@code pause}: decisions are checked and reported but not applied. */
    private volatile boolean paused;
    /** Plugins' own paces ({@link MoverLimit}), on top of {@link #limiter}. */
    private final Map<String, BandwidthLimiter> ownLimits = new HashMap<>();

    /**
     * @param settings the {@code executor:} config block
     * @param paths    host roots: {@code procfs} for {@code /proc/PID/maps}, {@code /proc/PID/status} and sysctls
     * @param layout   the cgroup layout (v1 or v2) of the host
     * @param cgroups  writes cgroup files ({@link FileCgroupWriter} on a real machine)
     * @param syscalls memory system calls ({@link LinuxSyscalls#create()} on a real machine)
     * @param printer  dry-run output
     * @param sleeper  clock and sleep for pacing ({@link Sleeper#SYSTEM})
     */
    public Executor(ExecutorSettings settings, HostPaths paths, CgroupLayout layout, CgroupWriter cgroups,
                    Syscalls syscalls, LinePrinter printer, Sleeper sleeper) {
        this(settings, paths, layout, cgroups, syscalls, null, printer, sleeper);
    }

    /**
     * As above, with the threads' scheduling calls ({@link LinuxThreadSyscalls#create()} on a real machine;
     * {@code null}: made on the first {@code set-scheduling-class} applied).
     */
    public Executor(ExecutorSettings settings, HostPaths paths, CgroupLayout layout, CgroupWriter cgroups,
                    Syscalls syscalls, ThreadSyscalls threadSyscalls, LinePrinter printer, Sleeper sleeper) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(syscalls, "syscalls");
        this.printer = Objects.requireNonNull(printer, "printer");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (settings.movePagesBatchPages() <= 0) {
            throw new IllegalArgumentException("executor movePagesBatchPages must be positive");
        }
        // a burst of one batch: a move never waits when the budget has been idle for a batch's worth of time
        this.limiter = new BandwidthLimiter(settings.bandwidthBytesPerSec(),
                (long) settings.movePagesBatchPages() * syscalls.pageSize(), sleeper);
        this.checks = new DecisionChecks(layout);
        this.cpusets = new CpusetApplier(Objects.requireNonNull(cgroups, "cgroups"));
        this.cpuWeights = new CpuWeightApplier(cgroups, layout);
        this.scheduling = new SchedulingApplier(new CgroupThreads(layout),
                threadSyscalls != null ? () -> threadSyscalls : LinuxThreadSyscalls::create);
        this.sysctl = new SysctlWriter(paths);
        this.irqAffinity = new IrqAffinityApplier(paths);
        this.cpuPower = new CpuPowerApplier(paths);
        ProcessExits exits = new ProcessExits(paths);
        this.migratePages = new MigratePagesApplier(syscalls, sleeper, exits);
        this.movePages = new MovePagesWalker(paths, syscalls, sleeper, limiter, exits, settings.movePagesBatchPages(),
                settings.maxMigrationPerCycle().toMillis());
        this.pageOut = new PageOutApplier(syscalls, sleeper, limiter, settings.movePagesBatchPages());
    }

    /**
     * Paces {@code plugin}'s memory decisions by its own limit as well as the shared budget (memtierd's
     * per-policy mover). Call before the first {@link #execute}.
     */
    public void limitPlugin(String plugin, MoverLimit limit) {
        ownLimits.put(plugin, new BandwidthLimiter(limit.bytesPerSecond(), limit.burstBytes(), sleeper));
    }

    /** The shared bandwidth budget, for tests: the time spent waiting on it. */
    BandwidthLimiter limiter() {
        return limiter;
    }

    /**
     * Executes the decisions of one cycle, in order.
     *
     * @return one outcome per decision, in the same order
     */
    public List<Outcome> execute(Snapshot snapshot, List<Decision> decisions) {
        Cycle cycle = new Cycle(snapshot, sleeper.nanoTime() + settings.maxMigrationPerCycle().toNanos());
        movePages.dropStaleCursors(snapshot);
        List<Outcome> outcomes = new ArrayList<>(decisions.size());
        for (Decision d : decisions) {
            Outcome o;
            try {
                o = executeOne(cycle, d);
            } catch (RuntimeException e) {
                // a bug or an unexpected host state must not take the other decisions down
                LOG.error("executing {} failed unexpectedly", RecordingWriter.toLine(d), e);
                o = new Outcome(snapshot.sequence(), d, Outcome.Status.FAILED, "internal error: " + e, null, 0, 0, 0, 0);
            }
            log(o);
            outcomes.add(o);
        }
        return List.copyOf(outcomes);
    }

    /**
     * Pauses (or resumes) applying: while paused, an applying executor treats each decision as in
     * dry-run and says so in its outcome ({@code dry-run}, "paused: not applied"); observing goes on.
     */
    public void pause(boolean pause) {
        paused = pause;
    }

    public boolean paused() {
        return paused;
    }

    /** Whether decisions are written to the machine at all (else dry-run, by config or CLI). */
    public boolean applies() {
        return settings.apply();
    }

    /** Resume cursors of unfinished move_pages walks, for tests: "key at pid:0xaddress". */
    List<String> resumeCursors() {
        return movePages.resumeCursors();
    }

    private static void log(Outcome o) {
        Decision d = o.decision();
        String who = d.task() == null && !(d instanceof SetIrqAffinity) ? "machine" : target(d);
        switch (o.status()) {
            case REJECTED, FAILED -> LOG.warn("{} {} {} by {}: {}{}", o.status().label(), d.action(), who, d.plugin(),
                    o.detail(), o.errno() == null ? "" : " [" + o.errno() + "]");
            case UNCHANGED -> LOG.debug("{} {} {} by {}: {}", o.status().label(), d.action(), who, d.plugin(), o.detail());
            default -> LOG.info("{} {} {} by {}: {} ({})", o.status().label(), d.action(), who, d.plugin(), o.detail(),
                    d.reason());
        }
    }

    /** The task, or the one sub-cgroup of it, that a decision is for (an interrupt: "irq N"). */
    private static String target(Decision d) {
        if (d instanceof SetIrqAffinity irq) {
            return irq.target();
        }
        String sub = DecisionChecks.subCgroupOf(d);
        return sub != null ? sub : d.task();
    }

    private Outcome executeOne(Cycle c, Decision d) {
        Task task = d.task() == null ? null : c.snapshot().task(d.task()).orElse(null);
        String invalid = task == null && d.task() != null
                ? "task " + d.task() + " is not in the snapshot"
                : checks.invalid(c, task, d);
        if (invalid != null) {
            return c.outcome(d, Outcome.Status.REJECTED, invalid);
        }
        String owner = settings.owners().get(d.resource());
        if (owner != null && !owner.equals(d.plugin())) {
            return c.outcome(d, Outcome.Status.REJECTED, d.resource().configName() + " owned by " + owner);
        }
        String target = target(d);
        String first = c.claim(d.resource() + "|" + target, d.plugin());
        if (!first.equals(d.plugin())) {
            return c.outcome(d, Outcome.Status.REJECTED, d.resource().configName() + " of "
                    + (d.task() == null && target == null ? "the machine" : target) + " already decided by " + first + " in this cycle");
        }
        String same = checks.unchanged(c, task, d);
        if (same != null) {
            return c.outcome(d, Outcome.Status.UNCHANGED, same);
        }
        if (!settings.apply()) {
            printer.print(d);
            return c.outcome(d, Outcome.Status.DRY_RUN, "dry-run: not applied");
        }
        if (paused) {
            return c.outcome(d, Outcome.Status.DRY_RUN, "paused: not applied");
        }
        return apply(c, task, d);
    }

    /** Hands the decision to the applier of its mechanism; memory moves only while the cycle's migration time lasts. */
    private Outcome apply(Cycle c, Task task, Decision d) {
        if (d instanceof SetCpus sc) {
            return cpusets.setCpus(c, task, sc);
        } else if (d instanceof SetMems sm) {
            return cpusets.setMems(c, task, sm);
        } else if (d instanceof SetMemoryMigrate mig) {
            return cpusets.setMemoryMigrate(c, task, mig);
        } else if (d instanceof SetCpuShares cs) {
            return cpuWeights.apply(c, task, cs);
        } else if (d instanceof SetSchedulingClass sch) {
            return scheduling.apply(c, task, sch);
        } else if (d instanceof SetCpuClass cc) {
            return cpuPower.apply(c, cc);
        } else if (d instanceof SetUncoreFrequency uf) {
            return cpuPower.apply(c, uf);
        } else if (d instanceof SetNumaBalancing nb) {
            try {
                sysctl.write(SysctlWriter.NUMA_BALANCING, Integer.toString(nb.mode()));
            } catch (HostWriteException e) {
                return c.writeFailed(d, e, "");
            }
            return c.outcome(d, Outcome.Status.APPLIED, "wrote " + SysctlWriter.NUMA_BALANCING + "=" + nb.mode());
        } else if (d instanceof SetIrqAffinity irq) {
            return irqAffinity.apply(c, irq);
        } else if (d instanceof MigrateMemory mm) {
            if (c.outOfMigrationTime(sleeper.nanoTime())) {
                return budgetUsedUp(c, d);
            }
            MigrateMemory.MigrationMode mode = mm.mode() == MigrateMemory.MigrationMode.DEFAULT ? settings.migration() : mm.mode();
            if (mode == MigrateMemory.MigrationMode.MIGRATE_PAGES) {
                return migratePages.apply(c, task, mm);
            }
            return movePages.walk(c, d, "migrate-memory " + task.id(), task.pids(), null, mm.node(), c.sources(mm),
                    ownLimits.get(d.plugin()));
        } else if (d instanceof MovePages mp) {
            if (c.outOfMigrationTime(sleeper.nanoTime())) {
                return budgetUsedUp(c, d);
            }
            return movePages.walk(c, d, "move-pages " + task.id() + " pid " + mp.pid(), List.of(mp.pid()), mp.ranges(),
                    mp.node(), null, ownLimits.get(d.plugin()));
        } else if (d instanceof SwapOut so) {
            if (c.outOfMigrationTime(sleeper.nanoTime())) {
                return budgetUsedUp(c, d);
            }
            return pageOut.apply(c, so, ownLimits.get(d.plugin()));
        }
        return c.outcome(d, Outcome.Status.REJECTED, "unknown decision " + d.getClass().getSimpleName());
    }

    private Outcome budgetUsedUp(Cycle c, Decision d) {
        return c.outcome(d, Outcome.Status.REJECTED, "migration time of this cycle ("
                + settings.maxMigrationPerCycle().toMillis() + " ms) used up; next cycle").asUnfinished();
    }
}
