package io.numaagent.runner.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ThreadSyscalls} fake: threads with their {@code sched_attr} and {@code ioprio} as the kernel
 * keeps them (set calls change them, get calls report them), every set call recorded as a line of text;
 * a thread may be gone ({@code ESRCH}) or refuse one call with an errno.
 */
public final class FakeThreadSyscalls implements ThreadSyscalls {

    /** A thread as a fresh process has it: SCHED_OTHER, nice 0, I/O class none. */
    static final SchedAttr DEFAULT = new SchedAttr(0, 0, 0, 0, 0, 0, 0);

    public final List<String> calls = new ArrayList<>();
    public final Map<Integer, SchedAttr> attrs = new HashMap<>();
    public final Map<Integer, Integer> ioprios = new HashMap<>();
    private final Set<Integer> gone = new HashSet<>();
    private final Map<String, Integer> refusals = new HashMap<>();

    /** Threads running with the defaults. */
    public FakeThreadSyscalls threads(int... tids) {
        for (int tid : tids) {
            attrs.put(tid, DEFAULT);
            ioprios.put(tid, 0);
        }
        return this;
    }

    /** {@code tid} exits before any call reaches it. */
    public FakeThreadSyscalls gone(int tid) {
        gone.add(tid);
        return this;
    }

    /** {@code call} ("sched_setattr", "ioprio_set", ...) on {@code tid} fails with {@code errno}. */
    public FakeThreadSyscalls refuse(String call, int tid, int errno) {
        refusals.put(call + " " + tid, errno);
        return this;
    }

    private void check(String call, int tid) throws SyscallException {
        if (gone.contains(tid) || !attrs.containsKey(tid)) {
            throw new SyscallException(call, Errno.ESRCH);
        }
        Integer errno = refusals.get(call + " " + tid);
        if (errno != null) {
            throw new SyscallException(call, errno);
        }
    }

    @Override
    public SchedAttr schedGetattr(int tid) throws SyscallException {
        check("sched_getattr", tid);
        return attrs.get(tid);
    }

    @Override
    public void schedSetattr(int tid, SchedAttr a) throws SyscallException {
        check("sched_setattr", tid);
        calls.add("sched_setattr " + tid + " policy=" + a.policy() + " flags=" + a.flags() + " nice=" + a.nice()
                + " priority=" + a.priority() + " runtime=" + a.runtime() + " deadline=" + a.deadline() + " period="
                + a.period());
        boolean fair = a.policy() == 0 || a.policy() == 3;
        int nice = fair ? a.nice() : attrs.get(tid).nice(); // the kernel keeps nice only for other and batch
        long period = a.policy() == 6 && a.period() == 0 ? a.deadline() : a.period();
        attrs.put(tid, new SchedAttr(a.policy(), a.flags() & 0x07, nice, a.priority(), a.runtime(), a.deadline(),
                period));
    }

    @Override
    public void setNice(int tid, int nice) throws SyscallException {
        check("setpriority", tid);
        calls.add("setpriority " + tid + " " + nice);
        SchedAttr a = attrs.get(tid);
        attrs.put(tid, new SchedAttr(a.policy(), a.flags(), nice, a.priority(), a.runtime(), a.deadline(), a.period()));
    }

    @Override
    public int ioprioGet(int tid) throws SyscallException {
        check("ioprio_get", tid);
        return ioprios.get(tid);
    }

    @Override
    public void ioprioSet(int tid, int ioprio) throws SyscallException {
        check("ioprio_set", tid);
        calls.add("ioprio_set " + tid + " class=" + (ioprio >> 13) + " level=" + (ioprio & 7));
        ioprios.put(tid, ioprio);
    }
}
