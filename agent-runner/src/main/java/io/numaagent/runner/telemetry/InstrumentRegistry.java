package io.numaagent.runner.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableDoubleCounter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every instrument of the agent, runner's and plugins' alike, keyed by metric name. Asking again
 * for a name returns the existing instrument when kind, labels and buckets match, and fails naming
 * the metric when they do not, or when the Prometheus sample names of two metrics would collide
 * (a gauge {@code x_count} next to a histogram {@code x}).
 */
final class InstrumentRegistry {

    /** Kinds of instrument. */
    enum Kind {
        GAUGE, COUNTER, OBSERVED_COUNTER, HISTOGRAM;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    private final Meter meter;
    private final Map<String, Instrument> byName = new HashMap<>();
    /** Every exposed sample name (lower case) to the metric that exposes it. */
    private final Map<String, String> sampleNameOwners = new HashMap<>();

    InstrumentRegistry(Meter meter) {
        this.meter = meter;
    }

    synchronized Gauge gauge(String name, String help, List<String> labelNames) {
        return (Gauge) register(name, help, Kind.GAUGE, labelNames, List.of());
    }

    synchronized Counter counter(String name, String help, List<String> labelNames) {
        return (Counter) register(name, help, Kind.COUNTER, labelNames, List.of());
    }

    /** A counter whose value is set from outside (e.g. the kernel's running total) rather than added to. */
    synchronized ObservedCounter observedCounter(String name, String help, List<String> labelNames) {
        return (ObservedCounter) register(name, help, Kind.OBSERVED_COUNTER, labelNames, List.of());
    }

    synchronized Histogram histogram(String name, String help, List<String> labelNames, List<Double> buckets) {
        return (Histogram) register(name, help, Kind.HISTOGRAM, labelNames, buckets);
    }

    private Instrument register(String name, String help, Kind kind, List<String> labelNames, List<Double> buckets) {
        MetricNames.checkMetricName(name);
        MetricNames.checkLabelNames(name, labelNames);
        if ((kind == Kind.COUNTER || kind == Kind.OBSERVED_COUNTER) && !name.endsWith("_total")) {
            throw new IllegalArgumentException("metric '" + name + "': counter names must end with _total");
        }
        if (kind == Kind.HISTOGRAM) {
            if (labelNames.contains("le")) {
                throw new IllegalArgumentException("metric '" + name
                        + "': label name 'le' is reserved for histogram buckets");
            }
            MetricNames.checkBuckets(name, buckets);
        }
        List<String> labels = List.copyOf(labelNames);
        List<Double> bounds = List.copyOf(buckets);
        Instrument existing = byName.get(MetricNames.clashKey(name));
        if (existing != null) {
            if (!existing.name.equals(name) || existing.kind != kind || !existing.labelNames.equals(labels)
                    || !existing.buckets.equals(bounds)) {
                throw new IllegalArgumentException("metric '" + name + "' is already registered as "
                        + existing.describe() + "; cannot register it as " + describe(name, kind, labels, bounds));
            }
            return existing;
        }
        List<String> sampleNames = sampleNames(name, kind);
        for (String sample : sampleNames) {
            String owner = sampleNameOwners.get(MetricNames.clashKey(sample));
            if (owner != null) {
                throw new IllegalArgumentException("metric '" + name + "': its series '" + sample
                        + "' would collide with metric '" + owner + "'");
            }
        }
        String description = help == null ? "" : help;
        Instrument created = switch (kind) {
            case GAUGE -> new Gauge(name, labels, meter, description);
            case COUNTER -> new Counter(name, labels, meter, description);
            case OBSERVED_COUNTER -> new ObservedCounter(name, labels, meter, description);
            case HISTOGRAM -> new Histogram(name, labels, bounds, meter, description);
        };
        byName.put(MetricNames.clashKey(name), created);
        for (String sample : sampleNames) {
            sampleNameOwners.put(MetricNames.clashKey(sample), name);
        }
        return created;
    }

    /** Names of the Prometheus samples a metric exposes (counters also own their family name). */
    private static List<String> sampleNames(String name, Kind kind) {
        return switch (kind) {
            case GAUGE -> List.of(name);
            case COUNTER, OBSERVED_COUNTER -> List.of(name, name.substring(0, name.length() - "_total".length()));
            case HISTOGRAM -> List.of(name, name + "_bucket", name + "_sum", name + "_count");
        };
    }

    private static String describe(String name, Kind kind, List<String> labels, List<Double> buckets) {
        return kind.label() + " " + name + labels + (kind == Kind.HISTOGRAM ? " buckets " + buckets : "");
    }

    /** What all instruments share: name, labels, and turning label values into attributes. */
    abstract static class Instrument {
        final String name;
        final Kind kind;
        final List<String> labelNames;
        final List<Double> buckets;

        Instrument(String name, Kind kind, List<String> labelNames, List<Double> buckets) {
            this.name = name;
            this.kind = kind;
            this.labelNames = labelNames;
            this.buckets = buckets;
        }

        String describe() {
            return InstrumentRegistry.describe(name, kind, labelNames, buckets);
        }

        /** Checks the label values against the label names and returns them as an immutable list. */
        List<String> labelValues(String... values) {
            if (values == null || values.length != labelNames.size()) {
                throw new IllegalArgumentException("metric '" + name + "' has labels " + labelNames + " but got "
                        + (values == null ? 0 : values.length) + " label values " + Arrays.toString(values));
            }
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    throw new IllegalArgumentException("metric '" + name + "': value of label '" + labelNames.get(i)
                            + "' is null");
                }
            }
            return List.of(values);
        }

