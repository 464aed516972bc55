package io.numaagent.api.testing;

import io.numaagent.api.plugin.Metrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Metrics} kept in maps that tests read: series values by metric name, then by the label
 * values joined with {@code ','}. A histogram keeps the count of observations per series. Label
 * counts are checked like the runner checks them.
 */
public final class InMemoryMetrics implements Metrics {

    private final Map<String, Map<String, Double>> series = new HashMap<>();

    /** The series of one metric by joined label values; empty when the metric has none. */
    public Map<String, Double> of(String name) {
        return series.getOrDefault(name, Map.of());
    }

    /** The value of one series, or {@code null} when it does not exist. */
    public Double value(String name, String... labelValues) {
        return of(name).get(String.join(",", labelValues));
    }

    private Map<String, Double> values(String name) {
        return series.computeIfAbsent(name, k -> new TreeMap<>());
    }

    @Override
    public Gauge gauge(String name, String help, List<String> labelNames) {
        Map<String, Double> v = values(name);
        return new Gauge() {
            @Override
            public void set(double value, String... labelValues) {
                check(name, labelNames, labelValues);
                v.put(String.join(",", labelValues), value);
            }

            @Override
            public void remove(String... labelValues) {
                v.remove(String.join(",", labelValues));
            }

            @Override
            public void clear() {
                v.clear();
            }
        };
    }

    @Override
    public Counter counter(String name, String help, List<String> labelNames) {
        Map<String, Double> v = values(name);
        return (amount, labelValues) -> {
            check(name, labelNames, labelValues);
            if (amount < 0) {
                throw new IllegalArgumentException("counter " + name + " decremented");
            }
            v.merge(String.join(",", labelValues), amount, Double::sum);
        };
    }

    @Override
    public Histogram histogram(String name, String help, List<String> labelNames, List<Double> buckets) {
        Map<String, Double> v = values(name);
        return (value, labelValues) -> {
            check(name, labelNames, labelValues);
            v.merge(String.join(",", labelValues), 1.0, Double::sum);
        };
    }

    private static void check(String name, List<String> labelNames, String[] labelValues) {
        if (labelNames.size() != labelValues.length) {
            throw new IllegalArgumentException(
                    name + ": expected labels " + labelNames + ", got " + labelValues.length + " values");
        }
    }
}
