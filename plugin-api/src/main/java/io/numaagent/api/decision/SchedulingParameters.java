package io.numaagent.api.decision;

import io.numaagent.api.snapshot.ThreadScheduling;
import java.util.List;
import java.util.Objects;

/**
 * A scheduling class's parameters as {@code sched_setattr(2)} and {@code ioprio_set(2)} take them, checked
 * in the constructor as the kernel checks them, so that what the kernel would refuse is refused once, here,
 * for the config reader and the executor alike. Names are the reference's ({@code SCHED_*},
 * {@code SCHED_FLAG_*} and {@code IOPRIO_CLASS_*} lower-cased, without prefix).
 *
 * @param policy     {@code none} (the threads' policy and its parameters are left as they are), {@code other},
 *                   {@code fifo}, {@code rr}, {@code batch}, {@code idle} or {@code deadline}
 * @param priority   the static priority: 1..99 for {@code fifo} and {@code rr}, 0 for the others
 * @param flags      {@code reset-on-fork}, {@code reclaim}, {@code dl-overrun}, {@code util-clamp-min},
 *                   {@code util-clamp-max} ({@code keep-policy} and {@code keep-params} are refused: they would
 *                   leave the class unapplied, which {@code policy none} says plainly)
 * @param nice       -20..19, or {@code null}: with policy {@code other} or {@code batch} it is {@code sched_nice}
 *                   (null = 0, as the OCI runtime passes it); with policy {@code none} it is set alone
 *                   ({@code setpriority(2)}), null = left as it is; other policies have no nice (the kernel
 *                   ignores it), so it is not set or compared for them
 * @param runtime    {@code SCHED_DEADLINE} runtime in ns (≥ 1024); 0 for other policies
 * @param deadline   {@code SCHED_DEADLINE} relative deadline in ns (≥ runtime); 0 for other policies
 * @param period     {@code SCHED_DEADLINE} period in ns (≥ deadline, or 0: the deadline); 0 for other policies
 * @param ioClass    {@code none}, {@code rt}, {@code be} or {@code idle}, or {@code null}: the I/O priority is
 *                   left as it is
 * @param ioPriority 0..7, only non-zero with {@code rt} or {@code be}
 */
