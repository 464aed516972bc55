package io.numaagent.api.plugin;

import java.util.List;

/**
 * The metrics facade for plugins, backed by the runner's OpenTelemetry SDK and served on its
 * Prometheus endpoint. Names follow Prometheus conventions: {@code snake_case}, unit suffix
 * ({@code _bytes}, {@code _seconds}), {@code _total} for counters. The runner prefixes nothing;
 * choose a plugin-specific prefix ({@code numa_allocator_...}).
 *
 * <p>Label sets must stay bounded: remove the series of a task that is gone with
 * {@link Gauge#remove(String...)}, and never put unbounded values (addresses, timestamps) in labels.
 * Asking twice for the same name returns the same instrument.
 */
public interface Metrics {

    /** A gauge: a value that goes up and down. */
    Gauge gauge(String name, String help, List<String> labelNames);

    /** A monotonic counter. */
    Counter counter(String name, String help, List<String> labelNames);

    /** A histogram of observations with the given bucket boundaries. */
    Histogram histogram(String name, String help, List<String> labelNames, List<Double> buckets);

    /** A gauge. Label values are given in the order of the label names. */
    interface Gauge {
        void set(double value, String... labelValues);

        /** Drops one series (e.g. of a task that is gone). */
        void remove(String... labelValues);

        /** Drops every series. */
        void clear();
    }

    /** A counter. Label values are given in the order of the label names. */
    interface Counter {
        void add(double amount, String... labelValues);

        default void increment(String... labelValues) {
            add(1, labelValues);
        }
    }

    /** A histogram. Label values are given in the order of the label names. */
    interface Histogram {
        void observe(double value, String... labelValues);
    }
}
