package io.numaagent.plugins.numaallocator;

import io.numaagent.api.plugin.Metrics;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginLogger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A plugin context for tests: fixed clock, a logger that records every line, metrics kept in maps. */
final class FakePluginContext implements PluginContext {

    final RecordingLogger log = new RecordingLogger();
    final InMemoryMetrics metrics = new InMemoryMetrics();
    private final String instanceName;

    FakePluginContext() {
        this(NumaAllocatorPluginFactory.NAME);
    }

    FakePluginContext(String instanceName) {
        this.instanceName = instanceName;
    }

    @Override
    public String instanceName() {
        return instanceName;
    }

    @Override
    public Clock clock() {
        return Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    }

    @Override
    public PluginLogger log() {
        return log;
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public Path stateDirectory() {
        return Path.of("target", "plugin-state");
    }

    /** One logged line with its level and the message with placeholders filled in. */
    record LogLine(String level, String message) {
    }

    static final class RecordingLogger implements PluginLogger {
        final List<LogLine> lines = new ArrayList<>();

        private void add(String level, String format, Object... args) {
            StringBuilder sb = new StringBuilder();
            int arg = 0;
            int i = 0;
            while (i < format.length()) {
                if (format.startsWith("{}", i) && arg < args.length) {
                    sb.append(args[arg++]);
                    i += 2;
                } else {
                    sb.append(format.charAt(i++));
                }
            }
            lines.add(new LogLine(level, sb.toString()));
        }

        List<String> at(String level) {
            return lines.stream().filter(l -> l.level().equals(level)).map(LogLine::message).toList();
        }

        @Override
        public void debug(String format, Object... args) {
            add("debug", format, args);
        }

        @Override
        public void info(String format, Object... args) {
            add("info", format, args);
        }

        @Override
        public void warn(String format, Object... args) {
            add("warn", format, args);
        }

        @Override
        public void error(String format, Object... args) {
            add("error", format, args);
        }
    }

    /** Series values by metric name, then by label values joined with ','. */
    static final class InMemoryMetrics implements Metrics {
        final Map<String, Map<String, Double>> series = new HashMap<>();

        Map<String, Double> of(String name) {
            return series.getOrDefault(name, Map.of());
        }

        /** The value of one series, or {@code null} when it does not exist. */
        Double value(String name, String... labels) {
            return of(name).get(String.join(",", labels));
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
                    check(labelNames, labelValues);
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
                check(labelNames, labelValues);
                if (amount < 0) {
                    throw new IllegalArgumentException("counter " + name + " decremented");
                }
                v.merge(String.join(",", labelValues), amount, Double::sum);
            };
        }

        @Override
        public Histogram histogram(String name, String help, List<String> labelNames, List<Double> buckets) {
            Map<String, Double> v = values(name);
            return (value, labelValues) -> v.merge(String.join(",", labelValues), 1.0, Double::sum);
        }

        private static void check(List<String> names, String[] values) {
            if (names.size() != values.length) {
                throw new IllegalArgumentException("expected labels " + names + ", got " + values.length + " values");
            }
        }
    }
}
