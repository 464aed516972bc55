package io.numaagent.runner.exec;

import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Task;
import java.util.Arrays;

/**
 * Applies {@link MigrateMemory} in {@code migrate_pages} mode: one system call per process that
 * moves all of the process's pages on the source nodes in the kernel. It is <em>not</em> paced by
 * {@code bandwidth_bytes_per_sec}, and the cycle's migration time is only checked before the
 * decision starts (by the executor), not between or within the calls.
 */
final class MigratePagesApplier {

    private final Syscalls syscalls;
    private final Sleeper sleeper;
    private final ProcessExits exits;

    MigratePagesApplier(Syscalls syscalls, Sleeper sleeper, ProcessExits exits) {
        this.syscalls = syscalls;
        this.sleeper = sleeper;
        this.exits = exits;
    }

    Outcome apply(Cycle c, Task task, MigrateMemory mm) {
        NodeSet sources = c.sources(mm);
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
                SyscallException e = exits.exitedAsEsrch(raw, pid);
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
            return new Outcome(c.sequence(), mm, Outcome.Status.FAILED, failure.detail(failedPid, "migrate_pages of pid "
                    + failedPid) + "; " + done + " of " + task.pids().size() + " processes done",
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
}
