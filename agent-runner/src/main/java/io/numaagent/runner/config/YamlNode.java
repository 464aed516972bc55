package io.numaagent.runner.config;

import io.numaagent.api.plugin.ConfigException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node with its position and dotted key path, for reading a config while keeping every
 * value's line and column so that each error can point at it. Only the node graph of SnakeYAML's
 * composer is used: no objects are ever constructed from tags (safe loading).
 */
final class YamlNode {

    private final String file;
    private final String path;
    private final Node node;

    YamlNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** An ordered key set, so that "expected one of" lists keys in documentation order. */
    static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    String path() {
        return path;
    }

    /** The key this node is the value of: the last element of its path, without a list index. */
    String key() {
        String last = path.substring(path.lastIndexOf('.') + 1);
        int bracket = last.indexOf('[');
        return bracket >= 0 ? last.substring(0, bracket) : last;
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    int column() {
        return node.getStartMark().getColumn() + 1;
    }

    PluginEntry.Place place() {
        return new PluginEntry.Place(file, line(), column(), path);
    }

    ConfigError error(String problem) {
        return new ConfigError(file, line(), column(), path, problem);
    }

    boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** A mapping whose keys are checked against {@code allowed}; an unknown key is an error at that key. */
    Mapping mapping(Set<String> allowed) throws ConfigError {
        if (!(node instanceof MappingNode m)) {
            throw error("must be a mapping (key: value), got " + kind());
        }
        checkTag(Tag.MAP);
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks)) {
                throw new YamlNode(file, path, k).error("keys must be plain strings");
            }
            String name = ks.getValue();
            String childPath = path.isEmpty() ? name : path + "." + name;
            if (allowed != null && !allowed.contains(name)) {
                throw new ConfigError(file, k.getStartMark().getLine() + 1, k.getStartMark().getColumn() + 1, childPath,
                        "unknown key '" + name + "'; expected one of: " + String.join(", ", allowed));
            }
            if (entries.containsKey(name)) {
                throw new ConfigError(file, k.getStartMark().getLine() + 1, k.getStartMark().getColumn() + 1, childPath,
                        "duplicate key '" + name + "'");
            }
            entries.put(name, new YamlNode(file, childPath, t.getValueNode()));
        }
        return new Mapping(this, entries);
    }

    List<YamlNode> sequence() throws ConfigError {
        if (!(node instanceof SequenceNode s)) {
            throw error("must be a list, got " + kind());
        }
        checkTag(Tag.SEQ);
        List<YamlNode> out = new ArrayList<>();
        int i = 0;
        for (Node n : s.getValue()) {
            out.add(new YamlNode(file, path + "[" + i++ + "]", n));
        }
        return out;
    }

    String string() throws ConfigError {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            checkTag(Tag.STR);
            return s.getValue();
        }
        throw error("must be a string, got " + kind());
    }

    boolean bool() throws ConfigError {
        Object v = plain();
        if (v instanceof Boolean b) {
            return b;
        }
        throw error("must be true or false, got " + kind());
    }

    int integer(int min, int max) throws ConfigError {
        Object v = plain();
        if (v instanceof Integer || v instanceof Long) {
            long l = ((Number) v).longValue();
            if (l < min || l > max) {
                throw error(l + " is out of range [" + min + ", " + max + "]");
            }
            return (int) l;
        }
        throw error("must be an integer, got " + kind());
    }

    /**
     * The plain Java value of this node as the plugin SPI expects raw values: Boolean, Integer,
     * Long, Double, String, List or Map (LinkedHashMap), or null. Resolution follows YAML 1.1's
     * core tags as SnakeYAML resolves them; anything else (custom tags) is an error.
     */
    Object plain() throws ConfigError {
        return plain(Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** {@code enclosing}: the lists and mappings this node is inside, to stop at an alias to one of them. */
    private Object plain(Set<Node> enclosing) throws ConfigError {
        if (!(node instanceof ScalarNode) && !enclosing.add(node)) {
            throw error("refers to a list or mapping that contains it (an alias *x inside its own &x)");
        }
        if (node instanceof ScalarNode s) {
            Tag tag = s.getTag();
            String v = s.getValue();
            if (tag.equals(Tag.NULL)) {
                return null;
            }
            if (tag.equals(Tag.BOOL)) {
                return switch (v.toLowerCase(java.util.Locale.ROOT)) {
                    case "true", "yes", "on", "y" -> Boolean.TRUE;
                    default -> Boolean.FALSE;
                };
            }
            if (tag.equals(Tag.INT)) {
                String digits = v.replace("_", "");
                if (digits.length() > 40) {
                    // longer than any long, and BigInteger's parse is quadratic in the length
                    throw error("integer " + v.substring(0, 20) + "... (" + v.length() + " digits) is too large");
                }
                try {
                    BigInteger b = digits.startsWith("0x") || digits.startsWith("-0x")
                            ? new BigInteger(digits.replaceFirst("0x", ""), 16) : new BigInteger(digits);
                    if (b.bitLength() < 32) {
                        return b.intValue();
                    }
                    if (b.bitLength() < 64) {
                        return b.longValue();
                    }
                    throw error("integer " + v + " is too large");
                } catch (NumberFormatException e) {
                    throw error("not an integer: " + v);
                }
            }
            if (tag.equals(Tag.FLOAT)) {
                try {
                    return Double.parseDouble(v.replace("_", ""));
                } catch (NumberFormatException e) {
                    throw error("not a number: " + v);
                }
            }
            if (tag.equals(Tag.STR)) {
                return v;
            }
            throw error("unsupported YAML tag " + tag.getValue());
        }
        if (node instanceof SequenceNode) {
            List<Object> out = new ArrayList<>();
            for (YamlNode n : sequence()) {
                out.add(n.plain(enclosing));
            }
            enclosing.remove(node);
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : mapping(null).entries.entrySet()) {
            out.put(e.getKey(), e.getValue().plain(enclosing));
        }
        enclosing.remove(node);
        return out;
    }

    /**
     * Refuses a tag other than the core one of this node's kind ({@code !foo}, {@code !!set}, ...):
     * nothing is constructed from tags, and a tag the loader would silently ignore is a mistake.
     */
    private void checkTag(Tag expected) throws ConfigError {
        Tag tag = node.getTag();
        boolean core = tag.equals(expected) || (node instanceof ScalarNode
                && (tag.equals(Tag.STR) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL)));
        if (!core) {
            throw error("unsupported YAML tag " + tag.getValue());
        }
    }

    String kind() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        if (s.getTag().equals(Tag.NULL)) {
            return "nothing (null)";
        }
        String t = s.getTag().equals(Tag.STR) ? "string" : s.getTag().equals(Tag.INT) ? "integer"
                : s.getTag().equals(Tag.FLOAT) ? "number" : s.getTag().equals(Tag.BOOL) ? "boolean" : s.getTag().getValue();
        return t + " '" + s.getValue() + "'";
    }

    /** A mapping's entries, in file order. */
    static final class Mapping {
        private final YamlNode owner;
        private final Map<String, YamlNode> entries;

        Mapping(YamlNode owner, Map<String, YamlNode> entries) {
            this.owner = owner;
            this.entries = entries;
        }

        YamlNode get(String key) {
            return entries.get(key);
        }

        /** The key's node, or an error at the mapping when it is missing. */
        YamlNode required(String key) throws ConfigError {
            YamlNode n = entries.get(key);
            if (n == null || n.isNull()) {
                throw new ConfigError(owner.file, owner.line(), owner.column(),
                        owner.path.isEmpty() ? key : owner.path + "." + key, "required key is missing");
            }
            return n;
        }

        boolean has(String key) {
            return entries.containsKey(key) && !entries.get(key).isNull();
        }

        Set<String> keys() {
            return new LinkedHashSet<>(entries.keySet());
        }

        Map<String, YamlNode> entries() {
            return entries;
        }
    }

    /**
     * Converts a plugin's {@link ConfigException} on one of this mapping's keys into a located error.
     * The key may be a dotted path into a nested value ({@code policy.config.filters[0].pids}, as a
     * plugin reading a {@code ConfigKey.tree} reports it): the error points at the deepest node of the
     * path that exists in the file (a string holding nested JSON or YAML ends the walk).
     */
    static ConfigError located(Mapping block, YamlNode fallback, ConfigException e) {
        if (e.key() == null) {
            return fallback.error(e.getMessage());
        }
        YamlNode at = null;
        for (String segment : e.key().split("\\.")) {
            YamlNode next = at == null ? (block == null ? null : childOf(block.owner, segment)) : childOf(at, segment);
            if (next == null) {
                break;
            }
            at = next;
        }
        YamlNode where = at != null ? at : fallback;
        return new ConfigError(where.file, where.line(), where.column(), fallback.path() + "." + e.key(), e.getMessage());
    }

    /** The child {@code name} or {@code name[i]} of a mapping node, or null. */
    private static YamlNode childOf(YamlNode parent, String segment) {
        int bracket = segment.indexOf('[');
        String name = bracket >= 0 ? segment.substring(0, bracket) : segment;
        YamlNode child = null;
        if (parent.node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(name)) {
                    child = new YamlNode(parent.file, parent.path + "." + name, t.getValueNode());
                }
            }
        }
        while (child != null && bracket >= 0) {
            int close = segment.indexOf(']', bracket);
            int index;
            try {
                index = Integer.parseInt(segment.substring(bracket + 1, close < 0 ? segment.length() : close));
            } catch (NumberFormatException ex) {
                return child;
            }
            if (!(child.node instanceof SequenceNode s) || index < 0 || index >= s.getValue().size()) {
                return child;
            }
            child = new YamlNode(child.file, child.path + "[" + index + "]", s.getValue().get(index));
            bracket = close < 0 ? -1 : segment.indexOf('[', close);
        }
        return child;
    }
}
