package io.numaagent.runner.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.Collection;
import java.util.List;

/**
 * A pull-based reader: it does nothing on its own and collects from the SDK only when
 * Prometheus scrapes. Prometheus wants running totals, so every instrument is read with
 * cumulative temporality.
 */
public final class PrometheusMetricReader implements MetricReader {

    private volatile CollectionRegistration registration = CollectionRegistration.noop();
    private volatile boolean shutDown;

    @Override
    public void register(CollectionRegistration registration) {
        this.registration = registration;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    /** Collects every metric of the provider now; empty once shut down. */
    public Collection<MetricData> collect() {
        if (shutDown) {
            return List.of();
        }
        return registration.collectAllMetrics();
    }

    @Override
    public CompletableResultCode forceFlush() {
        // Nothing is buffered: data leaves only when pulled.
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        shutDown = true;
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public String toString() {
        return "PrometheusMetricReader";
    }
}
