package io.numaagent.plugins.topologyaware.annotations;

/**
 * An annotation value that cannot be used, with the reason and, for structured values, where in the
 * value the problem is. Caught by {@link ContainerHintsResolver} and turned into an
 * {@link AnnotationProblem}; never escapes the package's public API.
 */
final class ValueException extends RuntimeException {

    private final String reason;
    private final YamlNode.Position position;

    ValueException(String reason, YamlNode.Position position) {
        super(position == null ? reason : reason + " at " + position);
        this.reason = reason;
        this.position = position;
    }

    ValueException(String reason) {
        this(reason, null);
    }

    String reason() {
        return reason;
    }

    /** Where in the value, or null for a one-word value. */
    YamlNode.Position position() {
        return position;
    }
}
