package io.numaagent.runner.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.prometheus.client.Collector;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presents the OpenTelemetry SDK's metrics to a simpleclient {@code CollectorRegistry}: at every
 * scrape it pulls {@link MetricData} from the reader and converts them to Prometheus families.
 *
 * <ul>
 *   <li>gauges and non-monotonic sums become {@code GAUGE};</li>
 *   <li>monotonic sums become {@code COUNTER}: simpleclient wants the family named without
 *       {@code _total} and the samples named with it;</li>
 *   <li>explicit-bucket histograms become {@code HISTOGRAM} with cumulative {@code _bucket{le}},
 *       {@code _sum} and {@code _count}.</li>
 * </ul>
 * Families are sorted by name and samples by label values, so the exposition is stable.
 * Exponential histograms and summaries are not produced by this agent and are skipped.
 */
final class PrometheusCollector extends Collector implements Collector.Describable {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusCollector.class);
    private static final String TOTAL = "_total";

    private final Supplier<Collection<MetricData>> source;

    PrometheusCollector(Supplier<Collection<MetricData>> source) {
        this.source = source;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        return toFamilies(source.get());
    }

    /** Nothing to declare up front: names are checked by the instrument registry, not simpleclient. */
    @Override
    public List<MetricFamilySamples> describe() {
        return List.of();
    }

    /** Converts one collection of OpenTelemetry data. */
    static List<MetricFamilySamples> toFamilies(Collection<MetricData> metrics) {
        Map<String, MetricFamilySamples> families = new TreeMap<>();
        for (MetricData metric : metrics) {
            MetricFamilySamples family = toFamily(metric);
            if (family == null) {
                continue;
            }
            MetricFamilySamples existing = families.get(family.name);
            if (existing == null) {
                families.put(family.name, family);
            } else if (existing.type == family.type) {
                // The same name from two instrumentation scopes: one family, as Prometheus requires.
                List<MetricFamilySamples.Sample> merged = new ArrayList<>(existing.samples);
                merged.addAll(family.samples);
                families.put(family.name, new MetricFamilySamples(family.name, family.type, existing.help, merged));
            } else {
                LOG.warn("metric {} is exported as {} and {}; dropping the {}", family.name, existing.type,
                        family.type, family.type);
            }
        }
        return new ArrayList<>(families.values());
    }

    private static MetricFamilySamples toFamily(MetricData metric) {
        String name = sanitizeMetricName(metric.getName());
        String help = metric.getDescription();
        return switch (metric.getType()) {
            case DOUBLE_GAUGE -> new MetricFamilySamples(name, Type.GAUGE, help,
                    doubleSamples(name, metric.getDoubleGaugeData().getPoints()));
            case LONG_GAUGE -> new MetricFamilySamples(name, Type.GAUGE, help,
                    longSamples(name, metric.getLongGaugeData().getPoints()));
            case DOUBLE_SUM -> sum(name, help, metric.getDoubleSumData(),
                    sampleName -> doubleSamples(sampleName, metric.getDoubleSumData().getPoints()));
            case LONG_SUM -> sum(name, help, metric.getLongSumData(),
                    sampleName -> longSamples(sampleName, metric.getLongSumData().getPoints()));
            case HISTOGRAM -> new MetricFamilySamples(name, Type.HISTOGRAM, help,
                    histogramSamples(name, metric.getHistogramData().getPoints()));
            case EXPONENTIAL_HISTOGRAM, SUMMARY -> null;
        };
    }

    private static MetricFamilySamples sum(String name, String help, SumData<?> data,
                                           java.util.function.Function<String, List<MetricFamilySamples.Sample>>
                                                   samples) {
        if (!data.isMonotonic()) {
            return new MetricFamilySamples(name, Type.GAUGE, help, samples.apply(name));
        }
        String familyName = name.endsWith(TOTAL) ? name.substring(0, name.length() - TOTAL.length()) : name;
        return new MetricFamilySamples(familyName, Type.COUNTER, help, samples.apply(familyName + TOTAL));
    }

    private static List<MetricFamilySamples.Sample> doubleSamples(String name,
                                                                  Collection<DoublePointData> points) {
        List<MetricFamilySamples.Sample> samples = new ArrayList<>();
        for (DoublePointData point : sorted(points)) {
            Labels labels = Labels.of(point.getAttributes());
            samples.add(new MetricFamilySamples.Sample(name, labels.names, labels.values, point.getValue()));
        }
        return samples;
    }

    private static List<MetricFamilySamples.Sample> longSamples(String name, Collection<LongPointData> points) {
        List<MetricFamilySamples.Sample> samples = new ArrayList<>();
        for (LongPointData point : sorted(points)) {
            Labels labels = Labels.of(point.getAttributes());
            samples.add(new MetricFamilySamples.Sample(name, labels.names, labels.values, point.getValue()));
        }
        return samples;
    }

    private static List<MetricFamilySamples.Sample> histogramSamples(String name,
                                                                     Collection<HistogramPointData> points) {
        List<MetricFamilySamples.Sample> samples = new ArrayList<>();
        for (HistogramPointData point : sorted(points)) {
            Labels labels = Labels.of(point.getAttributes());
            List<String> bucketNames = new ArrayList<>(labels.names);
            bucketNames.add("le");
            List<Double> bounds = point.getBoundaries();
            List<Long> counts = point.getCounts();
            // OpenTelemetry counts per bucket; Prometheus buckets count everything up to their bound.
            long cumulative = 0;
            for (int i = 0; i < bounds.size(); i++) {
                cumulative += counts.get(i);
                samples.add(bucket(name, bucketNames, labels.values, leLabel(bounds.get(i)), cumulative));
            }
            samples.add(bucket(name, bucketNames, labels.values, "+Inf", point.getCount()));
            samples.add(new MetricFamilySamples.Sample(name + "_count", labels.names, labels.values,
                    point.getCount()));
            samples.add(new MetricFamilySamples.Sample(name + "_sum", labels.names, labels.values, point.getSum()));
        }
        return samples;
    }

    /**
     * The {@code le} value. It is a label, so dashboards match it as text: write {@code 0.0005}
     * rather than Java's {@code 5.0E-4}, and keep simpleclient's {@code 1.0} style otherwise.
     */
    static String leLabel(double bound) {
        String plain = doubleToGoString(bound);
        if (plain.indexOf('E') < 0) {
            return plain;
        }
        return BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }

    private static MetricFamilySamples.Sample bucket(String name, List<String> names, List<String> values,
                                                     String le, long count) {
        List<String> bucketValues = new ArrayList<>(values);
        bucketValues.add(le);
        return new MetricFamilySamples.Sample(name + "_bucket", names, bucketValues, count);
    }

    private static <P extends PointData> List<P> sorted(Collection<P> points) {
        // the key once per point, not once per comparison: a plugin's per-task series number thousands
        List<Map.Entry<String, P>> keyed = new ArrayList<>(points.size());
        for (P p : points) {
            keyed.add(Map.entry(Labels.of(p.getAttributes()).sortKey(), p));
        }
        keyed.sort(Map.Entry.comparingByKey());
        List<P> list = new ArrayList<>(keyed.size());
        keyed.forEach(e -> list.add(e.getValue()));
        return list;
    }

    /** Label names and values of one point; attributes come sorted by key already. */
    private record Labels(List<String> names, List<String> values) {
        static Labels of(Attributes attributes) {
            List<String> names = new ArrayList<>(attributes.size());
            List<String> values = new ArrayList<>(attributes.size());
            attributes.forEach((AttributeKey<?> key, Object value) -> {
                names.add(sanitizeLabelName(key.getKey()));
                values.add(String.valueOf(value));
            });
            return new Labels(names, values);
        }

        String sortKey() {
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < names.size(); i++) {
                key.append(names.get(i)).append('\u0000').append(values.get(i)).append('\u0001');
            }
            return key.toString();
        }
    }

    /** Attribute keys from other instrumentation may contain dots (e.g. {@code otel.metric.overflow}). */
    private static String sanitizeLabelName(String key) {
        String sanitized = isLabelName(key) ? key : key.replaceAll("[^a-zA-Z0-9_]", "_");
        return sanitized.isEmpty() || Character.isDigit(sanitized.charAt(0)) ? "_" + sanitized : sanitized;
    }

    /** Whether the key is already a label name: the usual case, checked without a regex (scrapes are frequent). */
    private static boolean isLabelName(String key) {
        if (key.isEmpty() || Character.isDigit(key.charAt(0))) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
