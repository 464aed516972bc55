package io.numaagent.plugins.topologyaware.cpuclass;

import io.numaagent.plugins.topologyaware.NamedEntries;
import io.numaagent.api.plugin.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code cpuClasses}, with the reference's field names: what the CPUs of the class get. A field
 * not given leaves that setting as it is.
 *
 * @param minFreq          {@code scaling_min_freq}
 * @param maxFreq          {@code scaling_max_freq}
 * @param energyPerformancePreference {@code energy_performance_preference}: a name the driver offers
 *                         ({@code performance}, {@code balance_performance}, ...) or a number 0..255
 *                         (intel_pstate); empty when not given
 * @param uncoreMinFreq    the uncore minimum of every die holding a CPU of the class (the highest of the classes
 *                         there wins)
 * @param uncoreMaxFreq    the uncore maximum, likewise
 * @param freqGovernor     {@code scaling_governor}; empty when not given
 * @param disabledCstates  names of the cpuidle states to disable ({@code C6}, ...); the others are enabled, once
 *                         any class disables some
 * @param turboPriority    among the classes with CPUs in a package, only those of the highest priority get
 *                         {@code turbo} as the highest frequency, the others the base frequency (0: no
 *                         arbitration)
 */
public record CpuClass(String name, CpuFrequency minFreq, CpuFrequency maxFreq, String energyPerformancePreference,
                       CpuFrequency uncoreMinFreq, CpuFrequency uncoreMaxFreq, String freqGovernor,
                       List<String> disabledCstates, int turboPriority) {

    static final Set<String> FIELDS = Set.of("name", "minFreq", "maxFreq", "energyPerformancePreference",
            "uncoreMinFreq", "uncoreMaxFreq", "freqGovernor", "disabledCstates", "turboPriority");
    /** The reference's Intel Priority Core Turbo fields: SST-CP through {@code /dev/isst_interface}. */
    static final Set<String> PCT_FIELDS = Set.of("pctPriority", "sstClosID", "pctMinFreq", "pctMaxFreq",
            "publishExtendedResource");
    private static final List<String> NAMED_ORDER = List.of("min", "base", "turbo");

    public CpuClass {
        disabledCstates = List.copyOf(disabledCstates);
    }

    /** The settings given, as in the config ({@code minFreq 3000000 kHz, freqGovernor performance}), or {@code -}. */
    public String parameters() {
        List<String> out = new ArrayList<>();
        add(out, "minFreq", minFreq);
        add(out, "maxFreq", maxFreq);
        if (!energyPerformancePreference.isEmpty()) {
            out.add("energyPerformancePreference " + energyPerformancePreference);
        }
        add(out, "uncoreMinFreq", uncoreMinFreq);
        add(out, "uncoreMaxFreq", uncoreMaxFreq);
        if (!freqGovernor.isEmpty()) {
            out.add("freqGovernor " + freqGovernor);
        }
        if (!disabledCstates.isEmpty()) {
            out.add("disabledCstates " + String.join(",", disabledCstates));
        }
        if (turboPriority > 0) {
            out.add("turboPriority " + turboPriority);
        }
        return out.isEmpty() ? "-" : String.join(", ", out);
    }

    private static void add(List<String> out, String what, CpuFrequency f) {
        if (f.isSet()) {
            out.add(what + " " + f);
        }
    }

    /** Reads the entry at {@code key} ({@code cpuClasses[1]}); a problem is an error at its field. */
    static CpuClass read(String key, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new ConfigException(key, "'" + key + "' must be a mapping such as {name: turbo, minFreq: 3GHz, "
                    + "freqGovernor: performance}; got " + NamedEntries.describe(value));
        }
        for (Object field : m.keySet()) {
            if (PCT_FIELDS.contains(field)) {
                throw new ConfigException(key + "." + field, "'" + key + "." + field + "': Intel Priority Core Turbo "
                        + "(SST-CP) is not supported; it needs the isst_if driver's /dev/isst_interface");
            }
            if (!FIELDS.contains(field)) {
                throw new ConfigException(key + "." + field, "unknown key '" + field + "' in a CPU class; known keys: "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        Object rawName = m.get("name");
        if (!(rawName instanceof String name) || name.isBlank()) {
            throw new ConfigException(m.containsKey("name") ? key + ".name" : key, "'" + key + ".name' is required: "
                    + "a non-empty class name; got " + NamedEntries.describe(rawName));
        }
        CpuFrequency min = CpuFrequency.read(key + ".minFreq", m.get("minFreq"));
        CpuFrequency max = CpuFrequency.read(key + ".maxFreq", m.get("maxFreq"));
        ordered(key, "minFreq", min, "maxFreq", max);
        CpuFrequency uncoreMin = CpuFrequency.read(key + ".uncoreMinFreq", m.get("uncoreMinFreq"));
        CpuFrequency uncoreMax = CpuFrequency.read(key + ".uncoreMaxFreq", m.get("uncoreMaxFreq"));
        for (Map.Entry<String, CpuFrequency> e : Map.of("uncoreMinFreq", uncoreMin, "uncoreMaxFreq", uncoreMax)
                .entrySet()) {
            if (e.getValue().isNamed()) {
                throw new ConfigException(key + "." + e.getKey(), "'" + key + "." + e.getKey() + "' must be a "
                        + "frequency (min, base and turbo are core frequencies); got " + e.getValue());
            }
        }
        ordered(key, "uncoreMinFreq", uncoreMin, "uncoreMaxFreq", uncoreMax);
        return new CpuClass(name.strip(), min, max, preference(key + ".energyPerformancePreference",
                m.get("energyPerformancePreference")), uncoreMin, uncoreMax, word(key + ".freqGovernor",
                m.get("freqGovernor")), cstates(key + ".disabledCstates", m.get("disabledCstates")),
                turboPriority(key + ".turboPriority", m.get("turboPriority")));
    }

    /** min ≤ max where both are numbers, or both names (min ≤ base ≤ turbo). */
    private static void ordered(String key, String minKey, CpuFrequency min, String maxKey, CpuFrequency max) {
        boolean numbers = !min.isNamed() && !max.isNamed() && min.isSet() && max.isSet() && min.khz() > max.khz();
        boolean names = min.isNamed() && max.isNamed()
                && NAMED_ORDER.indexOf(min.name()) > NAMED_ORDER.indexOf(max.name());
        if (numbers || names) {
            throw new ConfigException(key + "." + minKey, "'" + key + "." + minKey + "' (" + min + ") is above "
                    + maxKey + " (" + max + ")");
        }
    }

    private static String preference(String key, Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Integer i && i >= 0 && i <= 255) {
            return Integer.toString(i);
        }
        if (v instanceof String s && s.strip().matches("[a-z_]+")) {
            return s.strip();
        }
        throw new ConfigException(key, "'" + key + "' must be a preference name (performance, balance_performance, "
                + "balance_power, power, ...) or a number 0..255; got " + NamedEntries.describe(v));
    }

    private static String word(String key, Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s && s.strip().matches("[A-Za-z0-9_-]+")) {
            return s.strip();
        }
        throw new ConfigException(key, "'" + key + "' must be a cpufreq governor name such as performance, "
                + "powersave or schedutil; got " + NamedEntries.describe(v));
    }

    private static List<String> cstates(String key, Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(key, "'" + key + "' must be a list of idle state names such as [C6, C1E]; got "
                    + NamedEntries.describe(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.isBlank()) {
                throw new ConfigException(key + "[" + i + "]", "'" + key + "[" + i + "]' must be an idle state name "
                        + "(cpuidle/stateN/name); got " + NamedEntries.describe(list.get(i)));
            }
            out.add(s.strip());
        }
        return out;
    }

    private static int turboPriority(String key, Object v) {
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Integer i) || i < 0) {
            throw new ConfigException(key, "'" + key + "' must be a non-negative integer; got " + NamedEntries.describe(v));
        }
        return i;
    }


}
