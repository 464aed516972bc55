package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.ThreadScheduling;
import io.numaagent.runner.exec.CgroupThreads;
import io.numaagent.runner.exec.SchedCodes;
import io.numaagent.runner.exec.SyscallException;
import io.numaagent.runner.exec.ThreadSyscalls;
import io.numaagent.runner.host.ReadProblems;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the threads of each task run ({@link Task#threadScheduling()}): for the task's cgroup and each
 * sub-cgroup, every thread listed in {@code cgroup.threads} (v1 {@code tasks}) is asked for its
 * {@code sched_getattr} and {@code ioprio_get}, and the distinct combinations are kept with their counts.
 * A thread that exits between the listing and the calls ({@code ESRCH}) is skipped; any other refusal is
 * the cgroup's read problem (that thread is left out). Process tasks are left alone (they have no
 * cgroup of their own to list). Read only when a running plugin declares
 * {@link io.numaagent.api.snapshot.Measurement#THREAD_SCHEDULING}.
 */
public final class ThreadSchedulingReader {

    private final CgroupThreads threads;
    private final ThreadSyscalls calls;

    public ThreadSchedulingReader(CgroupThreads threads, ThreadSyscalls calls) {
        this.threads = threads;
        this.calls = calls;
    }

    /** The tasks, each with its threads' scheduling. */
    public List<Task> withThreadScheduling(List<Task> tasks, ReadProblems problems) {
        List<Task> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            if (t.isProcess() || t.cgroupPath() == null || t.cgroupPath().isEmpty()) {
                out.add(t);
                continue;
            }
            List<ThreadScheduling> seen = new ArrayList<>();
            seen.addAll(read(t.cgroupPath(), problems));
            for (String sub : t.subCgroups()) {
                if (!sub.equals(t.cgroupPath())) {
                    seen.addAll(read(sub, problems));
                }
            }
            out.add(t.withThreadScheduling(seen));
        }
        return out;
    }

    /** The distinct combinations over the threads of one cgroup, in the order first seen. */
    List<ThreadScheduling> read(String cgroup, ReadProblems problems) {
        List<Integer> tids;
        try {
            tids = threads.of(cgroup);
        } catch (IOException e) {
            problems.report(threads.file(cgroup), ReadProblems.Kind.UNREADABLE, "cannot list the threads of "
                    + cgroup + ": " + e.getMessage());
            return List.of();
        }
        Map<ThreadScheduling, Integer> counts = new LinkedHashMap<>();
        for (int tid : tids) {
            try {
                ThreadScheduling one = SchedCodes.seen(cgroup, calls.schedGetattr(tid), calls.ioprioGet(tid));
                counts.merge(one, 1, Integer::sum);
            } catch (SyscallException e) {
                if (e.errno() != io.numaagent.runner.exec.Errno.ESRCH) {
                    problems.report(threads.file(cgroup), ReadProblems.Kind.UNREADABLE, "thread " + tid + " of "
                            + cgroup + ": " + e.getMessage());
                }
            }
        }
        List<ThreadScheduling> out = new ArrayList<>(counts.size());
        counts.forEach((one, n) -> out.add(one.withThreads(n)));
        return out;
    }
}