public record SchedulingParameters(String policy, int priority, List<String> flags, Integer nice, long runtime,
                                   long deadline, long period, String ioClass, int ioPriority) {

    /** The policies, by their kernel number's name; {@code none} leaves the policy. */
    public static final List<String> POLICIES = List.of("none", "other", "fifo", "rr", "batch", "idle", "deadline");
    /** The {@code SCHED_FLAG_*} names, in bit order (bit 0: reset-on-fork). */
    public static final List<String> FLAGS = List.of("reset-on-fork", "reclaim", "dl-overrun", "keep-policy",
            "keep-params", "util-clamp-min", "util-clamp-max");
    /** The {@code IOPRIO_CLASS_*} names, in class-number order (0: none). */
    public static final List<String> IO_CLASSES = List.of("none", "rt", "be", "idle");
    /** The kernel's smallest {@code SCHED_DEADLINE} runtime: {@code 1 << DL_SCALE} ns. */
    public static final long MIN_DEADLINE_RUNTIME = 1024;

    /** A parameter the kernel would refuse: {@link #field()} names it (as the config spells it). */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        Invalid(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
        }

        /** The parameter: {@code priority}, {@code flags}, {@code nice}, {@code runtime}, {@code ioPriority}, ... */
        public String field() {
            return field;
        }

        /** The problem without the field's name, e.g. {@code must be 1..99 for fifo; got 0}. */
        public String problem() {
            return getMessage().substring(field.length() + 2);
        }
    }

    public SchedulingParameters {
        policy = policy == null || policy.isEmpty() ? "none" : policy;
        flags = List.copyOf(flags);
        ioClass = ioClass == null || ioClass.isEmpty() ? null : ioClass;
        if (!POLICIES.contains(policy)) {
            throw new Invalid("policy", "must be one of " + String.join(", ", POLICIES) + "; got \"" + policy + "\"");
        }
        boolean realTime = policy.equals("fifo") || policy.equals("rr");
        if (realTime && (priority < 1 || priority > 99)) {
            throw new Invalid("priority", "must be 1..99 for " + policy + "; got " + priority);
        }
        if (!realTime && priority != 0) {
            throw new Invalid("priority", "must be 0 for " + policy + " (only fifo and rr have a static priority); "
                    + "got " + priority);
        }
        for (String f : flags) {
            if (!FLAGS.contains(f)) {
                throw new Invalid("flags", "must be among " + String.join(", ", FLAGS) + "; got \"" + f + "\"");
            }
            if (f.startsWith("keep-")) {
                throw new Invalid("flags", f + " would leave the class's " + f.substring(5) + " unapplied; use policy "
                        + "none to leave the threads' policy as it is");
            }
        }
        if (policy.equals("none") && !flags.isEmpty()) {
            throw new Invalid("flags", "need a policy: with policy none no sched_setattr is made; got "
                    + String.join(", ", flags));
        }
        if (nice != null && (nice < -20 || nice > 19)) {
            throw new Invalid("nice", "must be -20..19; got " + nice);
        }
        checkDeadline(policy, runtime, deadline, period);
        if (ioClass != null && !IO_CLASSES.contains(ioClass)) {
            throw new Invalid("ioClass", "must be one of " + String.join(", ", IO_CLASSES) + "; got \"" + ioClass
                    + "\"");
        }
        if (ioPriority < 0 || ioPriority > 7) {
            throw new Invalid("ioPriority", "must be 0..7; got " + ioPriority);
        }
        if (ioPriority != 0 && !"rt".equals(ioClass) && !"be".equals(ioClass)) {
            throw new Invalid("ioPriority", "needs ioClass rt or be (the kernel refuses a priority in class "
                    + (ioClass == null ? "none" : ioClass) + "); got " + ioPriority);
        }
    }

    /** The kernel's {@code SCHED_DEADLINE} rules: runtime ≥ 1024 ns, runtime ≤ deadline ≤ period (0: the deadline). */
    private static void checkDeadline(String policy, long runtime, long deadline, long period) {
        if (!policy.equals("deadline")) {
            String given = runtime != 0 ? "runtime" : deadline != 0 ? "deadline" : period != 0 ? "period" : null;
            if (given != null) {
                throw new Invalid(given, "is only for policy deadline; got policy " + policy);
            }
            return;
        }
        if (runtime < MIN_DEADLINE_RUNTIME) {
            throw new Invalid("runtime", "must be at least " + MIN_DEADLINE_RUNTIME + " ns; got " + runtime);
        }
        if (runtime > deadline || (period != 0 && deadline > period) || period < 0) {
            throw new Invalid("deadline", "the kernel needs runtime <= deadline <= period; got runtime " + runtime
                    + ", deadline " + deadline + ", period " + period);
        }
    }

    /** Whether the threads' policy (and its parameters) are set: every policy but {@code none}. */
    public boolean setsPolicy() {
        return !policy.equals("none");
    }

    /** Whether nice is part of what is set: policy other or batch, or policy none with a nice. */
    public boolean setsNice() {
        return policy.equals("other") || policy.equals("batch") || (policy.equals("none") && nice != null);
    }

    /** The nice set ({@link #setsNice()}): the given one, else 0. */
    public int niceValue() {
        return nice == null ? 0 : nice;
    }

    /** Whether the I/O priority is set. */
    public boolean setsIo() {
        return ioClass != null;
    }

    /** The {@code SCHED_FLAG_*} bits of {@link #flags}. */
    public long flagBits() {
        long bits = 0;
        for (String f : flags) {
            bits |= 1L << FLAGS.indexOf(f);
        }
        return bits;
    }

    /** The period the kernel keeps: the given one, or the deadline when 0. */
    public long effectivePeriod() {
        return period == 0 ? deadline : period;
    }

    /**
     * Whether threads found running with {@code seen} already have these parameters, as the kernel reports
     * them back ({@code sched_getattr}, {@code ioprio_get}): the policy and what it uses (the priority for
     * fifo and rr; nice for other and batch; runtime, deadline, period, reclaim and dl-overrun for deadline;
     * reset-on-fork for every policy set), nice alone for policy none with a nice, the I/O class (and level
     * for rt and be). Utilisation clamps are not reported as flags, so they are not compared.
     */
    public boolean matches(ThreadScheduling seen) {
        Objects.requireNonNull(seen, "seen");
        if (setsPolicy()) {
            if (!seen.policy().equals(policy) || seen.flags().contains("reset-on-fork") != flags.contains("reset-on-fork")) {
                return false;
            }
            if (seen.priority() != priority) {
                return false;
            }
            if (policy.equals("deadline") && (seen.runtime() != runtime || seen.deadline() != deadline
                    || seen.period() != effectivePeriod() || seen.flags().contains("reclaim") != flags.contains("reclaim")
                    || seen.flags().contains("dl-overrun") != flags.contains("dl-overrun"))) {
                return false;
            }
        }
        if (setsNice() && seen.nice() != niceValue()) {
            return false;
        }
        if (setsIo()) {
            if (!seen.ioClass().equals(ioClass)) {
                return false;
            }
            return !(ioClass.equals("rt") || ioClass.equals("be")) || seen.ioPriority() == ioPriority;
        }
        return true;
    }

    /** As the dry-run and the logs show them: {@code policy batch, nice 5, ioClass idle}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("policy ").append(policy);
        if (priority != 0) {
            b.append(", priority ").append(priority);
        }
        if (!flags.isEmpty()) {
            b.append(", flags ").append(String.join("+", flags));
        }
        if (setsNice()) {
            b.append(", nice ").append(niceValue());
        }
        if (policy.equals("deadline")) {
            b.append(", runtime ").append(runtime).append(", deadline ").append(deadline).append(", period ")
                    .append(effectivePeriod());
        }
        if (setsIo()) {
            b.append(", ioClass ").append(ioClass);
            if (ioClass.equals("rt") || ioClass.equals("be")) {
                b.append(", ioPriority ").append(ioPriority);
            }
        }
        return b.toString();
    }
}
