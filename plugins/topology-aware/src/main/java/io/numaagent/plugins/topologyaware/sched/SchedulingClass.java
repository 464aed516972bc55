package io.numaagent.plugins.topologyaware.sched;

import io.numaagent.plugins.topologyaware.NamedEntries;
import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.plugin.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One entry of {@code schedulingClasses}, with the reference's field names and values, checked against
 * what the kernel's {@code sched_setattr(2)} and {@code ioprio_set(2)} accept (by {@link SchedulingParameters},
 * the decision's own check) so that a class the kernel would refuse is an error at its key instead of a
 * failure at every container.
 *
 * @param policy     {@code none} (the policy is left as it is), {@code other}, {@code fifo}, {@code rr},
 *                   {@code batch}, {@code idle} or {@code deadline}; empty when not given (as {@code none})
 * @param priority   the static priority: 1..99 for {@code fifo} and {@code rr}, 0 for the others
 * @param flags      {@code SCHED_FLAG_*} names: {@code reset-on-fork}, {@code reclaim}, {@code dl-overrun},
 *                   {@code util-clamp-min}, {@code util-clamp-max} ({@code keep-policy} and {@code keep-params}
 *                   are refused: see {@link SchedulingParameters})
 * @param nice       -20..19
 * @param runtime    {@code SCHED_DEADLINE} runtime (nanoseconds, as {@code sched_attr} and the OCI spec count)
 * @param deadline   {@code SCHED_DEADLINE} relative deadline (nanoseconds)
 * @param period     {@code SCHED_DEADLINE} period (nanoseconds)
 * @param ioClass    {@code none}, {@code rt}, {@code be} or {@code idle}; empty when not given
 * @param ioPriority 0..7 within {@code rt} or {@code be}
 */
