package io.numaagent.plugins.topologyaware.annotations;

import io.numaagent.plugins.topologyaware.annotations.YamlNode.Entry;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Mapping;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One injected topology hint of {@code test.topologyhints} (a map of name to hint, for tests):
 * field names are case-insensitive as in the reference's JSON decoding.
 *
 * @param provider the hint provider (a path, checked against allow/deny lists)
 * @param cpus     CPU list, e.g. {@code 0-3}
 * @param numas    NUMA node list
 * @param sockets  socket list
 */
public record TestHint(String provider, String cpus, String numas, String sockets) {

    static List<TestHint> parseAll(YamlNode node) {
        if (node instanceof Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(node instanceof Mapping m)) {
            throw new ValueException("expected a map of hint names to {provider, cpus, numas, sockets}, not "
                    + node.kind(), node.position());
        }
        List<TestHint> out = new ArrayList<>();
        for (Entry e : m.entries().values()) {
            if (!(e.value() instanceof Mapping h)) {
                throw new ValueException("hint '" + e.key() + "' must be a mapping", e.value().position());
            }
            String provider = "";
            String cpus = "";
            String numas = "";
            String sockets = "";
            for (Entry f : h.entries().values()) {
                if (!(f.value() instanceof Scalar v)) {
                    throw new ValueException("'" + f.key() + "' must be a single value", f.value().position());
                }
                switch (f.key().toLowerCase(Locale.ROOT)) {
                    case "provider" -> provider = v.text();
                    case "cpus" -> cpus = v.text();
                    case "numas" -> numas = v.text();
                    case "sockets" -> sockets = v.text();
                    default -> throw new ValueException("unknown field '" + f.key()
                            + "' (known: provider, cpus, numas, sockets)", f.keyPosition());
                }
            }
            out.add(new TestHint(provider, cpus, numas, sockets));
        }
        return List.copyOf(out);
    }
}
