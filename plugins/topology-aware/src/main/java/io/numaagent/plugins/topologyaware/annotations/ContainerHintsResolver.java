package io.numaagent.plugins.topologyaware.annotations;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Entry;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Mapping;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Scalar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Resolves a pod's annotations for one of its containers into {@link ContainerHints}.
 *
 * <p>Each effective key is looked up, narrowest scope first: {@code /container.<name>}, {@code /pod},
 * unscoped, then (for prefer-isolated-cpus, prefer-shared-cpus, memory-type and cold-start) the
 * deprecated {@code <ns>/<key>} pod map. Within a scope the {@code resource-policy.nri.io} spelling
 * wins over {@code cri-resource-manager.intel.com}; a differing value in the losing family is
 * reported. A value that cannot be used is reported and the lookup goes on as if it were absent.
 * prefer- and require-isolated-cpus compete: the narrower scope wins, on equal scope require.
 *
 * <p>Why this size: one small parse rule per annotation key of the reference's table, kept together
 * so that the table and the code can be read side by side.
 */
public final class ContainerHintsResolver {

    /** The hints of one container and the annotations that could not be used. */
    public record Resolution(ContainerHints hints, List<AnnotationProblem> problems) {
        public Resolution {
            problems = List.copyOf(problems);
        }
    }

    private static final Set<String> OTHER_CONTROLLERS = Set.of("rdtclass", "blockioclass", "toptierlimit",
            "balloon.balloons", "resources");
    private static final AnnotationFamily[] FAMILIES = AnnotationFamily.values();

    private final Map<String, String> annotations;
    private final ContainerInfo container;
    private final List<AnnotationProblem> problems = new ArrayList<>();
    private final Map<AnnotationKey, AnnotationSource> sources = new EnumMap<>(AnnotationKey.class);

    private ContainerHintsResolver(Map<String, String> annotations, ContainerInfo container) {
        this.annotations = annotations;
        this.container = container;
    }

    /** Resolves the pod annotations for one container (its name, pod and QoS come from {@code container}). */
    public static Resolution resolve(Map<String, String> podAnnotations, ContainerInfo container) {
        ContainerHintsResolver r = new ContainerHintsResolver(podAnnotations, container);
        ContainerHints hints = r.hints();
        r.problems.addAll(unknownKeys(podAnnotations));
        return new Resolution(hints, r.problems);
    }

    /**
     * Resolves every container of a pod, keyed by container id; also reports container-scoped keys
     * that name no container of the pod (to every container).
     */
    public static Map<String, Resolution> resolvePod(Map<String, String> podAnnotations,
                                                     List<ContainerInfo> containers) {
        Set<String> names = new TreeSet<>();
        containers.forEach(c -> names.add(c.name()));
        List<AnnotationProblem> strays = new ArrayList<>();
        podAnnotations.forEach((k, v) -> {
            int at = k.lastIndexOf("/container.");
            if (at > 0 && isOurs(k.substring(0, at)) && !names.contains(k.substring(at + "/container.".length()))) {
                strays.add(new AnnotationProblem(k, v, "names no container of this pod (containers: "
                        + String.join(", ", names) + ")"));
            }
        });
        Map<String, Resolution> out = new LinkedHashMap<>();
        for (ContainerInfo c : containers) {
            Resolution r = resolve(podAnnotations, c);
            List<AnnotationProblem> all = new ArrayList<>(r.problems());
            all.addAll(strays);
            out.put(c.id(), new Resolution(r.hints(), all));
        }
        return out;
    }

