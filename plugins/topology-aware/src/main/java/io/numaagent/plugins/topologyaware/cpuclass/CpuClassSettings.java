package io.numaagent.plugins.topologyaware.cpuclass;

import io.numaagent.plugins.topologyaware.NamedEntries;
import io.numaagent.api.plugin.ConfigException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code cpuClasses} and the classes of the pools' CPUs, checked as the reference checks them (a shared class is
 * required once any class is defined; every class named must be defined) and, beyond it, each name only where
 * classes exist.
 *
 * @param classes          {@code cpuClasses}, in config order, names unique
 * @param shared           {@code sharedPoolCPUClass}: the allowed CPUs' class, and that of exclusive CPUs when
 *                         released
 * @param reserved         {@code reservedPoolCPUClass}, the shared class when not given
 * @param defaultExclusive {@code defaultExclusiveCPUClass}: the class of Guaranteed containers' exclusive CPUs
 *                         when not annotated; empty: none
 */
public record CpuClassSettings(List<CpuClass> classes, String shared, String reserved, String defaultExclusive) {

    /** No classes: no CPU's settings are touched. */
    public static final CpuClassSettings NONE = new CpuClassSettings(List.of(), "", "", "");

    public CpuClassSettings {
        classes = List.copyOf(classes);
    }

    /** The value of {@code cpuClasses}: the class entries as written. */
    public record ClassList(List<CpuClass> classes) {
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

    /** Reads {@code cpuClasses} (a list of class mappings); a repeated name is an error at its entry. */
    public static ClassList readClasses(String key, Object value) {
        return new ClassList(NamedEntries.read(key, value, "[{name: turbo, minFreq: 3GHz, freqGovernor: performance}]",
                "CPU class", CpuClass::read, CpuClass::name));
    }

    /** The classes with the pools' class names (each given name under its key), checked against each other. */
    public static CpuClassSettings of(String classesKey, ClassList classes, String sharedKey, String shared,
                                      String reservedKey, String reserved, String defaultKey, String defaultExclusive) {
        Set<String> known = new HashSet<>();
        classes.classes().forEach(c -> known.add(c.name()));
        if (!known.isEmpty() && shared.isEmpty()) {
            throw new ConfigException(classesKey, "'" + sharedKey + "' is required when cpuClasses are defined: the "
                    + "class of the shared CPUs, which exclusive CPUs return to when released");
        }
        requireKnown(known, sharedKey, shared);
        requireKnown(known, reservedKey, reserved);
        requireKnown(known, defaultKey, defaultExclusive);
        return new CpuClassSettings(classes.classes(), shared, reserved.isEmpty() ? shared : reserved,
                defaultExclusive);
    }

    private static void requireKnown(Set<String> known, String at, String name) {
        if (!name.isEmpty() && !known.contains(name)) {
            throw new ConfigException(at, "'" + at + "': unknown CPU class \"" + name + "\"; defined: "
                    + (known.isEmpty() ? "none (cpuClasses is empty)" : String.join(", ",
                    known.stream().sorted().toList())));
        }
    }

    /** Whether any class is defined (else no CPU's settings are touched). */
    public boolean isEmpty() {
        return classes.isEmpty();
    }

    /** The class named {@code name}, if defined. */
    public Optional<CpuClass> named(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
