package io.numaagent.plugins.topologyaware.annotations;

/**
 * An annotation that was not used, and why. The container was resolved as if it were absent.
 *
 * @param key    the annotation key as written
 * @param value  its value
 * @param reason why it was not used, with the line and column inside the value for structured values
 */
public record AnnotationProblem(String key, String value, String reason) {

    /** Reasons quote values; a hostile value must not make a log line of megabytes. */
    private static final int MAX_REASON = 300;

    public AnnotationProblem {
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, 200) + " ... " + reason.substring(reason.length() - 80);
        }
    }

    /** One log line: {@code annotation <key>="<value>" ignored: <reason>}. */
    public String message() {
        String k = key.length() > 200 ? key.substring(0, 200) + "..." : key;
        String v = value.length() > 200 ? value.substring(0, 200) + "..." : value;
        return "annotation " + k + "=\"" + v.replace("\n", "\\n") + "\" ignored: " + reason;
    }
}