    private ContainerHints hints() {
        Optional<Boolean> prefer = effective(AnnotationKey.PREFER_ISOLATED_CPUS, this::bool);
        Optional<Boolean> require = effective(AnnotationKey.REQUIRE_ISOLATED_CPUS, this::bool);
        boolean strict = false;
        Optional<Boolean> isolated = prefer;
        if (require.isPresent()) {
            AnnotationScope rs = sources.get(AnnotationKey.REQUIRE_ISOLATED_CPUS).scope();
            if (prefer.isEmpty() || rs.compareTo(sources.get(AnnotationKey.PREFER_ISOLATED_CPUS).scope()) <= 0) {
                strict = true;
                isolated = require;
            }
        }
        Optional<String> cpuClass = guaranteedOnly(AnnotationKey.CPU_CLASS,
                effective(AnnotationKey.CPU_CLASS, this::name));
        Optional<IrqAffinity> irq = guaranteedOnly(AnnotationKey.IRQ_AFFINITY,
                effective(AnnotationKey.IRQ_AFFINITY, raw -> IrqAffinity.parse(raw.node())));
        return new ContainerHints(isolated, strict,
                effective(AnnotationKey.PREFER_SHARED_CPUS, this::bool),
                effective(AnnotationKey.PREFER_RESERVED_CPUS, this::bool),
                effective(AnnotationKey.PREFER_CPU_PRIORITY, raw -> CpuPriority.parse(raw.text().strip())),
                effective(AnnotationKey.HIDE_HYPERTHREADS, this::bool),
                effective(AnnotationKey.MEMORY_TYPE, raw -> raw.text().isBlank() ? Set.<MemoryType>of()
                        : MemoryType.parseList(raw.text())),
                effective(AnnotationKey.COLD_START, raw -> coldStart(raw.node())),
                effective(AnnotationKey.UNLIMITED_BURSTABLE, raw -> TopologyLevel.parse(raw.text().strip())),
                effective(AnnotationKey.PICK_RESOURCES_BY_HINTS, this::bool),
                effective(AnnotationKey.SCHEDULING_CLASS, this::name),
                cpuClass, irq,
                effective(AnnotationKey.CPU_PRESERVE, this::bool),
                effective(AnnotationKey.MEMORY_PRESERVE, this::bool),
                effective(AnnotationKey.TOPOLOGY_HINTS, raw -> TopologyHintSources.parse(raw.text().strip())),
                effective(AnnotationKey.STRICT_TOPOLOGY_HINTS, this::bool),
                effective(AnnotationKey.ALLOW_TOPOLOGY_HINTS, raw -> PathFilter.parse(raw.node())),
                effective(AnnotationKey.DENY_TOPOLOGY_HINTS, raw -> PathFilter.parse(raw.node())),
                effective(AnnotationKey.TEST_TOPOLOGY_HINTS, raw -> TestHint.parseAll(raw.node())),
                affinities(), sources);
    }

    // ---- lookup

    /** An annotation value as found: its text, and its node when it came out of a pod map. */
    private record Raw(String text, YamlNode parsed) {
        YamlNode node() {
            return parsed != null ? parsed : MiniYaml.parse(text);
        }
    }

    private record Candidate(String key, String value, AnnotationScope scope, AnnotationFamily family, Raw raw) {
    }

    private <T> Optional<T> effective(AnnotationKey key, Function<Raw, T> parser) {
        Candidate winner = null;
        T result = null;
        for (Candidate cand : candidates(key)) {
            if (winner != null) {
                if (cand.scope() == winner.scope() && !cand.value().equals(winner.value())) {
                    problems.add(new AnnotationProblem(cand.key(), cand.value(), "shadowed by " + winner.key()
                            + " (" + AnnotationFamily.NRI.namespace() + " wins on equal scope)"));
                }
                continue;
            }
            try {
                result = parser.apply(cand.raw());
                winner = cand;
                sources.put(key, new AnnotationSource(cand.key(), cand.scope(), cand.family()));
            } catch (ValueException e) {
                problems.add(new AnnotationProblem(cand.key(), cand.value(), e.getMessage()));
            }
        }
        return Optional.ofNullable(result);
    }

    private List<Candidate> candidates(AnnotationKey key) {
        List<Candidate> out = new ArrayList<>();
        for (AnnotationScope scope : List.of(AnnotationScope.CONTAINER, AnnotationScope.POD, AnnotationScope.UNSCOPED)) {
            for (AnnotationFamily f : FAMILIES) {
                String k = key.key(f, scope, container.name());
                String v = annotations.get(k);
                if (v != null) {
                    out.add(new Candidate(k, v, scope, f, new Raw(v, null)));
                }
            }
        }
        if (key.hasDeprecatedPodMap()) {
            for (AnnotationFamily f : FAMILIES) {
                String k = key.key(f, AnnotationScope.DEPRECATED_POD_MAP, container.name());
                String v = annotations.get(k);
                if (v != null) {
                    deprecatedEntry(key, k, v).ifPresent(raw ->
                            out.add(new Candidate(k, v, AnnotationScope.DEPRECATED_POD_MAP, f, raw)));
                }
            }
        }
        return out;
    }

