package io.numaagent.api.plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A plugin's validated configuration: one value for each of its {@link ConfigKey}s, defaults filled in.
 * Immutable.
 */
public final class PluginConfig {

    private final Map<String, Object> values;

    private PluginConfig(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * Validates raw values (as parsed from YAML: Boolean, Integer, Long, Double, String, List, or null)
     * against the keys and fills in defaults.
     *
     * @throws ConfigException naming the first unknown key, wrong type or out-of-range value
     */
    public static PluginConfig of(java.util.List<ConfigKey<?>> keys, Map<String, ?> raw) {
        Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
        for (ConfigKey<?> k : keys) {
            byName.put(k.name(), k);
        }
        for (String name : raw.keySet()) {
            if (!byName.containsKey(name)) {
                throw new ConfigException(name, "unknown key '" + name + "'; known keys: "
                        + String.join(", ", byName.keySet()));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigKey<?> k : keys) {
            values.put(k.name(), raw.containsKey(k.name()) ? k.convert(raw.get(k.name())) : k.defaultValue());
        }
        return new PluginConfig(values);
    }

    /** Config with every key at its default. */
    public static PluginConfig defaults(java.util.List<ConfigKey<?>> keys) {
        return of(keys, Map.of());
    }

    /** The value of a key (may be {@code null} only for nullable keys). */
    public <T> T get(ConfigKey<T> key) {
        Objects.requireNonNull(key, "key");
        if (!values.containsKey(key.name())) {
            throw new IllegalArgumentException("no such key in this config: " + key.name());
        }
        return key.type().cast(values.get(key.name()));
    }

    /** All values by key name, in declaration order. */
    public Map<String, Object> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
