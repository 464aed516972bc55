package io.numaagent.plugins.numaallocator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A config as a tree of maps, lists and scalars that the config fuzzing mutates and writes back as
 * YAML (block style at the top, flow style below a tag or anchor), with the loader's dotted key
 * path of every node, so that an error can be matched to the node that was changed.
 */
final class YamlTree {

    /** A value written as {@code !tag value}. */
    record Tagged(String tag, Object value) {
    }

    /** A value written as {@code &name value}. */
    record Anchored(String name, Object value) {
    }

    /** An alias {@code *name}. */
    record Alias(String name) {
    }

    /** Text written as it is, as a flow value. */
    record Raw(String text) {
    }

    /** A node's place: its key path segments (String keys, Integer list indexes). */
    record Path(List<Object> segments) {
        /** As the loader names it: {@code plugins[0].config.rules}. */
        String dotted() {
            StringBuilder sb = new StringBuilder();
            for (Object s : segments) {
                if (s instanceof Integer i) {
                    sb.append('[').append(i).append(']');
                } else {
                    sb.append(sb.length() == 0 ? "" : ".").append(s);
                }
            }
            return sb.toString();
        }

        Path child(Object segment) {
            List<Object> s = new ArrayList<>(segments);
            s.add(segment);
            return new Path(s);
        }
    }

    private YamlTree() {
    }

    /** Parses YAML text into plain maps, lists and scalars (the test's own SnakeYAML, default options). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String text) {
        return (Map<String, Object>) new Yaml(new LoaderOptions()).load(text);
    }

    /** A deep copy of maps and lists (scalars and markers are immutable). */
    @SuppressWarnings("unchecked")
    static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), copy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        return v;
    }

    /** Paths of every node below the root, depth first in document order. */
    static List<Path> paths(Object root) {
        List<Path> out = new ArrayList<>();
        collect(root, new Path(List.of()), out);
        return out;
    }

    private static void collect(Object v, Path at, List<Path> out) {
        if (v instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                Path p = at.child(String.valueOf(k));
                out.add(p);
                collect(m.get(k), p, out);
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                Path p = at.child(i);
                out.add(p);
                collect(l.get(i), p, out);
            }
        }
    }

    /** Paths of the mappings in the tree, the root included. */
    static List<Path> mappingPaths(Object root) {
        List<Path> out = new ArrayList<>();
        out.add(new Path(List.of()));
        for (Path p : paths(root)) {
            if (get(root, p) instanceof Map) {
                out.add(p);
            }
        }
        return out;
    }

    static Object get(Object root, Path path) {
        Object v = root;
        for (Object s : path.segments()) {
            v = s instanceof Integer i ? ((List<?>) v).get(i) : ((Map<?, ?>) v).get(s);
        }
        return v;
    }

    /** Replaces the node at {@code path} (not the root). */
    @SuppressWarnings("unchecked")
    static void set(Object root, Path path, Object value) {
        List<Object> s = path.segments();
        Object parent = get(root, new Path(s.subList(0, s.size() - 1)));
        Object last = s.get(s.size() - 1);
        if (last instanceof Integer i) {
            ((List<Object>) parent).set(i, value);
        } else {
            ((Map<String, Object>) parent).put((String) last, value);
        }
    }

    /** The tree as block-style YAML. */
    static String write(Object root) {
        StringBuilder sb = new StringBuilder();
        block(root, "", sb);
        return sb.toString();
    }

    private static void block(Object v, String indent, StringBuilder sb) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(indent).append(quote(String.valueOf(e.getKey()))).append(':');
                nested(e.getValue(), indent, sb);
            }
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            for (Object x : l) {
                sb.append(indent).append('-');
                nested(x, indent, sb);
            }
        } else {
            sb.append(indent).append(flow(v)).append('\n');
        }
    }

    private static void nested(Object v, String indent, StringBuilder sb) {
        if ((v instanceof Map<?, ?> m && !m.isEmpty()) || (v instanceof List<?> l && !l.isEmpty())) {
            sb.append('\n');
            block(v, indent + "  ", sb);
        } else {
            sb.append(' ').append(flow(v)).append('\n');
        }
    }

    /** A value in flow style: {@code {k: v}}, {@code [a, b]}, scalars resolved back to their own type. */
    static String flow(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Tagged t) {
            return "!" + t.tag() + " " + flow(t.value());
        }
        if (v instanceof Anchored a) {
            return "&" + a.name() + " " + flow(a.value());
        }
        if (v instanceof Alias a) {
            return "*" + a.name();
        }
        if (v instanceof Raw r) {
            return r.text();
        }
        if (v instanceof Map<?, ?> m) {
            List<String> items = new ArrayList<>();
            m.forEach((k, x) -> items.add(quote(String.valueOf(k)) + ": " + flow(x)));
            return "{" + String.join(", ", items) + "}";
        }
        if (v instanceof List<?> l) {
            List<String> items = new ArrayList<>();
            l.forEach(x -> items.add(flow(x)));
            return "[" + String.join(", ", items) + "]";
        }
        if (v instanceof Double d) {
            // YAML 1.1 floats need a signed exponent, which Double.toString does not write
            return d.isNaN() ? ".nan" : d.isInfinite() ? (d > 0 ? ".inf" : "-.inf") : BigDecimal.valueOf(d).toPlainString()
                    + (d == Math.rint(d) && !BigDecimal.valueOf(d).toPlainString().contains(".") ? ".0" : "");
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return quote(v.toString());
    }

    /** A double-quoted YAML string (JSON escapes are YAML escapes). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isSurrogate(c) || c == 0xfeff
                    || c == 0xfffe || c == 0xffff) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
