package io.numaagent.plugins.topologyaware.annotations;

import io.numaagent.plugins.topologyaware.annotations.YamlNode.Entry;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Mapping;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Scalar;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the pod's {@code <ns>/affinity} or {@code <ns>/anti-affinity} annotation into per-container
 * affinities. Two forms, as in the reference:
 * <ul>
 *   <li>short: {@code c3: [c1, c2]}: made symmetric (c1 and c2 also get c3) and turned into
 *   {@code name Equals|In <others>} within the pod, weight 1 (anti: -1);</li>
 *   <li>full: {@code c1: [{scope: <expr>, match: <expr>, weight: <int>}, ...]}; scope defaults to the
 *   pod, weight 0 or absent to 1; for anti-affinity the weight's sign is flipped; weights are clamped
 *   to ±1000.</li>
 * </ul>
 */
final class AffinityParser {

    private static final Set<String> FIELDS = Set.of("scope", "match", "weight");

    private AffinityParser() {
    }

    /**
     * @param anti             true for the anti-affinity annotation
     * @param dottedKeyIsLabel cri-resmgr key rule (see {@link Expression#parse})
     * @return affinities by container name (names in sorted order)
     * @throws ValueException at the position of the first problem
     */
    static Map<String, List<Affinity>> parse(String value, boolean anti, PodInfo pod, boolean dottedKeyIsLabel) {
        YamlNode root = MiniYaml.parse(value);
        Map<String, List<Affinity>> out = new TreeMap<>();
        if (root instanceof Scalar s && s.isNull()) {
            return out;
        }
        if (!(root instanceof Mapping m)) {
            throw new ValueException("expected a mapping of container names, not " + root.kind(), root.position());
        }
        int defaultWeight = anti ? -Affinity.DEFAULT_WEIGHT : Affinity.DEFAULT_WEIGHT;
        if (isShortForm(m)) {
            return shortForm(m, defaultWeight, pod);
        }
        Expression podScope = Affinity.podScope(pod);
        for (Entry container : m.entries().values()) {
            List<Affinity> list = out.computeIfAbsent(container.key(), k -> new ArrayList<>());
            YamlNode v = container.value();
            if (v instanceof Scalar s && s.isNull()) {
                continue;
            }
            if (!(v instanceof Sequence seq)) {
                throw new ValueException("affinities of container '" + container.key()
                        + "' must be a list, not " + v.kind(), v.position());
            }
            for (YamlNode item : seq.items()) {
                list.add(full(item, anti, defaultWeight, podScope, dottedKeyIsLabel));
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }

    private static Affinity full(YamlNode item, boolean anti, int defaultWeight, Expression podScope,
                                 boolean dottedKeyIsLabel) {
        if (!(item instanceof Mapping a)) {
            throw new ValueException("an affinity must be a mapping with match (and scope, weight), not "
                    + item.kind(), item.position());
        }
        for (Entry e : a.entries().values()) {
            if (!FIELDS.contains(e.key())) {
                throw new ValueException("unknown field '" + e.key() + "' (known: scope, match, weight)",
                        e.keyPosition());
            }
        }
        Entry match = a.entries().get("match");
        if (match == null || (match.value() instanceof Scalar ms && ms.isNull())) {
            throw new ValueException("missing match expression", a.position());
        }
        Entry scope = a.entries().get("scope");
        Expression scopeExpr = scope == null || (scope.value() instanceof Scalar ss && ss.isNull()) ? podScope
                : Expression.parse(scope.value(), dottedKeyIsLabel);
        Expression matchExpr = Expression.parse(match.value(), dottedKeyIsLabel);
        int weight = defaultWeight;
        Entry w = a.entries().get("weight");
        if (w != null && !(w.value() instanceof Scalar ws && ws.isNull())) {
            int given = weight(w.value());
            if (given != 0) {
                weight = anti ? -given : given;
            }
        }
        return new Affinity(scopeExpr, matchExpr, weight);
    }

    private static int weight(YamlNode n) {
        if (n instanceof Scalar s && s.plain() && s.text().matches("[-+]?[0-9]+")) {
            try {
                return Integer.parseInt(s.text().startsWith("+") ? s.text().substring(1) : s.text());
            } catch (NumberFormatException e) {
                throw new ValueException("weight " + s.text() + " is out of range", n.position());
            }
        }
        throw new ValueException("weight must be an integer, not "
                + (n instanceof Scalar s ? "'" + s.text() + "'" : n.kind()), n.position());
    }

    /** The short form: every container maps to a list of plain names (or nothing). */
    private static boolean isShortForm(Mapping m) {
        for (Entry e : m.entries().values()) {
            YamlNode v = e.value();
            if (v instanceof Scalar s && s.isNull()) {
                continue;
            }
            if (!(v instanceof Sequence seq) || !seq.items().stream().allMatch(i -> i instanceof Scalar)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, List<Affinity>> shortForm(Mapping m, int weight, PodInfo pod) {
        Map<String, Set<String>> symmetric = new TreeMap<>();
        for (Entry e : m.entries().values()) {
            if (e.value() instanceof Sequence seq) {
                for (YamlNode item : seq.items()) {
                    String other = ((Scalar) item).text();
                    symmetric.computeIfAbsent(e.key(), k -> new TreeSet<>()).add(other);
                    symmetric.computeIfAbsent(other, k -> new TreeSet<>()).add(e.key());
                }
            }
        }
        Map<String, List<Affinity>> out = new TreeMap<>();
        Expression podScope = Affinity.podScope(pod);
        symmetric.forEach((name, others) -> out.put(name, List.of(new Affinity(podScope,
                Expression.validated("name", others.size() == 1 ? Operator.Equals : Operator.In, List.copyOf(others)),
                weight))));
        return out;
    }
}
