package io.numaagent.runner.exec;

/**
 * The per-thread scheduling system calls, as plain Java (no JNA types), so that the executor and the
 * snapshot's reader can be tested against a fake. {@link LinuxThreadSyscalls} is the real one. A thread
 * is named by its thread id (as {@code cgroup.threads} lists it); every call acts on that thread only.
 */
public interface ThreadSyscalls {

    /** {@code ioprio_set}/{@code ioprio_get} {@code which}: one thread. */
    int IOPRIO_WHO_PROCESS = 1;

    /**
     * The fields of the kernel's {@code struct sched_attr} this agent uses (the utilisation clamps are
     * written as 0 and not read).
     *
     * @param policy   {@code SCHED_*} number (0 other, 1 fifo, 2 rr, 3 batch, 5 idle, 6 deadline)
     * @param flags    {@code SCHED_FLAG_*} bits
     * @param nice     {@code sched_nice}
     * @param priority {@code sched_priority}
     * @param runtime  {@code sched_runtime} (ns)
     * @param deadline {@code sched_deadline} (ns)
     * @param period   {@code sched_period} (ns)
     */
    record SchedAttr(int policy, long flags, int nice, int priority, long runtime, long deadline, long period) {
    }

    /** {@code sched_getattr(tid, attr, sizeof attr, 0)}. */
    SchedAttr schedGetattr(int tid) throws SyscallException;

    /** {@code sched_setattr(tid, attr, 0)}. */
    void schedSetattr(int tid, SchedAttr attr) throws SyscallException;

    /** {@code setpriority(PRIO_PROCESS, tid, nice)}: the thread's nice alone, its policy left. */
    void setNice(int tid, int nice) throws SyscallException;

    /** {@code ioprio_get(IOPRIO_WHO_PROCESS, tid)}: {@code class << 13 | level}. */
    int ioprioGet(int tid) throws SyscallException;

    /** {@code ioprio_set(IOPRIO_WHO_PROCESS, tid, ioprio)}. */
    void ioprioSet(int tid, int ioprio) throws SyscallException;
}
