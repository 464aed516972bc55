package io.numaagent.plugins.topologyaware.irq;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.plugins.topologyaware.annotations.GoGlob;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code controllableInterrupts}: globs (Go's path.Match, as the reference) over the descriptions of
 * {@code /proc/interrupts}; the interrupts whose description one of them matches are the ones the policy may
 * steer. As in the reference, an empty list means every interrupt.
 */
public final class InterruptPatterns {

    /** The reference's default, {@code ["*"]}. */
    public static final InterruptPatterns ALL = new InterruptPatterns(List.of("*"));

    private final List<String> patterns;
    private final List<GoGlob> globs;

    private InterruptPatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.globs = patterns.stream().map(GoGlob::compile).toList();
    }

    /** Reads the config value: a list of globs; a bad one is refused at its index ({@code key[1]}). */
    public static InterruptPatterns read(String key, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new ConfigException(key, "'" + key + "' must be a list of globs such as [\"*\"] or "
                    + "[\"*nvme*\", \"*eth0*\"]");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = key + "[" + i + "]";
            if (!(list.get(i) instanceof String s) || s.isEmpty()) {
                throw new ConfigException(at, "'" + at + "' must be a non-empty glob, got \"" + list.get(i) + "\"");
            }
            String bad = GoGlob.problem(s);
            if (bad != null) {
                throw new ConfigException(at, "'" + at + "': " + bad);
            }
            out.add(s);
        }
        return new InterruptPatterns(out);
    }

    /** Whether the policy may steer this interrupt (its description matches; every one when the list is empty). */
    public boolean allows(Interrupt irq) {
        return globs.isEmpty() || globs.stream().anyMatch(g -> g.matches(irq.description()));
    }

    public List<String> patterns() {
        return patterns;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterruptPatterns other && patterns.equals(other.patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}
