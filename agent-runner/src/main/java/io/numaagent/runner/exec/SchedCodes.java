package io.numaagent.runner.exec;

import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.snapshot.ThreadScheduling;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's numbers for the names of {@link SchedulingParameters}: {@code SCHED_*} policies,
 * {@code SCHED_FLAG_*} bits and {@code IOPRIO_CLASS_*} ({@code ioprio = class << 13 | level}).
 */
public final class SchedCodes {

    /** The flags {@code sched_getattr} reports back (the others are only ever written). */
    private static final long REPORTED_FLAGS = 0x01 | 0x02 | 0x04;
    private static final int IOPRIO_CLASS_SHIFT = 13;
    /** The level's bits (the kernel's {@code IOPRIO_LEVEL_MASK}); bits 3-12 are hints, not levels. */
    private static final int IOPRIO_LEVEL_MASK = 0x7;

    private SchedCodes() {
    }

    /** {@code SCHED_*} of a policy name ({@code other} 0 ... {@code deadline} 6). */
    public static int policy(String name) {
        return switch (name) {
            case "other" -> 0;
            case "fifo" -> 1;
            case "rr" -> 2;
            case "batch" -> 3;
            case "idle" -> 5;
            case "deadline" -> 6;
            default -> throw new IllegalArgumentException("no SCHED_ policy for \"" + name + "\"");
        };
    }

    /** The name of {@code SCHED_*} number {@code policy}; {@code policy-N} for one not named here. */
    public static String policyName(int policy) {
        return switch (policy) {
            case 0 -> "other";
            case 1 -> "fifo";
            case 2 -> "rr";
            case 3 -> "batch";
            case 5 -> "idle";
            case 6 -> "deadline";
            default -> "policy-" + policy;
        };
    }

    /** The names of the reported {@code SCHED_FLAG_*} bits in {@code bits}. */
    public static List<String> flagNames(long bits) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < SchedulingParameters.FLAGS.size(); i++) {
            if ((bits & REPORTED_FLAGS & (1L << i)) != 0) {
                out.add(SchedulingParameters.FLAGS.get(i));
            }
        }
        return out;
    }

    /** The {@code ioprio} value of a class name and level. */
    public static int ioprio(String ioClass, int level) {
        return SchedulingParameters.IO_CLASSES.indexOf(ioClass) << IOPRIO_CLASS_SHIFT | level;
    }

    /** The class name of an {@code ioprio} value ({@code class-N} for one not named here). */
    public static String ioClassName(int ioprio) {
        int c = ioprio >>> IOPRIO_CLASS_SHIFT;
        return c < SchedulingParameters.IO_CLASSES.size() ? SchedulingParameters.IO_CLASSES.get(c) : "class-" + c;
    }

    /** The level of an {@code ioprio} value. */
    public static int ioLevel(int ioprio) {
        return ioprio & IOPRIO_LEVEL_MASK;
    }

    /** What one thread was found running with (its count 1). */
    public static ThreadScheduling seen(String cgroup, ThreadSyscalls.SchedAttr a, int ioprio) {
        boolean deadline = a.policy() == 6;
        return new ThreadScheduling(cgroup, policyName(a.policy()), a.priority(), a.nice(),
                flagNames(deadline ? a.flags() : a.flags() & 0x01), deadline ? a.runtime() : 0,
                deadline ? a.deadline() : 0, deadline ? a.period() : 0, ioClassName(ioprio), ioLevel(ioprio), 1);
    }

    /** The {@code sched_attr} that sets {@code p} (which sets a policy). */
    public static ThreadSyscalls.SchedAttr attrOf(SchedulingParameters p) {
        return new ThreadSyscalls.SchedAttr(policy(p.policy()), p.flagBits(), p.setsNice() ? p.niceValue() : 0,
                p.priority(), p.runtime(), p.deadline(), p.period());
    }
}
