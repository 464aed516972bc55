package io.numaagent.api.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One documented, typed, validated config key of a plugin. Build keys with the static factories:
 *
 * <pre>{@code
 * static final ConfigKey<Boolean> DRYRUN = ConfigKey.bool("dryrun", false, "Decide and report, never change anything.");
 * static final ConfigKey<Double> MIN_BALANCE = ConfigKey.decimal("loop_min_task_balance", 0.0, 0.0, 1.0, "...");
 * static final ConfigKey<String> ALGORITHM = ConfigKey.choice("algorithm", "fill_biggest_first",
 *         List.of("fill_biggest_first", "minimize_migration"), "...").withAlias("minimize_migrations", "minimize_migration");
 * }</pre>
 *
 * @param <T> the Java type of the value
 */
public final class ConfigKey<T> {

    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final String description;
    private final String typeName;
    private final boolean nullable;
    private final Function<Object, T> converter;
    private final Map<String, String> aliases;
    private final List<ConfigKey<?>> beneath;

    private ConfigKey(String name, Class<T> type, T defaultValue, String description, String typeName,
                      boolean nullable, Function<Object, T> converter, Map<String, String> aliases) {
        this(name, type, defaultValue, description, typeName, nullable, converter, aliases, List.of());
    }

    private ConfigKey(String name, Class<T> type, T defaultValue, String description, String typeName,
                      boolean nullable, Function<Object, T> converter, Map<String, String> aliases,
                      List<ConfigKey<?>> beneath) {
        this.beneath = List.copyOf(beneath);
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description, "description");
        this.typeName = typeName;
        this.nullable = nullable;
        this.converter = converter;
        this.aliases = Map.copyOf(aliases);
        if (defaultValue == null && !nullable) {
            throw new IllegalArgumentException("key " + name + ": a null default needs nullable()");
        }
    }

    /** A boolean key ({@code true}/{@code false}). */
    public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
        return new ConfigKey<>(name, Boolean.class, defaultValue, description, "boolean", false, v -> {
            if (v instanceof Boolean b) {
                return b;
            }
            throw wrongType(name, "a boolean (true or false)", v);
        }, Map.of());
    }

    /** An integer key within {@code [min, max]}. */
    public static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return new ConfigKey<>(name, Integer.class, defaultValue, description, "integer " + range(min, max), false, v -> {
            if (v instanceof Integer || v instanceof Long) {
                long l = ((Number) v).longValue();
                if (l < min || l > max) {
                    throw outOfRange(name, v, range(min, max));
                }
                return (int) l;
            }
            throw wrongType(name, "an integer", v);
        }, Map.of());
    }

    /** A 64-bit integer key within {@code [min, max]}. Accepts byte suffixes K, M, G, T (powers of 1000) and Ki, Mi, Gi, Ti. */
    public static ConfigKey<Long> size(String name, long defaultValue, long min, long max, String description) {
        return new ConfigKey<>(name, Long.class, defaultValue, description, "size " + range(min, max), false, v -> {
            long l;
            if (v instanceof Integer || v instanceof Long) {
                l = ((Number) v).longValue();
            } else if (v instanceof String s) {
                l = parseSize(name, s);
            } else {
                throw wrongType(name, "a number, optionally with a suffix K, M, G, Ki, Mi, Gi", v);
            }
            if (l < min || l > max) {
                throw outOfRange(name, v, range(min, max));
            }
            return l;
        }, Map.of());
    }

    /** A decimal key within {@code [min, max]}. Integers are accepted too (WCA demanded {@code 0.0}; we take {@code 0}). */
    public static ConfigKey<Double> decimal(String name, Double defaultValue, double min, double max, String description) {
        return new ConfigKey<>(name, Double.class, defaultValue, description, "decimal [" + min + ", " + max + "]",
                defaultValue == null, v -> {
            if (v instanceof Number n && !(v instanceof Float)) {
                double d = n.doubleValue();
                if (Double.isNaN(d) || d < min || d > max) {
                    throw outOfRange(name, v, "[" + min + ", " + max + "]");
                }
                return d;
            }
            throw wrongType(name, "a number", v);
        }, Map.of());
    }

    /** A free string key. */
    public static ConfigKey<String> string(String name, String defaultValue, String description) {
        return new ConfigKey<>(name, String.class, defaultValue, description, "string", defaultValue == null, v -> {
            if (v instanceof String s) {
                return s;
            }
            throw wrongType(name, "a string", v);
        }, Map.of());
    }

    /** A string key that must be one of {@code allowed}. */
    public static ConfigKey<String> choice(String name, String defaultValue, List<String> allowed, String description) {
        List<String> values = List.copyOf(allowed);
        if (!values.contains(defaultValue)) {
            throw new IllegalArgumentException("key " + name + ": default " + defaultValue + " not in " + values);
        }
        return new ConfigKey<>(name, String.class, defaultValue, description, "one of " + String.join(" | ", values),
                false, choiceConverter(name, values, Map.of()), Map.of());
    }

    /** A duration key: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 1h}, or a plain number of seconds; within {@code [min, max]}. */
    public static ConfigKey<Duration> duration(String name, Duration defaultValue, Duration min, Duration max,
                                               String description) {
        return new ConfigKey<>(name, Duration.class, defaultValue, description, "duration [" + fmt(min) + ", " + fmt(max) + "]",
                false, v -> {
            Duration d = parseDuration(name, v);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw outOfRange(name, v, "[" + fmt(min) + ", " + fmt(max) + "]");
            }
            return d;
        }, Map.of());
    }

    /** A list of strings. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static ConfigKey<List<String>> stringList(String name, List<String> defaultValue, String description) {
        Class<List<String>> cls = (Class) List.class;
        return new ConfigKey<>(name, cls, List.copyOf(defaultValue), description, "list of strings", false, v -> {
            if (v instanceof List<?> l) {
                List<String> out = new ArrayList<>();
                for (Object o : l) {
                    if (!(o instanceof String s)) {
                        throw wrongType(name, "a list of strings", v);
                    }
                    out.add(s);
                }
                return List.copyOf(out);
            }
            throw wrongType(name, "a list of strings", v);
        }, Map.of());
    }

    /**
     * A nested structure that the plugin reads itself: a mapping, a list, or a string holding JSON or
     * YAML (as a config pasted from another tool nests them). {@code reader} gets the value as parsed
     * (Map, List, String, Boolean, Integer, Long, Double) and returns the plugin's typed settings; it
     * reports a problem with a {@link ConfigException} whose key is the dotted path below this key
     * ({@code policy.config.intervalms}, {@code policy.config.filters[0].pids}), which the runner
     * locates in the file. The default is {@code null} (key absent); the reader never sees null.
     *
     * @param typeName what the key holds, for documentation ({@code memtierd policy: {name, config}})
     */
    public static <T> ConfigKey<T> tree(String name, Class<T> type, String typeName, Function<Object, T> reader,
                                        String description) {
        return new ConfigKey<>(name, type, null, description, typeName, true, reader, Map.of());
    }

    /** The same key, also accepting {@code null} (YAML {@code null} or {@code ~}) as a value, e.g. to disable a feature. */
    public ConfigKey<T> nullable() {
        return new ConfigKey<>(name, type, defaultValue, description, typeName + " or null", true, converter, aliases,
                beneath);
    }

    /**
     * The same key with this default, e.g. a {@link #tree} key whose absence means a value (a tree key is
     * otherwise {@code null} when absent). A non-null default also makes an explicit YAML {@code null}
     * (a key left empty, as in a truncated file) an error at the key, since the plugin counts on a value;
     * call {@link #nullable()} afterwards to accept it.
     */
    public ConfigKey<T> withDefault(T value) {
        return new ConfigKey<>(name, type, value, description, typeName, value == null && nullable, converter,
                aliases, beneath);
    }

    /** The same choice key, also accepting {@code alias} as a spelling of {@code canonical}. */
    public ConfigKey<T> withAlias(String alias, String canonical) {
        Map<String, String> a = new java.util.LinkedHashMap<>(aliases);
        a.put(alias, canonical);
        Function<Object, T> inner = converter;
        return new ConfigKey<>(name, type, defaultValue, description, typeName, nullable, v -> {
            Object mapped = v instanceof String s && a.containsKey(s) ? a.get(s) : v;
            return inner.apply(mapped);
        }, a, beneath);
    }

    /**
     * The same key, documenting the keys of the mapping it holds (for a key whose value the plugin reads
     * itself, such as a nested policy block): {@code numa-agent plugins} lists them beneath it as
     * {@code name.key}. Documentation only; the key's converter still validates the value.
     */
    public ConfigKey<T> withKeysBeneath(List<ConfigKey<?>> keys) {
        return new ConfigKey<>(name, type, defaultValue, description, typeName, nullable, converter, aliases, keys);
    }

    /** The keys documented beneath this one ({@link #withKeysBeneath}); empty for most keys. */
    public List<ConfigKey<?>> keysBeneath() {
        return beneath;
    }

    /**
     * Converts and validates a raw YAML value.
     *
     * @throws ConfigException on wrong type or out-of-range value
     */
    public T convert(Object raw) {
        if (raw == null) {
            if (nullable) {
                return null;
            }
            throw new ConfigException(name, "'" + name + "' must not be null; expected " + typeName);
        }
        return converter.apply(raw);
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Human-readable type and range, e.g. {@code decimal [0.0, 1.0]}. */
    public String typeName() {
        return typeName;
    }

    public boolean isNullable() {
        return nullable;
    }

    /** Accepted alternative spellings, alias to canonical value. */
    public Map<String, String> aliases() {
        return aliases;
    }

    @Override
    public String toString() {
        return name + " (" + typeName + ", default " + defaultValue + ")";
    }

    private static <T> Function<Object, T> choiceConverter(String name, List<String> values, Map<String, String> a) {
        return v -> {
            if (v instanceof String s && values.contains(s)) {
                @SuppressWarnings("unchecked")
                T t = (T) s;
                return t;
            }
            throw new ConfigException(name, "'" + name + "' must be one of " + String.join(", ", values) + "; got " + describe(v));
        };
    }

    private static String range(long min, long max) {
        return "[" + min + ", " + max + "]";
    }

    private static ConfigException wrongType(String name, String expected, Object v) {
        return new ConfigException(name, "'" + name + "' must be " + expected + "; got " + describe(v));
    }

    private static ConfigException outOfRange(String name, Object v, String range) {
        return new ConfigException(name, "'" + name + "' = " + v + " is out of range " + range);
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        return v + (v == null ? "" : " (" + v.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")");
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]i?)?B?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    static long parseSize(String name, String s) {
        Matcher m = SIZE.matcher(s.strip());
        if (!m.matches()) {
            throw new ConfigException(name, "'" + name + "' must be a size like 512Mi or 2G; got \"" + s + "\"");
        }
        long base;
        try {
            base = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            // the pattern admits only digits, so this is a number beyond a long
            throw new ConfigException(name, "'" + name + "' is too large: \"" + abbreviate(s) + "\"");
        }
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        long mult = switch (unit) {
            case "" -> 1L;
            case "K" -> 1000L;
            case "M" -> 1000L * 1000;
            case "G" -> 1000L * 1000 * 1000;
            case "T" -> 1000L * 1000 * 1000 * 1000;
            case "KI" -> 1L << 10;
            case "MI" -> 1L << 20;
            case "GI" -> 1L << 30;
            default -> 1L << 40;
        };
        try {
            return Math.multiplyExact(base, mult);
        } catch (ArithmeticException e) {
            throw new ConfigException(name, "'" + name + "' is too large: \"" + s + "\"");
        }
    }

    /** A user's value in a message: at most 40 characters of it. */
    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "... (" + s.length() + " characters)" : s;
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 1.5m}, {@code 1h} or a number of seconds. */
    public static Duration parseDuration(String name, Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return Duration.ofSeconds(((Number) v).longValue());
        }
        if (v instanceof Double d) {
            return Duration.ofNanos(Math.round(d * 1e9));
        }
        if (v instanceof String s) {
            Matcher m = DURATION.matcher(s.strip());
            if (m.matches()) {
                double n = Double.parseDouble(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                double nanos = switch (unit) {
                    case "ms" -> n * 1e6;
                    case "m" -> n * 60e9;
                    case "h" -> n * 3600e9;
                    default -> n * 1e9;
                };
                return Duration.ofNanos(Math.round(nanos));
            }
        }
        throw new ConfigException(name, "'" + name + "' must be a duration like 500ms, 5s or 1m; got " + describe(v));
    }

    private static String fmt(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() + "s";
    }
}
