package io.numaagent.runner.telemetry;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks metric names, label names and bucket boundaries before an instrument is created, so a
 * mistake fails at registration with a message naming the metric instead of being silently
 * dropped by the OpenTelemetry SDK (which logs and hands out a no-op instrument).
 */
final class MetricNames {

    private static final Pattern PROMETHEUS_METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern PROMETHEUS_LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** OpenTelemetry's limit on instrument names. */
    private static final int MAX_NAME_LENGTH = 255;

    private MetricNames() {
    }

    /** Throws unless {@code name} is a Prometheus metric name the OpenTelemetry SDK also accepts. */
    static void checkMetricName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("metric name must not be empty");
        }
        if (!PROMETHEUS_METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric '" + name
                    + "': not a valid Prometheus metric name (must match [a-zA-Z_:][a-zA-Z0-9_:]*)");
        }
        // Prometheus reserves colons for recording rules, and OpenTelemetry instrument names must
        // start with a letter; either would otherwise be dropped by the SDK at runtime.
        if (name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("metric '" + name
                    + "': colons are reserved for Prometheus recording rules");
        }
        if (!Character.isLetter(name.charAt(0))) {
            throw new IllegalArgumentException("metric '" + name + "': name must start with a letter");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("metric '" + name + "': name longer than " + MAX_NAME_LENGTH
                    + " characters");
        }
    }

    /** Throws unless every label name is valid, not reserved ({@code __} prefix) and given once. */
    static void checkLabelNames(String metric, List<String> labelNames) {
        if (labelNames == null) {
            throw new IllegalArgumentException("metric '" + metric + "': label names must not be null");
        }
        Set<String> seen = new HashSet<>();
        for (String label : labelNames) {
            if (label == null || !PROMETHEUS_LABEL_NAME.matcher(label).matches()) {
                throw new IllegalArgumentException("metric '" + metric + "': invalid label name '" + label
                        + "' (must match [a-zA-Z_][a-zA-Z0-9_]*)");
            }
            if (label.startsWith("__")) {
                throw new IllegalArgumentException("metric '" + metric + "': label name '" + label
                        + "' is reserved (leading __)");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException("metric '" + metric + "': label '" + label + "' given twice");
            }
        }
    }

    /** Throws unless the boundaries are finite and strictly increasing, and there is at least one. */
    static void checkBuckets(String metric, List<Double> buckets) {
        if (buckets == null || buckets.isEmpty()) {
            throw new IllegalArgumentException("metric '" + metric + "': at least one bucket boundary is needed");
        }
        double previous = Double.NEGATIVE_INFINITY;
        for (Double b : buckets) {
            if (b == null || !Double.isFinite(b)) {
                throw new IllegalArgumentException("metric '" + metric + "': bucket boundary " + b
                        + " is not a finite number (+Inf is implicit)");
            }
            if (b <= previous) {
                throw new IllegalArgumentException("metric '" + metric + "': bucket boundaries must be strictly "
                        + "increasing, got " + buckets);
            }
            previous = b;
        }
    }

    /** Key under which clashes are detected: OpenTelemetry treats instrument names case-insensitively. */
    static String clashKey(String sampleName) {
        return sampleName.toLowerCase(Locale.ROOT);
    }
}
