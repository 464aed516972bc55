package io.numaagent.api.snapshot;

import java.util.List;
import java.util.Objects;

/**
 * How some threads of one cgroup run, as the kernel reports it per thread ({@code sched_getattr(2)},
 * {@code ioprio_get(2)}): one entry per distinct combination found over the cgroup's threads, with how
 * many threads have it. Read only when a running plugin declares {@link Measurement#THREAD_SCHEDULING}.
 * Names as {@code io.numaagent.api.decision.SchedulingParameters} spells them.
 *
 * @param cgroupPath the cgroup whose threads these are: the task's own, or one of its sub-cgroups
 * @param policy     {@code other}, {@code fifo}, {@code rr}, {@code batch}, {@code idle}, {@code deadline}
 *                   (or {@code policy-N} for a number this agent does not name, e.g. 7, {@code SCHED_EXT})
 * @param priority   the static priority (0 unless fifo or rr)
 * @param nice       the nice value (meaningful for other and batch)
 * @param flags      the flags the kernel reports: {@code reset-on-fork}; {@code reclaim}, {@code dl-overrun}
 *                   for deadline
 * @param runtime    deadline runtime in ns (0 unless deadline)
 * @param deadline   deadline in ns (0 unless deadline)
 * @param period     deadline period in ns (0 unless deadline)
 * @param ioClass    {@code none}, {@code rt}, {@code be} or {@code idle}
 * @param ioPriority the level within the I/O class (0..7)
 * @param threads    how many threads of the cgroup run so (≥ 1)
 */
public record ThreadScheduling(String cgroupPath, String policy, int priority, int nice, List<String> flags,
                               long runtime, long deadline, long period, String ioClass, int ioPriority,
                               int threads) {

    public ThreadScheduling {
        Objects.requireNonNull(cgroupPath, "cgroupPath");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(ioClass, "ioClass");
        flags = List.copyOf(flags);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** The same combination counted over {@code n} threads. */
    public ThreadScheduling withThreads(int n) {
        return new ThreadScheduling(cgroupPath, policy, priority, nice, flags, runtime, deadline, period, ioClass,
                ioPriority, n);
    }

    /** As the prompt shows it: {@code 3 threads: batch nice 5, io idle}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(threads).append(threads == 1 ? " thread: " : " threads: ")
                .append(policy);
        if (priority != 0) {
            b.append(" priority ").append(priority);
        }
        b.append(" nice ").append(nice);
        if (!flags.isEmpty()) {
            b.append(" flags ").append(String.join("+", flags));
        }
        if (policy.equals("deadline")) {
            b.append(" runtime ").append(runtime).append(" deadline ").append(deadline).append(" period ")
                    .append(period);
        }
        return b.append(", io ").append(ioClass).append(' ').append(ioPriority).toString();
    }
}
