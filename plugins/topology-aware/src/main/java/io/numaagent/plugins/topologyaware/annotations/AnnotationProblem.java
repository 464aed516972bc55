package io.numaagent.plugins.topologyaware.annotations;

/**
 * An annotation that was not used, and why. The container was resolved as if it were absent.
 *
 * @param key    the annotation key as written
 * @param value  its value
 * @param reason why it was not used, with the line and column inside the value for structured values
 */
public record AnnotationProblem(String key, String value, String reason) {

    /** One log line: {@code annotation <key>="<value>" ignored: <reason>}. */
    public String message() {
        String v = value.length() > 200 ? value.substring(0, 200) + "..." : value;
        return "annotation " + key + "=\"" + v.replace("\n", "\\n") + "\" ignored: " + reason;
    }
}
