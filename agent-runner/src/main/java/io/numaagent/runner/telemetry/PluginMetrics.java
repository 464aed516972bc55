package io.numaagent.runner.telemetry;

import io.numaagent.api.plugin.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Metrics} facade handed to one plugin instance. Every series it writes carries the
 * label {@code plugin="<instance>"}, added here, so two instances of the same plugin share an
 * instrument without overwriting (or clearing) each other's series. The {@code numa_agent_}
 * prefix belongs to the runner.
 */
final class PluginMetrics implements Metrics {

    /** The label the runner adds to every plugin series. */
    static final String PLUGIN_LABEL = "plugin";
    private static final String RUNNER_PREFIX = "numa_agent_";

    private final InstrumentRegistry registry;
    private final String instance;
    /** Handles already given out, by metric name, so asking twice returns the same object. */
    private final Map<String, Object> handles = new ConcurrentHashMap<>();

    PluginMetrics(InstrumentRegistry registry, String instance) {
        if (instance == null || instance.isBlank()) {
            throw new IllegalArgumentException("plugin instance name must not be empty");
        }
        this.registry = registry;
        this.instance = instance;
    }

    @Override
    public Gauge gauge(String name, String help, List<String> labelNames) {
        InstrumentRegistry.Gauge gauge = registry.gauge(checkName(name), help, withPlugin(name, labelNames));
        return (Gauge) handles.computeIfAbsent(gauge.name, n -> gaugeHandle(gauge));
    }

    private Gauge gaugeHandle(InstrumentRegistry.Gauge gauge) {
        return new Gauge() {
            @Override
            public void set(double value, String... labelValues) {
                gauge.set(value, withInstance(gauge, labelValues));
            }

            @Override
            public void remove(String... labelValues) {
                gauge.remove(withInstance(gauge, labelValues));
            }

            @Override
            public void clear() {
                gauge.removeIf(values -> values.get(0).equals(instance));
            }
        };
    }

    @Override
    public Counter counter(String name, String help, List<String> labelNames) {
        InstrumentRegistry.Counter counter = registry.counter(checkName(name), help, withPlugin(name, labelNames));
        return (Counter) handles.computeIfAbsent(counter.name,
                n -> (Counter) (amount, labelValues) -> counter.add(amount, withInstance(counter, labelValues)));
    }

    @Override
    public Histogram histogram(String name, String help, List<String> labelNames, List<Double> buckets) {
        InstrumentRegistry.Histogram histogram = registry.histogram(checkName(name), help,
                withPlugin(name, labelNames), buckets);
        return (Histogram) handles.computeIfAbsent(histogram.name,
                n -> (Histogram) (value, labelValues) -> histogram.observe(value, withInstance(histogram, labelValues)));
    }

    private static String checkName(String name) {
        if (name != null && name.startsWith(RUNNER_PREFIX)) {
            throw new IllegalArgumentException("metric '" + name + "': the prefix " + RUNNER_PREFIX
                    + " is reserved for the runner's own metrics");
        }
        return name;
    }

    private static List<String> withPlugin(String name, List<String> labelNames) {
        if (labelNames == null) {
            throw new IllegalArgumentException("metric '" + name + "': label names must not be null");
        }
        if (labelNames.contains(PLUGIN_LABEL)) {
            throw new IllegalArgumentException("metric '" + name + "': label '" + PLUGIN_LABEL
                    + "' is added by the runner and must not be declared");
        }
        List<String> all = new ArrayList<>(labelNames.size() + 1);
        all.add(PLUGIN_LABEL);
        all.addAll(labelNames);
        return all;
    }

    /** Checks the count against the labels the plugin declared, then prepends the instance name. */
    private String[] withInstance(InstrumentRegistry.Instrument instrument, String... labelValues) {
        String[] values = labelValues == null ? new String[0] : labelValues;
        List<String> declared = instrument.labelNames.subList(1, instrument.labelNames.size());
        if (values.length != declared.size()) {
            throw new IllegalArgumentException("metric '" + instrument.name + "' has labels " + declared
                    + " but got " + values.length + " label values " + java.util.Arrays.toString(values));
        }
        String[] all = new String[values.length + 1];
        all[0] = instance;
        System.arraycopy(values, 0, all, 1, values.length);
        return all;
    }
}
