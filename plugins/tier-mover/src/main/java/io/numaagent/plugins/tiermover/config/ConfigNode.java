package io.numaagent.plugins.tiermover.config;

import io.numaagent.api.plugin.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One value of a memtierd config with its key path ({@code policy.config.tracker.config.pagesinregion}),
 * read the way memtierd decodes its configs: keys match case-insensitively (memtierd's JSON decoding
 * does; its YAML decoding wants the lower-cased field name, which this accepts too), unknown keys are
 * errors, a nested config may be a mapping or a string holding JSON or YAML. Every error is a
 * {@link ConfigException} whose key is the path, so the runner places it in the file.
 */
public final class ConfigNode {

    private final String path;
    private final Object value;

    private ConfigNode(String path, Object value) {
        this.path = path;
        this.value = value;
    }

    /** The value of a top-level plugin key. */
    public static ConfigNode of(String key, Object value) {
        return new ConfigNode(key, value);
    }

    public String path() {
        return path;
    }

    public Object value() {
        return value;
    }

    public boolean isNull() {
        return value == null;
    }

    /** An error at this node. */
    public ConfigException error(String message) {
        return new ConfigException(path, message);
    }

    /**
     * A nested config as memtierd nests them ({@code config: |} or a JSON string), or written
     * directly as a mapping; null and the empty string are an empty mapping.
     */
    public ConfigNode nested() {
        if (value instanceof String s) {
            if (s.isBlank()) {
                return new ConfigNode(path, Map.of());
            }
            try {
                Object parsed = NestedText.parse(s);
                return new ConfigNode(path, parsed == null ? Map.of() : parsed);
            } catch (NestedText.SyntaxError e) {
                throw error("line " + e.line() + ", column " + e.column() + " of this nested config: " + e.getMessage());
            }
        }
        return value == null ? new ConfigNode(path, Map.of()) : this;
    }

    /** This node as a mapping whose keys must be among {@code known} (lower case). */
    public Fields fields(String... known) {
        if (!(value instanceof Map<?, ?> m)) {
            throw error("must be a mapping (key: value), got " + describe(value));
        }
        Set<String> allowed = new TreeSet<>(List.of(known));
        Map<String, ConfigNode> byKey = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String spelled = String.valueOf(e.getKey());
            String key = spelled.toLowerCase(Locale.ROOT);
            String childPath = path + "." + spelled;
            if (!allowed.contains(key)) {
                throw new ConfigException(childPath, "unknown key '" + spelled + "'; known keys: " + String.join(", ", known));
            }
            if (byKey.containsKey(key)) {
                throw new ConfigException(childPath, "key '" + spelled + "' is given twice (keys are case-insensitive)");
            }
            byKey.put(key, new ConfigNode(childPath, e.getValue()));
        }
        return new Fields(this, byKey);
    }

    /** This node as a list. */
    public List<ConfigNode> items() {
        if (!(value instanceof List<?> l)) {
            throw error("must be a list, got " + describe(value));
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(new ConfigNode(path + "[" + i + "]", l.get(i)));
        }
        return out;
    }

    /** This node as an integer in {@code [min, max]}. */
    public long integer(long min, long max) {
        if (!(value instanceof Integer || value instanceof Long)) {
            throw error("must be an integer, got " + describe(value));
        }
        long v = ((Number) value).longValue();
        if (v < min || v > max) {
            throw error(v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    /** This node as a number in {@code [min, max]}. */
    public double decimal(double min, double max) {
        if (!(value instanceof Number n)) {
            throw error("must be a number, got " + describe(value));
        }
        double v = n.doubleValue();
        if (Double.isNaN(v) || v < min || v > max) {
            throw error(value + " is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    public String string() {
        if (!(value instanceof String s)) {
            throw error("must be a string, got " + describe(value));
        }
        return s;
    }

    public boolean bool() {
        if (!(value instanceof Boolean b)) {
            throw error("must be true or false, got " + describe(value));
        }
        return b;
    }

    /** A list of integers in {@code [min, max]}. */
    public List<Integer> intList(int min, int max) {
        List<Integer> out = new ArrayList<>();
        for (ConfigNode n : items()) {
            out.add((int) n.integer(min, max));
        }
        return List.copyOf(out);
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing (null)";
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof String s) {
            return "string \"" + s + "\"";
        }
        return (v instanceof Boolean ? "boolean " : "number ") + v;
    }

    /** The keys of a mapping node, case-folded; absent and null keys read as their defaults. */
    public static final class Fields {
        private final ConfigNode owner;
        private final Map<String, ConfigNode> byKey;

        Fields(ConfigNode owner, Map<String, ConfigNode> byKey) {
            this.owner = owner;
            this.byKey = byKey;
        }

        /** The key's node when present and not null. */
        public Optional<ConfigNode> get(String key) {
            ConfigNode n = byKey.get(key);
            return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
        }

        public boolean has(String key) {
            return get(key).isPresent();
        }

        /** The key's node, or an error at the mapping when it is missing. */
        public ConfigNode required(String key, String why) {
            return get(key).orElseThrow(() -> new ConfigException(owner.path + "." + key, "'" + key + "' is required: " + why));
        }

        public long integer(String key, long defaultValue, long min, long max) {
            return get(key).map(n -> n.integer(min, max)).orElse(defaultValue);
        }

        public double decimal(String key, double defaultValue, double min, double max) {
            return get(key).map(n -> n.decimal(min, max)).orElse(defaultValue);
        }

        public String string(String key, String defaultValue) {
            return get(key).map(ConfigNode::string).orElse(defaultValue);
        }

        public boolean bool(String key, boolean defaultValue) {
            return get(key).map(ConfigNode::bool).orElse(defaultValue);
        }

        public List<Integer> intList(String key, int min, int max) {
            return get(key).map(n -> n.intList(min, max)).orElse(List.of());
        }

        /** The owner's path joined with {@code key}, for errors about a key that is absent. */
        public String pathOf(String key) {
            return get(key).map(ConfigNode::path).orElse(owner.path + "." + key);
        }

        public ConfigNode owner() {
            return owner;
        }
    }
}
