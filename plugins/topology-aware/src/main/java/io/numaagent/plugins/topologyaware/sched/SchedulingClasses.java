package io.numaagent.plugins.topologyaware.sched;

import io.numaagent.plugins.topologyaware.NamedEntries;
import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.snapshot.QosClass;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduling classes of the config and their defaults, and the class of a container: the one its
 * {@code scheduling-class} annotation names, else its namespace's ({@code namespaceSchedulingClasses}),
 * else its QoS class's ({@code podQoSSchedulingClasses}), else none, as the reference resolves them for
 * every container (exclusive or not).
 *
 * @param classes     {@code schedulingClasses}, in config order, names unique
 * @param byNamespace {@code namespaceSchedulingClasses}: namespace → class name
 * @param byQos       {@code podQoSSchedulingClasses}: QoS class → class name
 */
public record SchedulingClasses(List<SchedulingClass> classes, Map<String, String> byNamespace,
                                Map<QosClass, String> byQos) {

    /** No classes, no defaults: no container has a class. */
    public static final SchedulingClasses NONE = new SchedulingClasses(List.of(), Map.of(), Map.of());

    /** The QoS names {@code podQoSSchedulingClasses} takes (any case, as the reference lowercases them). */
    private static final Map<String, QosClass> QOS_NAMES = Map.of("guaranteed", QosClass.GUARANTEED,
            "burstable", QosClass.BURSTABLE, "besteffort", QosClass.BEST_EFFORT);

    public SchedulingClasses {
        classes = List.copyOf(classes);
        byNamespace = Map.copyOf(byNamespace);
        byQos = Map.copyOf(byQos);
    }

    /** The value of {@code schedulingClasses}: the class entries as written. */
    public record ClassList(List<SchedulingClass> classes) {
        public static final ClassList EMPTY = new ClassList(List.of());

        public ClassList {
            classes = List.copyOf(classes);
        }

        /** As the README's table shows the default. */
        @Override
        public String toString() {
            return classes.isEmpty() ? "[]" : classes.toString();
        }
    }

    /** The value of {@code namespaceSchedulingClasses} or {@code podQoSSchedulingClasses}: key → class name. */
    public record ClassNames(Map<String, String> byKey) {
        public static final ClassNames EMPTY = new ClassNames(Map.of());

        public ClassNames {
            byKey = Map.copyOf(byKey);
        }

        /** As the README's table shows the default. */
        @Override
        public String toString() {
            return byKey.isEmpty() ? "{}" : byKey.toString();
        }
    }

    /** Reads {@code schedulingClasses} (a list of class mappings); a repeated name is an error at its entry. */
    public static ClassList readClasses(String key, Object value) {
        return new ClassList(NamedEntries.read(key, value, "[{name: realtime, policy: fifo, priority: 42}]", "class",
                SchedulingClass::read, SchedulingClass::name));
    }

    /** Reads a mapping of names (namespaces, or QoS classes when {@code qos}) to class names. */
    public static ClassNames readNames(String key, Object value, boolean qos) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new ConfigException(key, "'" + key + "' must be a mapping of " + (qos ? "QoS class" : "namespace")
                    + " to scheduling class name; got " + NamedEntries.describe(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String at = key + "." + e.getKey();
            if (qos && !(e.getKey() instanceof String q && QOS_NAMES.containsKey(q.toLowerCase(Locale.ROOT)))) {
                throw new ConfigException(at, "'" + at + "': invalid QoS class \"" + e.getKey() + "\"; expected "
                        + "Guaranteed, Burstable or BestEffort");
            }
            if (!(e.getValue() instanceof String name) || name.isBlank()) {
                throw new ConfigException(at, "'" + at + "' must be a scheduling class name; got "
                        + NamedEntries.describe(e.getValue()));
            }
            out.put(qos ? ((String) e.getKey()).toLowerCase(Locale.ROOT) : String.valueOf(e.getKey()), name.strip());
        }
        return new ClassNames(out);
    }

    /**
     * The classes with their defaults, each default naming a defined class (else an error at its key,
     * {@code namespaceSchedulingClasses.<ns>} or {@code podQoSSchedulingClasses.<qos>}).
     */
    public static SchedulingClasses of(ClassList classes, String namespaceKey, ClassNames byNamespace, String qosKey,
                                       ClassNames byQos) {
        Set<String> known = new HashSet<>();
        classes.classes().forEach(c -> known.add(c.name()));
        Map<QosClass, String> qos = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : byQos.byKey().entrySet()) {
            requireKnown(known, qosKey + "." + e.getKey(), e.getValue());
            qos.put(QOS_NAMES.get(e.getKey()), e.getValue());
        }
        for (Map.Entry<String, String> e : byNamespace.byKey().entrySet()) {
            requireKnown(known, namespaceKey + "." + e.getKey(), e.getValue());
        }
        return new SchedulingClasses(classes.classes(), byNamespace.byKey(), qos);
    }

    private static void requireKnown(Set<String> known, String at, String name) {
        if (!known.contains(name)) {
            throw new ConfigException(at, "'" + at + "': unknown scheduling class \"" + name + "\"; defined: "
                    + (known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList())));
        }
    }

    /** The class named {@code name}, if defined. */
    public Optional<SchedulingClass> named(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * A container's class, where it came from ({@code annotation}, {@code namespace NS}, {@code qos QOS}; empty
     * without a class) and, when its annotation names an unknown class, why that annotation was ignored (the
     * container then gets its default, as if it were not annotated).
     */
    public record Choice(Optional<SchedulingClass> schedulingClass, String source, Optional<String> problem) {
    }

    /**
     * The class of a container annotated {@code annotated} (empty when not), in {@code namespace}, of QoS
     * class {@code qos}.
     */
    public Choice resolve(Optional<String> annotated, String namespace, QosClass qos) {
        Optional<String> problem = Optional.empty();
        if (annotated.isPresent()) {
            Optional<SchedulingClass> c = named(annotated.get());
            if (c.isPresent()) {
                return new Choice(c, "annotation", problem);
            }
            problem = Optional.of("unknown scheduling class \"" + annotated.get() + "\"");
        }
        String name = byNamespace.get(namespace);
        if (name != null) {
            return new Choice(named(name), "namespace " + namespace, problem);
        }
        name = byQos.get(qos);
        return name != null ? new Choice(named(name), "qos " + qosName(qos), problem)
                : new Choice(Optional.empty(), "", problem);
    }

    private static String qosName(QosClass qos) {
        return switch (qos) {
            case GUARANTEED -> "Guaranteed";
            case BURSTABLE -> "Burstable";
            case BEST_EFFORT -> "BestEffort";
            default -> qos.name();
        };
    }
}