        Attributes attributes(List<String> values) {
            AttributesBuilder builder = Attributes.builder();
            for (int i = 0; i < values.size(); i++) {
                builder.put(labelNames.get(i), values.get(i));
            }
            return builder.build();
        }
    }

    /**
     * Series kept in a map and reported by an asynchronous OpenTelemetry instrument at every
     * collection: a removed series is simply no longer observed, so it vanishes from the scrape.
     */
    abstract static class Observed extends Instrument {
        /** One series: its labels (as attributes, made once) and its value, which a holder may set in place. */
        static final class Series {
            private final List<String> labelValues;
            private final Attributes attributes;
            private volatile double value;

            private Series(List<String> labelValues, Attributes attributes) {
                this.labelValues = labelValues;
                this.attributes = attributes;
            }
        }

        final Map<List<String>, Series> series = new ConcurrentHashMap<>();

        Observed(String name, Kind kind, List<String> labelNames) {
            super(name, kind, labelNames, List.of());
        }

        /** The callback the asynchronous instrument is built with. */
        final void observe(ObservableDoubleMeasurement measurement) {
            series.values().forEach(s -> measurement.record(s.value, s.attributes));
        }

        void set(double value, String... labelValues) {
            series.computeIfAbsent(labelValues(labelValues), k -> new Series(k, attributes(k))).value = value;
        }

        void remove(String... labelValues) {
            series.remove(labelValues(labelValues));
        }

        /** Drops the series whose label values match. */
        void removeIf(Predicate<List<String>> labelValuesMatch) {
            series.keySet().removeIf(labelValuesMatch);
        }

        /** Sets exactly these series: the given ones are set, every other series is dropped. */
        void replaceAll(Map<List<String>, Double> values) {
            values.forEach((labels, value) -> set(value, labels.toArray(String[]::new)));
            series.keySet().removeIf(labels -> !values.containsKey(labels));
        }
    }

    /** A gauge: the value last set for each series. */
    static final class Gauge extends Observed {
        @SuppressWarnings("unused") // held so the callback stays registered for the provider's lifetime
        private final ObservableDoubleGauge observable;

        Gauge(String name, List<String> labelNames, Meter meter, String help) {
            super(name, Kind.GAUGE, labelNames);
            this.observable = meter.gaugeBuilder(name).setDescription(help).buildWithCallback(this::observe);
        }

        /**
         * The series with these label values, made if there is none (at 0 until set): a holder that
         * sets the same series every cycle keeps it and {@link #set(Series, double)}s it in place.
         */
        Series series(String... labelValues) {
            return series.computeIfAbsent(labelValues(labelValues), k -> new Series(k, attributes(k)));
        }

        /** Sets a series got from {@link #series(String...)}. */
        static void set(Series s, double value) {
            s.value = value;
        }

        /** Drops a series got from {@link #series(String...)}; setting it afterwards exports nothing. */
        void remove(Series s) {
            series.remove(s.labelValues, s);
        }
    }

    /** A monotonic counter. */
    static final class Counter extends Instrument {
        private final DoubleCounter counter;
        private final Map<List<String>, Attributes> attributeCache = new ConcurrentHashMap<>();

        Counter(String name, List<String> labelNames, Meter meter, String help) {
            super(name, Kind.COUNTER, labelNames, List.of());
            this.counter = meter.counterBuilder(name).setDescription(help).ofDoubles().build();
        }

        void add(double amount, String... labelValues) {
            List<String> key = labelValues(labelValues);
            if (!(amount >= 0) || Double.isInfinite(amount)) {
                throw new IllegalArgumentException("metric '" + name + "': a counter can only grow by a finite "
                        + "amount >= 0, got " + amount);
            }
            counter.add(amount, attributeCache.computeIfAbsent(key, this::attributes));
        }
    }

    /**
     * A monotonic counter whose series report the value last {@link #set}, so the exported total is
     * exactly the source's (the kernel's {@code /proc/vmstat} count since boot), not what the agent
     * saw change while it ran. Values are exact up to 2^53.
     */
    static final class ObservedCounter extends Observed {
        @SuppressWarnings("unused") // held so the callback stays registered for the provider's lifetime
        private final ObservableDoubleCounter observable;

        ObservedCounter(String name, List<String> labelNames, Meter meter, String help) {
            super(name, Kind.OBSERVED_COUNTER, labelNames);
            this.observable = meter.counterBuilder(name).setDescription(help).ofDoubles()
                    .buildWithCallback(this::observe);
        }

        @Override
        void set(double value, String... labelValues) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("metric '" + name + "': a counter must be finite and >= 0, got "
                        + value);
            }
            super.set(value, labelValues);
        }
    }

    /** A histogram with explicit bucket boundaries. */
    static final class Histogram extends Instrument {
        private final DoubleHistogram histogram;
        private final Map<List<String>, Attributes> attributeCache = new ConcurrentHashMap<>();

        Histogram(String name, List<String> labelNames, List<Double> buckets, Meter meter, String help) {
            super(name, Kind.HISTOGRAM, labelNames, buckets);
            this.histogram = meter.histogramBuilder(name).setDescription(help)
                    .setExplicitBucketBoundariesAdvice(buckets).build();
        }

        void observe(double value, String... labelValues) {
            List<String> key = labelValues(labelValues);
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("metric '" + name + "': cannot observe NaN");
            }
            histogram.record(value, attributeCache.computeIfAbsent(key, this::attributes));
        }
    }
}