    /**
     * The container's value in a deprecated pod annotation: the entry under its name in a
     * {@code container: value} map, or a plain value for every container (not for cold-start, whose
     * deprecated form is always a map).
     */
    private Optional<Raw> deprecatedEntry(AnnotationKey key, String k, String v) {
        YamlNode root;
        try {
            root = MiniYaml.parse(v);
        } catch (ValueException e) {
            problems.add(new AnnotationProblem(k, v, e.getMessage()));
            return Optional.empty();
        }
        if (root instanceof Mapping m && !(key == AnnotationKey.COLD_START && m.entries().containsKey("duration"))) {
            Entry e = m.entries().get(container.name());
            if (e == null) {
                return Optional.empty();
            }
            return Optional.of(new Raw(e.value() instanceof Scalar s ? s.text() : v, e.value()));
        }
        if (key == AnnotationKey.COLD_START) {
            problems.add(new AnnotationProblem(k, v, "the deprecated form is a map of container names to "
                    + "{duration: ...}"));
            return Optional.empty();
        }
        return Optional.of(new Raw(root instanceof Scalar s ? s.text() : v, root));
    }

    private <T> Optional<T> guaranteedOnly(AnnotationKey key, Optional<T> value) {
        QosClass qos = container.pod().qos();
        if (value.isEmpty() || qos == QosClass.GUARANTEED) {
            return value;
        }
        AnnotationSource s = sources.remove(key);
        if (s.scope() == AnnotationScope.CONTAINER) {
            problems.add(new AnnotationProblem(s.key(), annotations.get(s.key()), key.shortName()
                    + " applies to Guaranteed containers only; this one is " + container.pod().qosName()));
        }
        return Optional.empty();
    }

    // ---- value rules

    private boolean bool(Raw raw) {
        return GoValues.parseBool(raw.text().strip());
    }

    private String name(Raw raw) {
        String s = raw.text().strip();
        if (s.isEmpty()) {
            throw new ValueException("empty name");
        }
        return s;
    }

    private static Duration coldStart(YamlNode node) {
        if (node instanceof Scalar s && s.isNull()) {
            return Duration.ZERO;
        }
        if (!(node instanceof Mapping m)) {
            throw new ValueException("expected 'duration: <like 60s>', not " + node.kind(), node.position());
        }
        Duration d = Duration.ZERO;
        for (Entry e : m.entries().values()) {
            if (!e.key().toLowerCase(Locale.ROOT).equals("duration")) {
                throw new ValueException("unknown field '" + e.key() + "' (known: duration)", e.keyPosition());
            }
            if (!(e.value() instanceof Scalar s)) {
                throw new ValueException("duration must be a single value like 60s", e.value().position());
            }
            try {
                d = s.isNull() ? Duration.ZERO : GoValues.parseDuration(s.text());
            } catch (ValueException ex) {
                throw new ValueException(ex.reason(), s.position());
            }
            if (d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new ValueException("cold start duration " + s.text() + " is out of range (0 to 1h)",
                        s.position());
            }
        }
        return d;
    }

    private List<Affinity> affinities() {
        List<Affinity> out = new ArrayList<>();
        for (AnnotationKey key : List.of(AnnotationKey.AFFINITY, AnnotationKey.ANTI_AFFINITY)) {
            Optional<Map<String, List<Affinity>>> parsed = effectivePodLevel(key);
            parsed.map(m -> m.get(container.name())).ifPresent(out::addAll);
        }
        return out;
    }

