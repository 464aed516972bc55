package io.numaagent.runner.config;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.ConfigKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One key of the runner's own config: a plugin-api {@link ConfigKey} (name, default, description,
 * as plugins declare theirs) and how its YAML value is read. Sizes and durations are converted by
 * the {@code ConfigKey} itself, as plugin values are; booleans, integers and strings are read from
 * the YAML node, so that a problem names the value as it is written in the file ("got string 'maybe'").
 *
 * @param <T> the Java type of the value
 */
final class Setting<T> implements KeyTable.Entry {

    /** Reads a value that is present in the file (not null unless the reader accepts null). */
    @FunctionalInterface
    interface Reader<T> {
        T read(YamlNode node) throws ConfigError;
    }

    private final ConfigKey<T> key;
    private final String type;
    private final boolean required;
    private final String shownDefault;
    private final boolean literalDefault;
    private final Reader<T> reader;

    private Setting(ConfigKey<T> key, String type, boolean required, String shownDefault, boolean literalDefault,
                    Reader<T> reader) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = type;
        this.required = required;
        this.shownDefault = shownDefault;
        this.literalDefault = literalDefault;
        this.reader = reader;
    }

    private Setting(ConfigKey<T> key, String type, String shownDefault, Reader<T> reader) {
        this(key, type, false, shownDefault, key.defaultValue() != null, reader);
    }

    /** {@code true} or {@code false}. */
    static Setting<Boolean> bool(String name, boolean defaultValue, String description) {
        ConfigKey<Boolean> key = ConfigKey.bool(name, defaultValue, description);
        return new Setting<>(key, key.typeName(), String.valueOf(defaultValue), YamlNode::bool);
    }

    /** An integer within {@code [min, max]}. */
    static Setting<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        ConfigKey<Integer> key = ConfigKey.integer(name, defaultValue, min, max, description);
        return new Setting<>(key, key.typeName(), String.valueOf(defaultValue), n -> n.integer(min, max));
    }

    /** Bytes: a number, optionally with a suffix K, M, G, T or Ki, Mi, Gi, Ti. */
    static Setting<Long> size(String name, long defaultValue, String description) {
        ConfigKey<Long> key = ConfigKey.size(name, defaultValue, 0, Long.MAX_VALUE, description);
        return new Setting<>(key, "size (bytes; 512Mi, 2G)", size(defaultValue), n -> convert(n, key));
    }

    /** A duration within {@code [min, max]}: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 1h}. */
    static Setting<Duration> duration(String name, Duration defaultValue, Duration min, Duration max,
                                      String description) {
        ConfigKey<Duration> key = ConfigKey.duration(name, defaultValue, min, max, description);
        return new Setting<>(key, key.typeName(), duration(defaultValue), n -> convert(n, key));
    }

    /** A string; {@code defaultValue} may be {@code null} for "none". */
    static Setting<String> string(String name, String defaultValue, String description) {
        return string(name, defaultValue, "string", description, YamlNode::string);
    }

    /** A string under a more telling type name, read (and checked) by {@code reader}. */
    static Setting<String> string(String name, String defaultValue, String type, String description,
                                  Reader<String> reader) {
        ConfigKey<String> key = ConfigKey.string(name, defaultValue, description);
        return new Setting<>(key, type, defaultValue == null ? KeyTable.NONE : defaultValue, reader);
    }

    /** A list of strings, read (and checked) by {@code reader}; absent means empty. */
    static Setting<List<String>> stringList(String name, String type, String description, Reader<List<String>> reader) {
        return new Setting<>(ConfigKey.stringList(name, List.of(), description), type, false, KeyTable.NONE, false,
                reader);
    }

    /** A value of {@code key}'s type read by {@code reader}, documented as {@code type}. */
    static <T> Setting<T> custom(ConfigKey<T> key, String type, String shownDefault, Reader<T> reader) {
        return new Setting<>(key, type, shownDefault, reader);
    }

    /** The same key, which must be present and not null. */
    Setting<T> required() {
        return new Setting<>(key, type, true, KeyTable.REQUIRED, false, reader);
    }

    /** The same key, documented with {@code prose} as its default (when the default depends on other keys). */
    Setting<T> defaultShownAs(String prose) {
        return new Setting<>(key, type, required, prose, false, reader);
    }

    /**
     * The key's value in {@code m}: read when present and not null, else the default; a missing
     * required key is an error at the mapping.
     */
    T read(YamlNode.Mapping m) throws ConfigError {
        if (required) {
            return reader.read(m.required(name()));
        }
        return m.has(name()) ? reader.read(m.get(name())) : key.defaultValue();
    }

    /** Reads {@code node} as this key's value, even when it is null (the reader then says what it expected). */
    T read(YamlNode node) throws ConfigError {
        return reader.read(node);
    }

    /** The value when the key is absent. */
    T defaultValue() {
        return key.defaultValue();
    }

    ConfigKey<T> key() {
        return key;
    }

    @Override
    public String name() {
        return key.name();
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String shownDefault() {
        return shownDefault;
    }

    @Override
    public boolean literalDefault() {
        return literalDefault;
    }

    @Override
    public String description() {
        return key.description();
    }

    @Override
    public List<KeyTable> children() {
        return List.of();
    }

    @Override
    public boolean isList() {
        return false;
    }

    /** Converts through the plugin-api key, as plugin values are: the same spelling and messages in every block. */
    static <T> T convert(YamlNode n, ConfigKey<T> key) throws ConfigError {
        try {
            return key.convert(n.plain());
        } catch (ConfigException e) {
            throw n.error(e.getMessage());
        }
    }

    /** {@code 256Mi} rather than 268435456: the largest binary unit that divides the value. */
    static String size(long bytes) {
        for (Map.Entry<String, Integer> unit : List.of(Map.entry("Ti", 40), Map.entry("Gi", 30), Map.entry("Mi", 20),
                Map.entry("Ki", 10))) {
            if (bytes != 0 && bytes % (1L << unit.getValue()) == 0) {
                return (bytes >> unit.getValue()) + unit.getKey();
            }
        }
        return String.valueOf(bytes);
    }

    /** {@code 500ms}, {@code 5s}, {@code 5m}, {@code 1h}: as a user would write it. */
    static String duration(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
