package io.numaagent.runner.exec;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.config.ExecutorSettings;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.recording.LinePrinter;
import io.numaagent.runner.recording.RecordingWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out plugin decisions, one at a time and in order: validates each against the snapshot,
 * arbitrates between plugins, skips what is already so, prints instead of writing in dry-run, and
 * otherwise writes cgroup files and the sysctl or moves memory through one bandwidth-limited,
 * time-bounded queue of {@code move_pages} batches. A rejected or failed decision never stops the
 * others. Every outcome is logged and returned.
 *
 * <p>Moving with {@code move_pages} walks a task's pages batch by batch, each query followed at
 * once by the move of the pages it found elsewhere; the cycle's {@code max_migration_per_cycle}
 * is checked before every call and only the moves are paced by the bandwidth budget. A walk cut
 * short resumes next cycle where it stopped.
 *
 * <p>{@code migrate_pages} mode is one system call per process that moves all of the process's
 * pages in the kernel: it is <em>not</em> paced by {@code bandwidth_bytes_per_sec}, and the cycle's
 * migration time is only checked before the decision starts, not between or within the calls.
 *
 * <p>One instance lives for the agent's lifetime: the bandwidth budget and the resume cursors are
 * shared across cycles. {@link #execute} is meant to be called from one thread (the agent loop).
 */
public final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    private final ExecutorSettings settings;
    private final HostPaths paths;
    private final CgroupWriter cgroups;
    private final Syscalls syscalls;
    private final LinePrinter printer;
    private final Sleeper sleeper;
    private final SysctlWriter sysctl;
    private final BandwidthLimiter limiter;
    /**
     * Where unfinished move_pages walks stopped, by "migrate-memory TASK" or "move-pages TASK pid
     * PID": at most one per task (and per process for move-pages), dropped when the walk gets round
     * or its task or process leaves the snapshot.
     */
    private final Map<String, Cursor> cursors = new HashMap<>();

    /**
     * @param settings the {@code executor:} config block
     * @param paths    host roots: {@code procfs} for {@code /proc/PID/maps} and sysctls, {@code cgroupfs} for the layout
     * @param cgroups  writes cgroup files ({@link FileCgroupWriter} on a real machine)
     * @param syscalls memory system calls ({@link LinuxSyscalls#create()} on a real machine)
     * @param printer  dry-run output
     * @param sleeper  clock and sleep for pacing ({@link Sleeper#SYSTEM})
     */
    public Executor(ExecutorSettings settings, HostPaths paths, CgroupWriter cgroups, Syscalls syscalls,
                    LinePrinter printer, Sleeper sleeper) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.paths = Objects.requireNonNull(paths, "paths");
        this.cgroups = Objects.requireNonNull(cgroups, "cgroups");
        this.syscalls = Objects.requireNonNull(syscalls, "syscalls");
        this.printer = Objects.requireNonNull(printer, "printer");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (settings.movePagesBatchPages() <= 0) {
            throw new IllegalArgumentException("executor movePagesBatchPages must be positive");
        }
        this.sysctl = new SysctlWriter(paths.procfs());
        // a burst of one batch: a move never waits when the budget has been idle for a batch's worth of time
        this.limiter = new BandwidthLimiter(settings.bandwidthBytesPerSec(),
                (long) settings.movePagesBatchPages() * syscalls.pageSize(), sleeper);
    }

    /** The shared bandwidth budget (for telemetry: time spent waiting on it). */
    public BandwidthLimiter limiter() {
        return limiter;
    }

    /** The settings in force. */
    public ExecutorSettings settings() {
        return settings;
    }

    /**
     * Executes the decisions of one cycle, in order.
     *
     * @return one outcome per decision, in the same order
     */
    public List<Outcome> execute(Snapshot snapshot, List<Decision> decisions) {
        Cycle cycle = new Cycle(snapshot, CgroupLayout.detect(paths.cgroupfs()), sleeper.nanoTime()
                + settings.maxMigrationPerCycle().toNanos());
        dropStaleCursors(snapshot);
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

    private static void log(Outcome o) {
        Decision d = o.decision();
        String who = d.task() == null ? "machine" : d.task();
        switch (o.status()) {
            case REJECTED, FAILED -> LOG.warn("{} {} {} by {}: {}{}", o.status().label(), d.action(), who, d.plugin(),
                    o.detail(), o.errno() == null ? "" : " [" + o.errno() + "]");
            case UNCHANGED -> LOG.debug("{} {} {} by {}: {}", o.status().label(), d.action(), who, d.plugin(), o.detail());
            default -> LOG.info("{} {} {} by {}: {} ({})", o.status().label(), d.action(), who, d.plugin(), o.detail(),
                    d.reason());
        }
    }

    /** State of one {@link #execute} call. */
    private static final class Cycle {
        final Snapshot snapshot;
        final CgroupLayout layout;
        final long migrationDeadline;
        /** "resource|task" to the plugin that decided it first in this cycle. */
        final Map<String, String> claims = new HashMap<>();

        Cycle(Snapshot snapshot, CgroupLayout layout, long migrationDeadline) {
            this.snapshot = snapshot;
            this.layout = layout;
            this.migrationDeadline = migrationDeadline;
        }

        long sequence() {
            return snapshot.sequence();
        }
    }

    private Outcome executeOne(Cycle c, Decision d) {
        Task task = d.task() == null ? null : c.snapshot.task(d.task()).orElse(null);
        String invalid = task == null && d.task() != null
                ? "task " + d.task() + " is not in the snapshot"
                : validate(c, task, d);
        if (invalid != null) {
            return Outcome.of(c.sequence(), d, Outcome.Status.REJECTED, invalid);
        }
        String owner = settings.owners().get(d.resource());
        if (owner != null && !owner.equals(d.plugin())) {
            return Outcome.of(c.sequence(), d, Outcome.Status.REJECTED, d.resource().configName() + " owned by " + owner);
        }
        String key = d.resource() + "|" + d.task();
        String first = c.claims.putIfAbsent(key, d.plugin());
        if (first != null && !first.equals(d.plugin())) {
            return Outcome.of(c.sequence(), d, Outcome.Status.REJECTED, d.resource().configName() + " of "
                    + (d.task() == null ? "the machine" : d.task()) + " already decided by " + first + " in this cycle");
        }
        String same = unchanged(c.snapshot, task, d);
        if (same != null) {
            return Outcome.of(c.sequence(), d, Outcome.Status.UNCHANGED, same);
        }
        if (!settings.apply()) {
            printer.print(d);
            return Outcome.of(c.sequence(), d, Outcome.Status.DRY_RUN, "dry-run: not applied");
        }
        return apply(c, task, d);
    }

    // ---------------------------------------------------------------- validation

    private String validate(Cycle c, Task task, Decision d) {
        Snapshot s = c.snapshot;
        boolean writesCgroupFiles = d instanceof SetCpus || d instanceof SetMems || d instanceof SetMemoryMigrate;
        if (writesCgroupFiles && task.isProcess()) {
            return d.action() + " needs a cgroup task; " + task.id() + " is a single process";
        }
        if (d instanceof SetCpus sc) {
            return checkCpus(s, sc.cpus());
        } else if (d instanceof SetMems sm) {
            return checkMemoryNodes(s, sm.mems());
        } else if (d instanceof SetMemoryMigrate) {
            return c.layout.isV2()
                    ? "cpuset.memory_migrate does not exist on cgroup v2 (v2 moves pages on every cpuset.mems change)"
                    : null;
        } else if (d instanceof MigrateMemory mm) {
            String bad = checkMemoryNodes(s, NodeSet.of(mm.node()));
            if (bad != null) {
                return bad;
            }
            NodeSet unknown = mm.from().difference(s.platform().nodeIds());
            if (!unknown.isEmpty()) {
                return "from " + ids("node", unknown.size(), unknown.toString(), "does not exist", "do not exist");
            }
            return task.pids().isEmpty() ? "task " + task.id() + " has no processes" : null;
        } else if (d instanceof MovePages mp) {
            String bad = checkPid(task, mp.pid());
            if (bad == null) {
                bad = checkMemoryNodes(s, NodeSet.of(mp.node()));
            }
            return bad != null ? bad : checkRanges(mp.ranges());
        } else if (d instanceof SwapOut so) {
            String bad = checkPid(task, so.pid());
            return bad != null ? bad : checkRanges(so.ranges());
        } else if (d instanceof SetNumaBalancing) {
            return s.kernel().numaBalancing() < 0 ? "kernel has no numa_balancing (sysctl missing)" : null;
        }
        return "unknown decision " + d.getClass().getSimpleName();
    }

    private static String checkCpus(Snapshot s, CpuSet cpus) {
        CpuSet known = CpuSet.of(s.platform().cpus().stream().map(Cpu::id).toList());
        CpuSet unknown = cpus.difference(known);
        if (!unknown.isEmpty()) {
            return ids("cpu", unknown.size(), unknown.toString(), "does not exist", "do not exist");
        }
        CpuSet offline = cpus.difference(s.platform().onlineCpus());
        return offline.isEmpty() ? null : ids("cpu", offline.size(), offline.toString(), "is offline", "are offline");
    }

    private static String checkMemoryNodes(Snapshot s, NodeSet nodes) {
        NodeSet unknown = nodes.difference(s.platform().nodeIds());
        if (!unknown.isEmpty()) {
            return ids("node", unknown.size(), unknown.toString(), "does not exist", "do not exist");
        }
        NodeSet memoryless = nodes.difference(nodesWithMemory(s));
        if (!memoryless.isEmpty()) {
            return ids("node", memoryless.size(), memoryless.toString(), "has no memory", "have no memory");
        }
        return null;
    }

    /** "cpu 7 is offline" / "cpus 7-8 are offline". */
    private static String ids(String noun, int count, String list, String singular, String plural) {
        return count == 1 ? noun + " " + list + " " + singular : noun + "s " + list + " " + plural;
    }

    private static String checkPid(Task task, int pid) {
        return task.pids().contains(pid) ? null : "pid " + pid + " is not in task " + task.id();
    }

    private String checkRanges(List<PageRange> ranges) {
        long page = syscalls.pageSize();
        for (PageRange r : ranges) {
            if (r.start() % page != 0 || r.length() % page != 0) {
                return "range " + r + " is not page aligned (page size " + page + ")";
            }
        }
        return null;
    }

    private static NodeSet nodesWithMemory(Snapshot s) {
        return NodeSet.of(s.platform().nodes().stream().filter(NumaNode::hasMemory).map(NumaNode::id).toList());
    }

    /** The nodes a migration takes pages from: {@code from}, or every other node with memory. */
    private static NodeSet sources(Snapshot s, MigrateMemory mm) {
        return mm.from().isEmpty() ? nodesWithMemory(s).difference(NodeSet.of(mm.node())) : mm.from();
    }

    // ---------------------------------------------------------------- diff

    /** Why nothing needs doing, or {@code null} when something does. */
    private static String unchanged(Snapshot s, Task task, Decision d) {
        if (d instanceof SetCpus sc) {
            return task.measurements().cpus().equals(sc.cpus()) ? "cpuset.cpus already " + sc.cpus() : null;
        } else if (d instanceof SetMems sm) {
            return task.measurements().mems().equals(sm.mems()) ? "cpuset.mems already " + sm.mems() : null;
        } else if (d instanceof SetMemoryMigrate mig) {
            return task.measurements().memoryMigrate() == mig.enabled()
                    ? "cpuset.memory_migrate already " + (mig.enabled() ? 1 : 0) : null;
        } else if (d instanceof SetNumaBalancing nb) {
            return s.kernel().numaBalancing() == nb.mode() ? "numa_balancing already " + nb.mode() : null;
        } else if (d instanceof MigrateMemory mm) {
            NodeSet sources = sources(s, mm);
            if (sources.isEmpty()) {
                return "no node with memory other than node " + mm.node();
            }
            if (!task.measurements().hasMemoryPerNode()) {
                return null;
            }
            long elsewhere = sources.stream().mapToLong(n -> task.measurements().memoryBytesOnNode(n)).sum();
            return elsewhere == 0 ? "no memory on nodes " + sources + "; all on node " + mm.node() : null;
        }
        return null;
    }

    // ---------------------------------------------------------------- apply

    private Outcome apply(Cycle c, Task task, Decision d) {
        if (d instanceof SetCpus sc) {
            return writeCpuset(c, task, d, CgroupWriter.CPUSET_CPUS, task.measurements().allowedCpus().bits(),
                    sc.cpus().bits(), sc.cpus().toString(), sc.cpus().union(task.measurements().allowedCpus()).toString());
        } else if (d instanceof SetMems sm) {
            return writeCpuset(c, task, d, CgroupWriter.CPUSET_MEMS, task.measurements().allowedMems().bits(),
                    sm.mems().bits(), sm.mems().toString(), sm.mems().union(task.measurements().allowedMems()).toString());
        } else if (d instanceof SetMemoryMigrate mig) {
            String value = mig.enabled() ? "1" : "0";
            List<String> all = parentFirst(task);
            try {
                for (String cg : all) {
                    cgroups.write(cg, CgroupWriter.CPUSET_MEMORY_MIGRATE, value);
                }
            } catch (HostWriteException e) {
                return writeFailed(c, d, e);
            }
            return Outcome.of(c.sequence(), d, Outcome.Status.APPLIED,
                    "wrote " + CgroupWriter.CPUSET_MEMORY_MIGRATE + "=" + value + " to " + describe(all));
        } else if (d instanceof SetNumaBalancing nb) {
            try {
                sysctl.write(SysctlWriter.NUMA_BALANCING, Integer.toString(nb.mode()));
            } catch (HostWriteException e) {
                return writeFailed(c, d, e);
            }
            return Outcome.of(c.sequence(), d, Outcome.Status.APPLIED, "wrote " + SysctlWriter.NUMA_BALANCING + "=" + nb.mode());
        } else if (d instanceof MigrateMemory mm) {
            if (sleeper.nanoTime() >= c.migrationDeadline) {
                return budgetUsedUp(c, d);
            }
            MigrateMemory.MigrationMode mode = mm.mode() == MigrateMemory.MigrationMode.DEFAULT ? settings.migration() : mm.mode();
            if (mode == MigrateMemory.MigrationMode.MIGRATE_PAGES) {
                return migratePages(c, task, mm);
            }
            return movePages(c, d, "migrate-memory " + task.id(), task.pids(), null, mm.node(), sources(c.snapshot, mm));
        } else if (d instanceof MovePages mp) {
            if (sleeper.nanoTime() >= c.migrationDeadline) {
                return budgetUsedUp(c, d);
            }
            return movePages(c, d, "move-pages " + task.id() + " pid " + mp.pid(), List.of(mp.pid()), mp.ranges(),
                    mp.node(), null);
        } else if (d instanceof SwapOut so) {
            return swapOut(c, so);
        }
        return Outcome.of(c.sequence(), d, Outcome.Status.REJECTED, "unknown decision " + d.getClass().getSimpleName());
    }

    private Outcome budgetUsedUp(Cycle c, Decision d) {
        return Outcome.of(c.sequence(), d, Outcome.Status.REJECTED, "migration time of this cycle ("
                + settings.maxMigrationPerCycle().toMillis() + " ms) used up; next cycle");
    }

    private static Outcome writeFailed(Cycle c, Decision d, HostWriteException e) {
        return new Outcome(c.sequence(), d, Outcome.Status.FAILED, e.getMessage(), e.errno(), 0, 0, 0, 0);
    }

    /**
     * The task's cgroup, then its sub-cgroups by depth (parents before their children), with every
     * cgroup between the task's and a sub-cgroup: those hold no processes, so task sources leave
     * them out of {@code subCgroups}, but on cgroup v1 a sub-cgroup's set must stay within its
     * parent's, so they change along.
     */
    private static List<String> parentFirst(Task task) {
        String root = task.cgroupPath();
        String prefix = root.endsWith("/") ? root : root + "/";
        Set<String> below = new HashSet<>();
        for (String sub : task.subCgroups()) {
            if (!sub.startsWith(prefix)) {
                if (!sub.equals(root)) {
                    below.add(sub);
                }
                continue;
            }
            for (String p = sub; p.startsWith(prefix); p = p.substring(0, p.lastIndexOf('/'))) {
                below.add(p);
            }
        }
        List<String> subs = new ArrayList<>(below);
        subs.sort(Comparator.comparingLong((String p) -> p.chars().filter(ch -> ch == '/').count())
                .thenComparing(Comparator.naturalOrder()));
        List<String> all = new ArrayList<>(subs.size() + 1);
        all.add(task.cgroupPath());
        all.addAll(subs);
        return all;
    }

    private static String describe(List<String> cgroupsWritten) {
        int subs = cgroupsWritten.size() - 1;
        return cgroupsWritten.get(0) + (subs == 0 ? "" : " and " + subs + (subs == 1 ? " sub-cgroup" : " sub-cgroups"));
    }

    /**
     * Writes a cpuset list to the task's cgroup and every sub-cgroup. On cgroup v1 the kernel
     * insists at every write that a cpuset is a subset of its parent (else EACCES) and a superset
     * of its children (else EBUSY). So when the new set adds members, the union of old and new is
     * written top-down first (parents widen before their children); then, when it also drops
     * members, the new set is written bottom-up (children narrow before their parents). A pure
     * widening is one top-down pass, a pure narrowing one bottom-up pass, a shift both. v2 has no
     * such rule at write time (it computes effective sets), and the same order is harmless there.
     */
    private Outcome writeCpuset(Cycle c, Task task, Decision d, String file, BitSet old,
                                BitSet wanted, String wantedText, String unionText) {
        List<String> topDown = parentFirst(task);
        BitSet adds = (BitSet) wanted.clone();
        adds.andNot(old);
        BitSet drops = (BitSet) old.clone();
        drops.andNot(wanted);
        int writes = 0;
        try {
            if (!adds.isEmpty() || drops.isEmpty()) {
                String value = drops.isEmpty() ? wantedText : unionText;
                for (String cg : topDown) {
                    cgroups.write(cg, file, value);
                    writes++;
                }
            }
            if (!drops.isEmpty()) {
                for (int i = topDown.size() - 1; i >= 0; i--) {
                    cgroups.write(topDown.get(i), file, wantedText);
                    writes++;
                }
            }
        } catch (HostWriteException e) {
            return new Outcome(c.sequence(), d, Outcome.Status.FAILED,
                    e.getMessage() + (writes > 0 ? " (after " + writes + " earlier writes)" : ""), e.errno(), 0, 0, 0, 0);
        }
        return Outcome.of(c.sequence(), d, Outcome.Status.APPLIED, "wrote " + file + "=" + wantedText + " to " + describe(topDown));
    }

    // ---------------------------------------------------------------- migrate_pages

    private Outcome migratePages(Cycle c, Task task, MigrateMemory mm) {
        NodeSet sources = sources(c.snapshot, mm);
        long[] from = NodeMasks.of(sources);
        long[] to = NodeMasks.of(NodeSet.of(mm.node()));
        int words = Math.max(from.length, to.length);
        from = Arrays.copyOf(from, words);
        to = Arrays.copyOf(to, words);
        long maxNode = NodeMasks.maxNode(from);
        long start = sleeper.nanoTime();
        long longest = 0;
        long notMoved = 0;
        int done = 0;
        SyscallException failure = null;
        int failedPid = 0;
        for (int pid : task.pids()) {
            long t0 = sleeper.nanoTime();
            try {
                notMoved += syscalls.migratePages(pid, maxNode, from, to);
                done++;
            } catch (SyscallException raw) {
                SyscallException e = exitedAsEsrch(raw, pid);
                if (failure == null || e.errno() != Errno.ESRCH) {
                    failure = e;
                    failedPid = pid;
                }
            } finally {
                longest = Math.max(longest, sleeper.nanoTime() - t0);
            }
            // a process that exited since the snapshot leaves the task's other processes to move;
            // any other error would repeat for each of them
            if (failure != null && failure.errno() != Errno.ESRCH) {
                break;
            }
        }
        if (failure != null) {
            String what = failure.errno() == Errno.ESRCH ? "process " + failedPid + " exited"
                    : "migrate_pages of pid " + failedPid;
            return new Outcome(c.sequence(), mm, Outcome.Status.FAILED, what + ": " + failure.errnoName() + " ("
                    + Errno.message(failure.errno()) + "); " + done + " of " + task.pids().size() + " processes done",
                    failure.errnoName(), 0, notMoved, sleeper.nanoTime() - start, longest);
        }
        // migrate_pages reports only what it could not move; the moved amount is estimated from
        // memory.numa_stat of this snapshot
        long page = syscalls.pageSize();
        long estimated = task.measurements().hasMemoryPerNode()
                ? sources.stream().mapToLong(n -> task.measurements().memoryBytesOnNode(n)).sum() / page
                : 0;
        long moved = Math.max(0, estimated - notMoved);
        String detail = "migrate_pages of " + done + (done == 1 ? " process" : " processes") + " from nodes " + sources
                + " to node " + mm.node() + ": " + notMoved + " pages not moved"
                + (task.measurements().hasMemoryPerNode() ? ", about " + moved + " moved (per memory.numa_stat)" : "");
        return new Outcome(c.sequence(), mm, Outcome.Status.APPLIED, detail, null, moved, notMoved,
                sleeper.nanoTime() - start, longest);
    }

    // ---------------------------------------------------------------- move_pages

    /**
     * Where an unfinished move_pages walk stopped: the next cycle's walk over the same task (and, for
     * {@link MovePages}, the same ranges) starts at {@code address} of {@code pid}.
     *
     * @param ranges the decision's ranges, or {@code null} for a walk over the mappings of the task
     */
    private record Cursor(String task, int pid, long address, List<PageRange> ranges) {
    }

    /** Resume cursors of unfinished walks, for tests: "key at pid:0xaddress". */
    List<String> resumeCursors() {
        return cursors.entrySet().stream()
                .map(e -> e.getKey() + " at " + e.getValue().pid() + ":0x" + Long.toHexString(e.getValue().address()))
                .sorted().toList();
    }

    /** A cursor is only worth keeping while its process is still part of its task. */
    private void dropStaleCursors(Snapshot snapshot) {
        cursors.values().removeIf(cur -> snapshot.task(cur.task()).map(t -> !t.pids().contains(cur.pid())).orElse(true));
    }

    /** Progress of one move_pages decision in this cycle. */
    private static final class Moves {
        long queried;
        long found;
        long moved;
        long failed;
        /** Pages the query found unmapped (or the shared zero page): nothing to move, but worth saying. */
        long unmapped;
        long longestCall;
        final Map<String, Long> failures = new TreeMap<>();
        boolean outOfTime;
        boolean interrupted;
        SyscallException fatal;
        String fatalWhat;
        /** The first page not dealt with yet: where the walk resumes when it stops early. */
        boolean positioned;
        int atPid;
        long atAddress;

        void fail(String errno, long pages) {
            failed += pages;
            failures.merge(errno, pages, Long::sum);
        }

        void at(int pid, long address) {
            positioned = true;
            atPid = pid;
            atAddress = address;
        }

        /**
         * Records the error that ends the work on one process and returns the {@link Stop} to throw.
         * The first exited process is kept for the outcome unless a worse error follows.
         */
        Stop stop(SyscallException e, String what) {
            boolean gone = e.errno() == Errno.ESRCH;
            if (fatal == null || !gone) {
                fatal = e;
                fatalWhat = what;
            }
            return new Stop(gone);
        }
    }

    /** Thrown inside the move loop to stop the decision, or only the work on one process that is gone. */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;

        /** The process exited (ESRCH): the task's other processes still move. */
        final boolean processGone;

        Stop(boolean processGone) {
            super(null, null, false, false);
            this.processGone = processGone;
        }
    }

    /** Part of a walk: some (start, pages) spans of one process. */
    private record Segment(int pid, List<long[]> spans) {
    }

    /**
     * Moves pages of {@code pids} to {@code target}, one batch of {@code movePagesBatchPages}
     * addresses at a time: a query of where the batch's pages are, then at once one move of those
     * on {@code sources} (any node but the target when {@code null}), paced by the shared bandwidth
     * budget. The cycle's migration deadline is checked before every call, so each cycle moves what
     * its time allows, however large the task.
     *
     * <p>A walk that runs out of time (or stops on an error) leaves a {@link Cursor} under
     * {@code walkKey}; the next cycle starts there, goes on to the end of the last process, wraps
     * around to the start once and ends where it began. A walk that gets round drops its cursor.
     *
     * @param ranges page ranges, or {@code null} for every movable mapping in {@code /proc/PID/maps}
     */
    private Outcome movePages(Cycle c, Decision d, String walkKey, List<Integer> pids, List<PageRange> ranges,
                              int target, NodeSet sources) {
        long start = sleeper.nanoTime();
        Moves m = new Moves();
        int batch = settings.movePagesBatchPages();
        long page = syscalls.pageSize();
        boolean complete = false;
        long total = 0;
        try {
            // every process's spans up front: the outcome names the walk's size; a process already gone is left out
            Map<Integer, List<long[]>> spansOf = new LinkedHashMap<>();
            for (int pid : pids) {
                try {
                    List<long[]> spans = ranges != null ? rangeSpans(ranges, page) : mappedSpans(m, pid, page);
                    spansOf.put(pid, spans);
                    total += spans.stream().mapToLong(s -> s[1]).sum();
                } catch (Stop stop) {
                    skipIfGone(stop);
                }
            }
            Cursor from = cursors.get(walkKey);
            if (from != null && (!Objects.equals(from.ranges(), ranges) || !spansOf.containsKey(from.pid()))) {
                from = null;
            }
            Set<Integer> gone = new HashSet<>();
            for (Segment s : walkOrder(spansOf, from, page)) {
                if (gone.contains(s.pid())) {
                    continue;
                }
                try {
                    int[] status = new int[batch];
                    inBatches(s.spans(), batch, page,
                            (addrs, n) -> queryAndMove(c, m, s.pid(), addrs, status, n, target, sources, page));
                } catch (Stop stop) {
                    skipIfGone(stop);
                    gone.add(s.pid());
                }
            }
            complete = true;
        } catch (Stop stop) {
            // m says why
        }
        if (complete) {
            cursors.remove(walkKey);
        } else if (m.positioned) {
            cursors.put(walkKey, new Cursor(d.task(), m.atPid, m.atAddress, ranges));
        }
        long duration = sleeper.nanoTime() - start;
        String progress = complete
                ? "moved " + m.moved + " of " + m.found + " pages to node " + target
                : "moved " + m.moved + " of " + m.found + " pages found so far to node " + target + " (queried "
                        + m.queried + " of " + total + " pages)";
        if (m.outOfTime) {
            progress += ", rest next cycle (migration time of " + settings.maxMigrationPerCycle().toMillis() + " ms used up)";
        }
        if (m.unmapped > 0) {
            progress += "; " + m.unmapped + " pages unmapped or zero when queried (EFAULT), nothing to move";
        }
        if (!m.failures.isEmpty()) {
            StringBuilder sb = new StringBuilder("; ").append(m.failed).append(" failed:");
            m.failures.forEach((errno, n) -> sb.append(' ').append(errno).append(' ').append(n).append(','));
            sb.setLength(sb.length() - 1);
            progress += sb;
        }
        if (m.interrupted) {
            progress += "; interrupted";
        }
        if (m.fatal != null) {
            return new Outcome(c.sequence(), d, Outcome.Status.FAILED, m.fatalWhat + ": " + m.fatal.errnoName() + " ("
                    + Errno.message(m.fatal.errno()) + "); " + progress, m.fatal.errnoName(), m.moved, m.failed,
                    duration, m.longestCall);
        }
        return new Outcome(c.sequence(), d, Outcome.Status.APPLIED, progress, null, m.moved, m.failed, duration,
                m.longestCall);
    }

    /**
     * The walk of one cycle: every process in order; or, resuming at {@code from}, its process from
     * the cursor's address on, the processes after it, then (wrapped around) those before it and
     * the first part of its own process up to the cursor.
     */
    private static List<Segment> walkOrder(Map<Integer, List<long[]>> spansOf, Cursor from, long page) {
        List<Segment> order = new ArrayList<>();
        if (from == null) {
            spansOf.forEach((pid, spans) -> order.add(new Segment(pid, spans)));
            return order;
        }
        List<Integer> pids = new ArrayList<>(spansOf.keySet());
        int i = pids.indexOf(from.pid());
        order.add(new Segment(from.pid(), clip(spansOf.get(from.pid()), from.address(), true, page)));
        for (int k = 1; k < pids.size(); k++) {
            int pid = pids.get((i + k) % pids.size());
            order.add(new Segment(pid, spansOf.get(pid)));
        }
        order.add(new Segment(from.pid(), clip(spansOf.get(from.pid()), from.address(), false, page)));
        return order;
    }

    /**
     * The pages of {@code spans} at or above {@code address} ({@code above}), or below it. The
     * mappings may have changed since the cursor was set: a cursor in a gap simply resumes at the
     * next mapping.
     */
    private static List<long[]> clip(List<long[]> spans, long address, boolean above, long page) {
        List<long[]> result = new ArrayList<>();
        for (long[] span : spans) {
            long end = span[0] + span[1] * page;
            boolean before = Long.compareUnsigned(end, address) <= 0;
            boolean after = Long.compareUnsigned(span[0], address) >= 0;
            if (above ? after : before) {
                result.add(span);
            } else if (!before && !after) {
                result.add(above ? new long[] {address, (end - address) / page}
                        : new long[] {span[0], (address - span[0]) / page});
            }
        }
        return result;
    }

    /** A process that exited since the snapshot leaves the others to move; any other stop ends the decision. */
    private static void skipIfGone(Stop stop) throws Stop {
        if (!stop.processGone) {
            throw stop;
        }
    }

    private static List<long[]> rangeSpans(List<PageRange> ranges, long page) {
        List<long[]> spans = new ArrayList<>();
        for (PageRange r : ranges) {
            spans.add(new long[] {r.start(), r.length() / page});
        }
        return spans;
    }

    /** Movable mappings of {@code pid} as (start, pages) spans. */
    private List<long[]> mappedSpans(Moves m, int pid, long page) throws Stop {
        List<ProcMaps.Mapping> maps;
        try {
            maps = ProcMaps.read(paths.procfs(), pid);
        } catch (NoSuchFileException e) {
            throw m.stop(new SyscallException("open", Errno.ESRCH), "process " + pid + " exited");
        } catch (IOException e) {
            int errno = Errno.fromMessage(e.getMessage());
            throw m.stop(new SyscallException("read", errno == 0 ? Errno.EIO : errno),
                    "cannot read maps of pid " + pid + " (" + e.getMessage() + ")");
        }
        List<long[]> spans = new ArrayList<>();
        for (ProcMaps.Mapping map : maps) {
            if (map.movable()) {
                spans.add(new long[] {map.start(), (map.end() - map.start()) / page});
            }
        }
        return spans;
    }

    /** Work on the first {@code n} addresses of a batch. */
    @FunctionalInterface
    private interface BatchAction {
        void run(long[] addrs, int n) throws Stop;
    }

    /** Walks the pages of (start, pages) {@code spans} in batches of at most {@code batch} addresses. */
    private static void inBatches(List<long[]> spans, int batch, long page, BatchAction action) throws Stop {
        long[] addrs = new long[batch];
        int n = 0;
        for (long[] span : spans) {
            for (long i = 0; i < span[1]; i++) {
                addrs[n++] = span[0] + i * page;
                if (n == batch) {
                    action.run(addrs, n);
                    n = 0;
                }
            }
        }
        if (n > 0) {
            action.run(addrs, n);
        }
    }

    /** Queries where the batch's pages are and moves those on a source node to {@code target}. */
    private void queryAndMove(Cycle c, Moves m, int pid, long[] addrs, int[] status, int n, int target,
                              NodeSet sources, long page) throws Stop {
        m.at(pid, addrs[0]);
        checkDeadline(c, m);
        long[] pages = n == addrs.length ? addrs : Arrays.copyOf(addrs, n);
        int[] st = n == status.length ? status : new int[n];
        m.queried += n;
        if (!call(m, pid, pages, null, st, 0, "query")) {
            return;
        }
        long[] found = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int node = st[i];
            if (node >= 0 && node != target && (sources == null || sources.contains(node))) {
                found[k++] = pages[i];
            } else if (node == -Errno.EFAULT) {
                // unmapped since the walk read the mappings, or the zero page: nothing to move
                m.unmapped++;
            }
            // -ENOENT: not present (never touched, or swapped out): nothing to move
        }
        m.found += k;
        if (k == 0) {
            return;
        }
        m.at(pid, found[0]);
        checkDeadline(c, m);
        try {
            limiter.acquire(k * page);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            m.interrupted = true;
            throw new Stop(false);
        }
        long[] move = Arrays.copyOf(found, k);
        int[] nodes = new int[k];
        Arrays.fill(nodes, target);
        int[] moved = new int[k];
        if (!call(m, pid, move, nodes, moved, Syscalls.MPOL_MF_MOVE, "move")) {
            return;
        }
        for (int i = 0; i < k; i++) {
            if (moved[i] == target) {
                m.moved++;
            } else if (moved[i] < 0) {
                m.fail(Errno.name(-moved[i]), 1);
            } else {
                m.fail("on-node-" + moved[i], 1);
            }
        }
    }

    private void checkDeadline(Cycle c, Moves m) throws Stop {
        if (sleeper.nanoTime() >= c.migrationDeadline) {
            m.outOfTime = true;
            throw new Stop(false);
        }
    }

    /**
     * A process that is exiting has released its memory map before it is reaped (still running its
     * exit path, or a zombie), and the kernel then answers EINVAL (as for a kernel thread) instead
     * of ESRCH. {@code /proc/PID/status} shows it: no {@code VmSize:} line, or state Z/X. Report
     * that as the exit it is, so that plugins and operators see one errno for one event.
     */
    private SyscallException exitedAsEsrch(SyscallException e, int pid) {
        if (e.errno() != Errno.EINVAL) {
            return e;
        }
        boolean hasMm = false;
        boolean dead = false;
        try {
            for (String line : Files.readAllLines(paths.proc(pid + "/status"))) {
                if (line.startsWith("VmSize:")) {
                    hasMm = true;
                } else if (line.startsWith("State:")) {
                    String state = line.substring("State:".length()).strip();
                    dead = state.startsWith("Z") || state.startsWith("X");
                }
            }
        } catch (IOException gone) {
            dead = true;
        }
        return dead || !hasMm ? new SyscallException(e.call(), Errno.ESRCH) : e;
    }

    /**
     * One move_pages call. Returns false when the whole call failed in a way that concerns only
     * this batch (EFAULT, ENOMEM: its pages count as failed and the walk goes on); throws
     * {@link Stop} on errors that would repeat for every batch (ESRCH: the process is gone, EPERM,
     * EACCES, EINVAL, ENODEV, ...).
     */
    private boolean call(Moves m, int pid, long[] pages, int[] nodes, int[] status, int flags, String what) throws Stop {
        long t0 = sleeper.nanoTime();
        try {
            syscalls.movePages(pid, pages, nodes, status, flags);
            return true;
        } catch (SyscallException raw) {
            SyscallException e = exitedAsEsrch(raw, pid);
            if (e.errno() == Errno.EFAULT || e.errno() == Errno.ENOMEM) {
                m.fail(e.errnoName(), pages.length);
                return false;
            }
            throw m.stop(e, e.errno() == Errno.ESRCH ? "process " + pid + " exited"
                    : "move_pages (" + what + ") of pid " + pid);
        } finally {
            m.longestCall = Math.max(m.longestCall, sleeper.nanoTime() - t0);
        }
    }

    // ---------------------------------------------------------------- swap-out

    private Outcome swapOut(Cycle c, SwapOut so) {
        long start = sleeper.nanoTime();
        long[] starts = so.ranges().stream().mapToLong(PageRange::start).toArray();
        long[] lengths = so.ranges().stream().mapToLong(PageRange::length).toArray();
        long wanted = Arrays.stream(lengths).sum();
        long page = syscalls.pageSize();
        int pidfd;
        long longest;
        long t0 = sleeper.nanoTime();
        try {
            pidfd = syscalls.pidfdOpen(so.pid(), 0);
        } catch (SyscallException e) {
            return swapFailed(c, so, e, start, sleeper.nanoTime() - t0);
        }
        longest = sleeper.nanoTime() - t0;
        long done;
        try {
            t0 = sleeper.nanoTime();
            done = syscalls.processMadvise(pidfd, starts, lengths, Syscalls.MADV_PAGEOUT, 0);
            longest = Math.max(longest, sleeper.nanoTime() - t0);
        } catch (SyscallException e) {
            longest = Math.max(longest, sleeper.nanoTime() - t0);
            return swapFailed(c, so, e, start, longest);
        } finally {
            try {
                syscalls.close(pidfd);
            } catch (SyscallException e) {
                LOG.warn("closing pidfd {} of pid {}: {}", pidfd, so.pid(), e.getMessage());
            }
        }
        return new Outcome(c.sequence(), so, Outcome.Status.APPLIED, "paged out " + done + " of " + wanted + " bytes of pid "
                + so.pid(), null, done / page, (wanted - done) / page, sleeper.nanoTime() - start, longest);
    }

    private Outcome swapFailed(Cycle c, SwapOut so, SyscallException e, long start, long longest) {
        String what = e.errno() == Errno.ESRCH ? "process " + so.pid() + " exited" : e.call() + " of pid " + so.pid();
        return new Outcome(c.sequence(), so, Outcome.Status.FAILED, what + ": " + e.errnoName() + " ("
                + Errno.message(e.errno()) + ")", e.errnoName(), 0, 0, sleeper.nanoTime() - start, longest);
    }
}