    private Optional<Map<String, List<Affinity>>> effectivePodLevel(AnnotationKey key) {
        Candidate winner = null;
        Map<String, List<Affinity>> result = null;
        for (AnnotationFamily f : FAMILIES) {
            String k = key.key(f);
            String v = annotations.get(k);
            if (v == null) {
                continue;
            }
            if (winner != null) {
                if (!v.equals(winner.value())) {
                    problems.add(new AnnotationProblem(k, v, "shadowed by " + winner.key() + " ("
                            + AnnotationFamily.NRI.namespace() + " wins)"));
                }
                continue;
            }
            try {
                result = AffinityParser.parse(v, key == AnnotationKey.ANTI_AFFINITY, container.pod(),
                        f == AnnotationFamily.CRI_RESMGR);
                winner = new Candidate(k, v, AnnotationScope.POD_LEVEL, f, null);
                if (result.containsKey(container.name())) {
                    sources.put(key, new AnnotationSource(k, AnnotationScope.POD_LEVEL, f));
                }
            } catch (ValueException e) {
                problems.add(new AnnotationProblem(k, v, e.getMessage()));
            }
        }
        return Optional.ofNullable(result);
    }

    // ---- unknown keys

    /** Keys in our namespaces that no rule reads, and near misses of our keys in other namespaces. */
    static List<AnnotationProblem> unknownKeys(Map<String, String> annotations) {
        List<AnnotationProblem> out = new ArrayList<>();
        annotations.forEach((k, v) -> problemWithKey(k).ifPresent(why -> out.add(new AnnotationProblem(k, v, why))));
        out.sort(java.util.Comparator.comparing(AnnotationProblem::key));
        return out;
    }

    private static Optional<String> problemWithKey(String k) {
        for (AnnotationFamily f : FAMILIES) {
            String ns = f.namespace();
            if (k.startsWith(ns + "/")) {
                String name = k.substring(ns.length() + 1);
                AnnotationKey known = AnnotationKey.byShortName(name);
                if ((known != null && (known.podLevel() || known.hasDeprecatedPodMap()))
                        || OTHER_CONTROLLERS.contains(name)) {
                    return Optional.empty();
                }
                if (known != null) {
                    return Optional.of("'" + name + "' is spelled " + known.key(f) + "[/pod|/container.<name>]");
                }
                return Optional.of("unknown annotation '" + name + "' in " + ns);
            }
            int at = k.indexOf("." + ns);
            if (at > 0 && (k.length() == at + ns.length() + 1 || k.charAt(at + ns.length() + 1) == '/')) {
                String name = k.substring(0, at);
                String scope = k.substring(at + ns.length() + 1);
                AnnotationKey known = AnnotationKey.byShortName(name);
                if (known != null && known.podLevel()) {
                    return Optional.of("'" + name + "' is spelled " + known.key(f));
                }
                if (known == null) {
                    return OTHER_CONTROLLERS.contains(name) ? Optional.empty()
                            : Optional.of("unknown annotation '" + name + "' in " + ns);
                }
                if (!(scope.isEmpty() || scope.equals("/pod")
                        || (scope.startsWith("/container.") && scope.length() > "/container.".length()))) {
                    return Optional.of("bad scope '" + scope + "' (use /pod or /container.<name>, or none)");
                }
                return Optional.empty();
            }
        }
        return nearMiss(k);
    }

    /** Our key names under a namespace that is almost ours, e.g. resource-manager.nri.io/affinity (nri-plugins#65). */
    private static Optional<String> nearMiss(String k) {
        int slash = k.indexOf('/');
        String head = slash < 0 ? k : k.substring(0, slash);
        String tail = slash < 0 ? "" : k.substring(slash + 1);
        for (AnnotationKey key : AnnotationKey.values()) {
            String ns = null;
            if ((key.podLevel() || key.hasDeprecatedPodMap()) && tail.equals(key.shortName())) {
                ns = head;
            } else if (!key.podLevel() && head.startsWith(key.shortName() + ".")) {
                ns = head.substring(key.shortName().length() + 1);
            }
            if (ns != null && (ns.endsWith("nri.io") || ns.endsWith("intel.com"))) {
                return Optional.of("unknown namespace '" + ns + "'; did you mean " + AnnotationFamily.NRI.namespace()
                        + " or " + AnnotationFamily.CRI_RESMGR.namespace() + "?");
            }
        }
        return Optional.empty();
    }

    private static boolean isOurs(String keyWithoutScope) {
        for (AnnotationFamily f : FAMILIES) {
            if (keyWithoutScope.endsWith("." + f.namespace())) {
                return true;
            }
        }
        return false;
    }
}