public record SchedulingClass(String name, String policy, OptionalInt priority, List<String> flags, OptionalInt nice,
                              OptionalLong runtime, OptionalLong deadline, OptionalLong period, String ioClass,
                              OptionalInt ioPriority) {

    /** The policies, spelled as the reference spells {@code SCHED_*}. */
    public static final List<String> POLICIES = SchedulingParameters.POLICIES;
    /** The flags, spelled as the reference's CRD spells {@code SCHED_FLAG_*}. */
    public static final List<String> FLAGS = SchedulingParameters.FLAGS;
    /** The I/O classes, spelled as the reference spells {@code IOPRIO_CLASS_*}. */
    public static final List<String> IO_CLASSES = SchedulingParameters.IO_CLASSES;

    private static final Set<String> FIELDS = Set.of("name", "policy", "priority", "flags", "nice", "runtime",
            "deadline", "period", "ioClass", "ioPriority");
    public SchedulingClass {
        flags = List.copyOf(flags);
    }

    /**
     * What the class sets, as the executor takes it: fields not given are the kernel's zero (priority 0,
     * deadline parameters 0), nice and the I/O class stay absent (left as they are).
     */
    public SchedulingParameters schedulingParameters() {
        return new SchedulingParameters(policy, priority.orElse(0), flags, nice.isPresent() ? nice.getAsInt() : null,
                runtime.orElse(0), deadline.orElse(0), period.orElse(0), ioClass, ioPriority.orElse(0));
    }

    /** Whether the class is real-time ({@code fifo}, {@code rr}): the policies with a static priority. */
    public boolean realTime() {
        return policy.equals("fifo") || policy.equals("rr");
    }

    /** The parameters given, as in the config ({@code policy fifo, priority 42, ioClass be}), or {@code -}. */
    public String parameters() {
        List<String> out = new ArrayList<>();
        if (!policy.isEmpty()) {
            out.add("policy " + policy);
        }
        priority.ifPresent(p -> out.add("priority " + p));
        if (!flags.isEmpty()) {
            out.add("flags " + String.join("+", flags));
        }
        nice.ifPresent(n -> out.add("nice " + n));
        runtime.ifPresent(n -> out.add("runtime " + n));
        deadline.ifPresent(n -> out.add("deadline " + n));
        period.ifPresent(n -> out.add("period " + n));
        if (!ioClass.isEmpty()) {
            out.add("ioClass " + ioClass);
        }
        ioPriority.ifPresent(p -> out.add("ioPriority " + p));
        return out.isEmpty() ? "-" : String.join(", ", out);
    }

    /**
     * Reads the entry at {@code key} ({@code schedulingClasses[2]}); a problem is a {@link ConfigException} at
     * the field ({@code schedulingClasses[2].priority}).
     */
    static SchedulingClass read(String key, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new ConfigException(key, "'" + key + "' must be a mapping such as {name: realtime, policy: fifo, "
                    + "priority: 42}; got " + NamedEntries.describe(value));
        }
        for (Object field : m.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new ConfigException(key + "." + field, "unknown key '" + field + "' in a scheduling class; "
                        + "known keys: " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        Object rawName = m.get("name");
        if (!(rawName instanceof String name) || name.isBlank()) {
            throw new ConfigException(m.containsKey("name") ? key + ".name" : key, "'" + key + ".name' is required: "
                    + "a non-empty class name; got " + NamedEntries.describe(rawName));
        }
        if (m.get("policy") instanceof String p && p.strip().equals("iso")) {
            throw new ConfigException(key + ".policy", "'" + key + ".policy': iso is not a Linux policy (SCHED_ISO "
                    + "was never merged; the kernel refuses it); use one of " + String.join(", ", POLICIES));
        }
        String policy = choice(key + ".policy", m.get("policy"), POLICIES, "");
        OptionalInt priority = integer(key + ".priority", m.get("priority"), 0, 99);
        boolean realTime = policy.equals("fifo") || policy.equals("rr");
        if (realTime && priority.isEmpty()) {
            throw new ConfigException(key, "'" + key + ".priority' is required for " + policy + " (1..99)");
        }
        List<String> flags = flags(key + ".flags", m.get("flags"));
        OptionalInt nice = integer(key + ".nice", m.get("nice"), -20, 19);
        OptionalLong runtime = nanos(key + ".runtime", m.get("runtime"));
        OptionalLong deadline = nanos(key + ".deadline", m.get("deadline"));
        OptionalLong period = nanos(key + ".period", m.get("period"));
        checkDeadline(key, policy, runtime, deadline, period);
        String ioClass = choice(key + ".ioClass", m.get("ioClass"), IO_CLASSES, "");
        OptionalInt ioPriority = integer(key + ".ioPriority", m.get("ioPriority"), 0, 7);
        SchedulingClass c = new SchedulingClass(name.strip(), policy, priority, flags, nice, runtime, deadline, period,
                ioClass, ioPriority);
        try {
            c.schedulingParameters(); // what the kernel refuses: checked once, as the decision checks it
        } catch (SchedulingParameters.Invalid e) {
            throw new ConfigException(key + "." + e.field(), "'" + key + "." + e.field() + "' " + e.problem());
        }
        return c;
    }

    /** What a config must say for deadline: the parameters only with it, and with it runtime and deadline. */
    private static void checkDeadline(String key, String policy, OptionalLong runtime, OptionalLong deadline,
                                      OptionalLong period) {
        if (!policy.equals("deadline")) {
            for (Map.Entry<String, OptionalLong> e : Map.of("runtime", runtime, "deadline", deadline, "period",
                    period).entrySet()) {
                if (e.getValue().isPresent()) {
                    throw new ConfigException(key + "." + e.getKey(), "'" + key + "." + e.getKey() + "' is only for "
                            + "policy deadline; got policy " + (policy.isEmpty() ? "none" : policy));
                }
            }
        } else if (runtime.isEmpty() || deadline.isEmpty()) {
            throw new ConfigException(key, "'" + key + "': policy deadline needs runtime and deadline (nanoseconds; "
                    + "period defaults to the deadline)");
        }
    }

    private static String choice(String key, Object v, List<String> allowed, String absent) {
        if (v == null) {
            return absent;
        }
        String s = v instanceof String t ? t.strip() : null;
        if (s == null || !allowed.contains(s)) {
            throw new ConfigException(key, "'" + key + "' must be one of " + String.join(", ", allowed) + "; got "
                    + NamedEntries.describe(v));
        }
        return s;
    }

    private static List<String> flags(String key, Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(key, "'" + key + "' must be a list of " + String.join(", ", FLAGS) + "; got "
                    + NamedEntries.describe(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(choice(key + "[" + i + "]", list.get(i), FLAGS, ""));
        }
        return out;
    }

    private static OptionalInt integer(String key, Object v, int min, int max) {
        if (v == null) {
            return OptionalInt.empty();
        }
        if (!(v instanceof Integer i) || i < min || i > max) {
            throw new ConfigException(key, "'" + key + "' must be an integer " + min + ".." + max + "; got "
                    + NamedEntries.describe(v));
        }
        return OptionalInt.of(i);
    }

    private static OptionalLong nanos(String key, Object v) {
        if (v == null) {
            return OptionalLong.empty();
        }
        long n = v instanceof Integer i ? i : v instanceof Long l ? l : -1;
        if (n < 0) {
            throw new ConfigException(key, "'" + key + "' must be a non-negative integer (nanoseconds); got "
                    + NamedEntries.describe(v));
        }
        return OptionalLong.of(n);
    }


}
