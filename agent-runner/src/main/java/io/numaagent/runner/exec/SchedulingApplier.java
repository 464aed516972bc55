package io.numaagent.runner.exec;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.snapshot.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Applies {@link SetSchedulingClass} to every thread of the cgroup (a whole task: its cgroup and each
 * sub-cgroup): {@code sched_setattr} when the class has a policy ({@code setpriority} when it has a nice
 * alone), then {@code ioprio_set} when it has an I/O class. A thread that exits meanwhile ({@code ESRCH})
 * is counted as gone; every other refusal is counted per call and errno, and any makes the outcome
 * {@code failed}, so that nothing is half-applied without saying so. The detail counts the threads set,
 * gone and failed.
 */
final class SchedulingApplier {

    private final CgroupThreads threads;
    private final Supplier<ThreadSyscalls> calls;
    private ThreadSyscalls made;

    /** @param calls the system calls, made on first use (a host that never sets a class needs none) */
    SchedulingApplier(CgroupThreads threads, Supplier<ThreadSyscalls> calls) {
        this.threads = threads;
        this.calls = calls;
    }

    private ThreadSyscalls calls() {
        if (made == null) {
            made = calls.get();
        }
        return made;
    }

    /** The cgroups whose threads a decision sets: its sub-cgroup, or the task's cgroup and every sub-cgroup. */
    static List<String> cgroupsOf(Task task, SetSchedulingClass d) {
        if (d.subCgroup() != null) {
            return List.of(d.subCgroup());
        }
        List<String> out = new ArrayList<>();
        out.add(task.cgroupPath());
        task.subCgroups().stream().filter(s -> !out.contains(s)).forEach(out::add);
        return out;
    }

    Outcome apply(Cycle c, Task task, SetSchedulingClass d) {
        SchedulingParameters p = d.parameters();
        int set = 0;
        int gone = 0;
        int failed = 0;
        Map<String, Integer> errors = new TreeMap<>();
        String lastErrno = null;
        for (String cgroup : cgroupsOf(task, d)) {
            List<Integer> tids;
            try {
                tids = threads.of(cgroup);
            } catch (IOException e) {
                return new Outcome(c.sequence(), d, Outcome.Status.FAILED, "cannot list the threads of " + cgroup
                        + ": " + e.getMessage() + counts(set, gone, 0), null, 0, 0, 0, 0);
            }
            for (int tid : tids) {
                try {
                    applyTo(tid, p);
                    set++;
                } catch (SyscallException e) {
                    if (e.errno() == Errno.ESRCH) {
                        gone++;
                    } else {
                        failed++;
                        lastErrno = e.errnoName();
                        errors.merge(e.call() + " " + e.errnoName(), 1, Integer::sum);
                    }
                }
            }
        }
        String what = "class " + d.className() + " (" + p + ") on " + String.join(", ", cgroupsOf(task, d));
        if (failed == 0) {
            return c.outcome(d, Outcome.Status.APPLIED, "set " + what + counts(set, gone, 0));
        }
        StringBuilder b = new StringBuilder("set ").append(what).append(counts(set, gone, failed)).append(": ");
        errors.forEach((call, n) -> b.append(call).append(" x").append(n).append(hint(call, p)).append("; "));
        b.setLength(b.length() - 2);
        return new Outcome(c.sequence(), d, Outcome.Status.FAILED, b.toString(), lastErrno, 0, 0, 0, 0);
    }

    private void applyTo(int tid, SchedulingParameters p) throws SyscallException {
        ThreadSyscalls k = calls();
        if (p.setsPolicy()) {
            k.schedSetattr(tid, SchedCodes.attrOf(p));
        } else if (p.setsNice()) {
            k.setNice(tid, p.niceValue());
        }
        if (p.setsIo()) {
            k.ioprioSet(tid, SchedCodes.ioprio(p.ioClass(), p.ioPriority()));
        }
    }

    private static String counts(int set, int gone, int failed) {
        return ": " + set + (set == 1 ? " thread" : " threads") + " set, " + gone + " gone, " + failed + " failed";
    }

    /** Why the kernel says so, where its errno alone does not tell an operator. */
    private static String hint(String callAndErrno, SchedulingParameters p) {
        boolean realTime = p.policy().equals("fifo") || p.policy().equals("rr");
        if (callAndErrno.equals("sched_setattr EBUSY")) {
            return " (SCHED_DEADLINE admission: not enough deadline bandwidth left on these CPUs)";
        } else if (callAndErrno.equals("sched_setattr EPERM") && (realTime || p.policy().equals("deadline"))) {
            return " (needs CAP_SYS_NICE, and with CONFIG_RT_GROUP_SCHED real-time runtime in the cgroup:"
                    + " cpu.rt_runtime_us)";
        } else if (callAndErrno.endsWith(" EPERM")) {
            return " (needs CAP_SYS_NICE" + (callAndErrno.startsWith("ioprio") ? " or CAP_SYS_ADMIN)" : ")");
        }
        return "";
    }
}
