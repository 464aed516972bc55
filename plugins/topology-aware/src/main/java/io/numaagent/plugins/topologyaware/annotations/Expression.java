package io.numaagent.plugins.topologyaware.annotations;

import io.numaagent.plugins.topologyaware.annotations.YamlNode.Entry;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Mapping;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Scalar;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code {key, operator, values}} condition over a container, as in the reference's
 * {@code resmgr.Expression}. Keys name a container property ({@code name}, {@code namespace},
 * {@code qosclass}, {@code id}, {@code labels/<k>}, {@code tags/<k>}) or a pod property through
 * {@code pod/} ({@code pod/name}, {@code pod/namespace}, {@code pod/qosclass}, {@code pod/id},
 * {@code pod/uid}, {@code pod/labels/<k>}). A joint key {@code :k1:k2} (or
 * {@code :<ksep><vsep>k1<ksep>k2}) joins the values of several keys with the value separator; it exists
 * when any part does. Immutable; validated when built.
 */
public final class Expression {

    private static final Set<String> FIELDS = Set.of("key", "operator", "values");

    private final String key;
    private final Operator operator;
    private final List<String> values;
    private final List<GoGlob> globs;

    private Expression(String key, Operator operator, List<String> values) {
        this.key = key;
        this.operator = operator;
        this.values = List.copyOf(values);
        this.globs = switch (operator) {
            case Matches, MatchesNot, MatchesAny, MatchesNone -> this.values.stream().map(GoGlob::compile).toList();
            default -> List.of();
        };
    }

