package io.numaagent.plugins.topologyaware.annotations;

import io.numaagent.plugins.topologyaware.annotations.YamlNode.Entry;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Mapping;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Scalar;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A path list of {@code allow.topologyhints} / {@code deny.topologyhints}:
 * {@code {type: prefix|glob, paths: [..]}} (type defaults to prefix, as in the reference).
 *
 * @param type  how paths match
 * @param paths the prefixes or glob patterns
 */
public record PathFilter(Type type, List<String> paths) {

    /** How {@link #paths} match a host path. */
    public enum Type { PREFIX, GLOB }

    private static final Set<String> FIELDS = Set.of("type", "paths");

    public PathFilter {
        paths = List.copyOf(paths);
        if (type == Type.GLOB) {
            paths.forEach(GoGlob::compile);
        }
    }

    /** Whether a host path is on the list. */
    public boolean matches(String hostPath) {
        for (String p : paths) {
            if (type == Type.PREFIX ? hostPath.startsWith(p) : GoGlob.compile(p).matches(hostPath)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a path gets no hint, as the reference decides: denied when on the deny list, unless it is
     * also on the allow list (allow wins); a path on neither list is allowed.
     */
    public static boolean denied(String path, Optional<PathFilter> allow, Optional<PathFilter> deny) {
        if (allow.isPresent() && allow.get().matches(path)) {
            return false;
        }
        return deny.isPresent() && deny.get().matches(path);
    }

    static PathFilter parse(YamlNode node) {
        if (!(node instanceof Mapping m)) {
            throw new ValueException("expected {type: prefix|glob, paths: [...]}, not " + node.kind(), node.position());
        }
        Type type = Type.PREFIX;
        List<String> paths = new ArrayList<>();
        for (Entry e : m.entries().values()) {
            switch (e.key()) {
                case "type" -> {
                    String t = e.value() instanceof Scalar s ? s.text() : "";
                    type = switch (t) {
                        case "prefix" -> Type.PREFIX;
                        case "glob" -> Type.GLOB;
                        default -> throw new ValueException("type must be prefix or glob", e.value().position());
                    };
                }
                case "paths" -> {
                    if (!(e.value() instanceof Sequence s)) {
                        throw new ValueException("paths must be a list", e.value().position());
                    }
                    for (YamlNode item : s.items()) {
                        if (!(item instanceof Scalar sc)) {
                            throw new ValueException("a path must be a single value", item.position());
                        }
                        paths.add(sc.text());
                    }
                }
                default -> throw new ValueException("unknown field '" + e.key() + "' (known: type, paths)",
                        e.keyPosition());
            }
        }
        Type t = type;
        if (t == Type.GLOB) {
            List<YamlNode> items = ((Sequence) m.entries().get("paths").value()).items();
            for (int i = 0; i < paths.size(); i++) {
                try {
                    GoGlob.compile(paths.get(i));
                } catch (ValueException ex) {
                    throw new ValueException(ex.reason(), items.get(i).position());
                }
            }
        }
        return new PathFilter(t, paths);
    }
}