    /**
     * A validated expression.
     *
     * @throws IllegalArgumentException naming what is wrong (unknown key, value count, bad pattern)
     */
    public static Expression of(String key, Operator operator, List<String> values) {
        try {
            return validated(key, operator, values);
        } catch (ValueException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static Expression validated(String key, Operator operator, List<String> values) {
        Objects.requireNonNull(operator, "operator");
        String k = key == null ? "" : key;
        checkValueCount(operator, values.size());
        if (!(operator == Operator.AlwaysTrue && k.isEmpty())) {
            validateKey(k);
        }
        return new Expression(k, operator, values);
    }

    private static void checkValueCount(Operator operator, int n) {
        switch (operator) {
            case Equals, NotEqual, Matches, MatchesNot -> {
                if (n != 1) {
                    throw new ValueException("operator " + operator + " takes exactly one value, got " + n);
                }
            }
            case Exists, NotExist, AlwaysTrue -> {
                if (n != 0) {
                    throw new ValueException("operator " + operator + " takes no values, got " + n);
                }
            }
            default -> {
            }
        }
    }

    /**
     * Reads {@code {key: .., operator: .., values: [..]}}. With {@code dottedKeyIsLabel} (the
     * cri-resource-manager family), a key without {@code /} that contains a dot means
     * {@code labels/<key>}, as cri-resmgr resolves it.
     *
     * @throws ValueException at the position of the offending field or value
     */
    static Expression parse(YamlNode node, boolean dottedKeyIsLabel) {
        if (!(node instanceof Mapping m)) {
            throw new ValueException("an expression must be a mapping with key, operator and values, not "
                    + node.kind(), node.position());
        }
        for (Entry e : m.entries().values()) {
            if (!FIELDS.contains(e.key())) {
                throw new ValueException("unknown field '" + e.key() + "' (known: key, operator, values)",
                        e.keyPosition());
            }
        }
        Map<String, Entry> f = m.entries();
        YamlNode keyNode = f.containsKey("key") ? f.get("key").value() : m;
        String key = f.containsKey("key") ? scalar(keyNode, "key") : "";
        if (dottedKeyIsLabel && key.indexOf('/') < 0 && key.indexOf('.') >= 0 && !key.startsWith(":")) {
            key = "labels/" + key;
        }
        if (!f.containsKey("operator")) {
            throw new ValueException("missing operator", m.position());
        }
        YamlNode opNode = f.get("operator").value();
        String opName = scalar(opNode, "operator");
        Operator op;
        try {
            op = Operator.valueOf(opName);
        } catch (IllegalArgumentException e) {
            throw new ValueException("unknown operator '" + opName + "' (known: Equals, NotEqual, In, NotIn, "
                    + "Exists, NotExist, AlwaysTrue, Matches, MatchesNot, MatchesAny, MatchesNone)", opNode.position());
        }
        List<String> values = new ArrayList<>();
        List<YamlNode> valueNodes = new ArrayList<>();
        YamlNode valuesNode = f.containsKey("values") ? f.get("values").value() : opNode;
        if (valuesNode instanceof Sequence s) {
            for (YamlNode item : s.items()) {
                values.add(scalar(item, "a value"));
                valueNodes.add(item);
            }
        } else if (f.containsKey("values") && !(valuesNode instanceof Scalar sc && sc.isNull())) {
            throw new ValueException("values must be a list like [a, b], not " + valuesNode.kind(),
                    valuesNode.position());
        }
        try {
            checkValueCount(op, values.size());
        } catch (ValueException e) {
            throw new ValueException(e.reason(), valuesNode.position());
        }
        if (!(op == Operator.AlwaysTrue && key.isEmpty())) {
            try {
                validateKey(key);
            } catch (ValueException e) {
                throw new ValueException(e.reason(), keyNode.position());
            }
        }
        for (int i = 0; i < values.size() && op.name().startsWith("Matches"); i++) {
            try {
                GoGlob.compile(values.get(i));
            } catch (ValueException e) {
                throw new ValueException(e.reason(), valueNodes.get(i).position());
            }
        }
        return new Expression(key, op, values);
    }

    private static String scalar(YamlNode n, String what) {
        if (n instanceof Scalar s) {
            return s.isNull() ? "" : s.text();
        }
        throw new ValueException(what + " must be a single value, not " + n.kind(), n.position());
    }

    public String key() {
        return key;
    }

    public Operator operator() {
        return operator;
    }

    public List<String> values() {
        return values;
    }

    /** Whether the container satisfies this expression. */
    public boolean evaluate(ContainerInfo c) {
        if (operator == Operator.AlwaysTrue) {
            return true;
        }
        Optional<String> v = valueOf(key, c);
        boolean ok = v.isPresent();
        String value = v.orElse("");
        return switch (operator) {
            case Equals -> ok && (value.equals(values.get(0)) || values.get(0).equals("*"));
            case NotEqual -> !ok || !value.equals(values.get(0));
            case In -> ok && values.stream().anyMatch(x -> x.equals(value) || x.equals("*"));
            case NotIn -> !(ok && values.stream().anyMatch(x -> x.equals(value) || x.equals("*")));
            case Matches -> ok && globs.get(0).matches(value);
            case MatchesNot -> !(ok && globs.get(0).matches(value));
            case MatchesAny -> ok && globs.stream().anyMatch(g -> g.matches(value));
            case MatchesNone -> !(ok && globs.stream().anyMatch(g -> g.matches(value)));
            case Exists -> ok;
            case NotExist -> !ok;
            case AlwaysTrue -> true;
        };
    }

    /** The value of a (possibly joint) key for a container; empty when it does not exist. */
    public static Optional<String> valueOf(String key, ContainerInfo c) {
        JointKey jk = JointKey.split(key);
        if (jk.keys().size() == 1) {
            return resolve(jk.keys().get(0), c);
        }
        boolean found = false;
        List<String> parts = new ArrayList<>();
        for (String k : jk.keys()) {
            Optional<String> v = resolve(k, c);
            found |= v.isPresent();
            parts.add(v.orElse(""));
        }
        return found ? Optional.of(String.join(jk.valueSeparator(), parts)) : Optional.empty();
    }

    /** One simple key: cleaned like Go's path.Clean (leading slashes dropped), then walked. */
    private static Optional<String> resolve(String spec, ContainerInfo c) {
        String key = cleanPath(spec);
        String head = key;
        String rest = "";
        int slash = key.indexOf('/');
        if (slash >= 0) {
            head = key.substring(0, slash);
            rest = key.substring(slash + 1);
        }
        return switch (head) {
            case "id" -> leaf(rest, c.id());
            case "name" -> leaf(rest, c.name());
            case "namespace" -> leaf(rest, c.namespace());
            case "qosclass" -> c.pod().qosName().isEmpty() ? Optional.empty() : leaf(rest, c.pod().qosName());
            case "labels" -> rest.isEmpty() ? Optional.empty() : Optional.ofNullable(c.labels().get(rest));
            case "tags" -> rest.isEmpty() ? Optional.empty() : Optional.ofNullable(c.tags().get(rest));
            case "pod" -> resolvePod(rest, c.pod());
            default -> Optional.empty();
        };
    }

    private static Optional<String> resolvePod(String key, PodInfo p) {
        String head = key;
        String rest = "";
        int slash = key.indexOf('/');
        if (slash >= 0) {
            head = key.substring(0, slash);
            rest = key.substring(slash + 1);
        }
        return switch (head) {
            case "id" -> leaf(rest, p.id());
            case "uid" -> leaf(rest, p.uid());
            case "name" -> leaf(rest, p.name());
            case "namespace" -> leaf(rest, p.namespace());
            case "qosclass" -> p.qosName().isEmpty() ? Optional.empty() : leaf(rest, p.qosName());
            case "labels" -> rest.isEmpty() ? Optional.empty() : Optional.ofNullable(p.labels().get(rest));
            default -> Optional.empty();
        };
    }

    private static Optional<String> leaf(String rest, String value) {
        return rest.isEmpty() ? Optional.of(value) : Optional.empty();
    }

    /** Go's path.Clean without the leading slash: empty and "." segments dropped, ".." pops. */
    static String cleanPath(String spec) {
        List<String> out = new ArrayList<>();
        for (String seg : spec.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(seg);
        }
        return String.join("/", out);
    }

    /** The reference's key validation: every part of a joint key must name a known property. */
    private static void validateKey(String key) {
        for (String part : JointKey.split(key).keys()) {
            String k = part.replaceFirst("^/+", "");
            while (true) {
                int slash = k.indexOf('/');
                String head = slash < 0 ? k : k.substring(0, slash);
                String rest = slash < 0 ? "" : k.substring(slash + 1);
                switch (head) {
                    case "id", "uid", "name", "namespace", "qosclass" -> {
                        if (!rest.isEmpty()) {
                            throw new ValueException("key '" + key + "': nothing may follow '" + head + "' (got '"
                                    + rest + "')");
                        }
                    }
                    case "pod" -> {
                        if (rest.isEmpty()) {
                            throw new ValueException("key '" + key + "': 'pod' needs a pod key after it, "
                                    + "e.g. pod/name");
                        }
                    }
                    case "labels", "tags" -> {
                        if (rest.isEmpty()) {
                            throw new ValueException("key '" + key + "': '" + head + "' needs a "
                                    + head.substring(0, head.length() - 1) + " name after it, e.g. " + head + "/app");
                        }
                    }
                    default -> throw new ValueException(head.isEmpty() ? "missing key"
                            : "key '" + key + "': unknown key '" + head + "' (known: name, namespace, qosclass, id, "
                            + "uid, labels/<k>, tags/<k>, pod/<key>)");
                }
                if (rest.isEmpty() || head.equals("labels") || head.equals("tags")) {
                    break;
                }
                k = rest;
            }
        }
    }

    /** A split joint key: its simple keys and the value separator. */
    record JointKey(List<String> keys, String valueSeparator) {
        static JointKey split(String key) {
            if (key.length() < 4 || key.charAt(0) != ':') {
                return new JointKey(List.of(key), "");
            }
            String rest = key.substring(1);
            char ksep = rest.charAt(0);
            char vsep = rest.charAt(1);
            if (separator(ksep) && separator(vsep)) {
                return new JointKey(List.of(rest.substring(2).split(java.util.regex.Pattern.quote(String.valueOf(ksep)),
                        -1)), String.valueOf(vsep));
            }
            return new JointKey(List.of(rest.split(":", -1)), ":");
        }

        private static boolean separator(char b) {
            return !((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '/'
                    || b == '.');
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Expression e && e.key.equals(key) && e.operator == operator && e.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, operator, values);
    }

    /** The reference's rendering: {@code <key operator v1,v2>}. */
    @Override
    public String toString() {
        return "<" + key + " " + operator + " " + String.join(",", values) + ">";
    }
}
