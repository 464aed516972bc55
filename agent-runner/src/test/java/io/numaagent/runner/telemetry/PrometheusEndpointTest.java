package io.numaagent.runner.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.plugin.Metrics;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scrapes the real simpleclient HTTP server on an ephemeral port and checks the exposition lines. */
class PrometheusEndpointTest {

    private Telemetry telemetry;
    private int port;

    @BeforeEach
    void start() throws IOException {
        telemetry = new Telemetry("1.2.3");
        port = telemetry.startPrometheus("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        telemetry.close();
    }

    private List<String> scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return response.body().lines().toList();
    }

    @Test
    void boundPortIsTheEphemeralPortActuallyListening() {
        assertThat(port).isPositive();
        assertThat(telemetry.boundPort()).isEqualTo(port);
    }

    @Test
    void counterFamilyIsNamedWithoutTotalAndSamplesWithIt() throws Exception {
        Metrics metrics = telemetry.metricsFor("allocator-a");
        Metrics.Counter moves = metrics.counter("numa_allocator_moves_total", "Tasks moved", List.of("node"));
        moves.increment("1");
        moves.add(2.5, "1");
        moves.increment("0");

        assertThat(scrape()).containsSubsequence(
                "# HELP numa_allocator_moves_total Tasks moved",
                "# TYPE numa_allocator_moves_total counter",
                "numa_allocator_moves_total{node=\"0\",plugin=\"allocator-a\",} 1.0",
                "numa_allocator_moves_total{node=\"1\",plugin=\"allocator-a\",} 3.5");
    }

    @Test
    void decisionsOfTheRunnerAreScrapedWithSortedLabels() throws Exception {
        SetCpus pin = new SetCpus("p", "/batch/a", CpuSet.parse("0-3"), "pin to node 0");
        telemetry.recordOutcomes(List.of(
                Outcome.of(1, pin, Outcome.Status.APPLIED, "written"),
                Outcome.of(2, pin, Outcome.Status.APPLIED, "written"),
                Outcome.of(2, pin, Outcome.Status.REJECTED, "CPU 3 offline")));

        // simpleclient 0.16 ends every label set with a comma, which the text format allows.
        assertThat(scrape()).containsSubsequence(
                "# HELP numa_agent_decisions_total Decisions handled by the executor, by plugin, action and outcome",
                "# TYPE numa_agent_decisions_total counter",
                "numa_agent_decisions_total{action=\"set-cpus\",outcome=\"applied\",plugin=\"p\",} 2.0",
                "numa_agent_decisions_total{action=\"set-cpus\",outcome=\"rejected\",plugin=\"p\",} 1.0");
    }

    @Test
    void additionalReaderSeesTheSameInstrumentsAndIsShutDownWithTelemetry() {
        PrometheusMetricReader second = new PrometheusMetricReader();
        Telemetry withTwoReaders = new Telemetry("1.2.3", List.of(second));
        withTwoReaders.metricsFor("p").counter("p_events_total", "Events", List.of()).add(4);

        assertThat(second.collect()).extracting(MetricData::getName).contains("p_events_total", "numa_agent_info");

        withTwoReaders.close();
        assertThat(second.collect()).isEmpty();
    }

    @Test
    void infoMetricCarriesTheVersion() throws Exception {
        assertThat(scrape()).containsSubsequence(
                "# TYPE numa_agent_info gauge",
                "numa_agent_info{version=\"1.2.3\",} 1.0");
    }

    @Test
    void removedGaugeSeriesVanishesFromTheScrape() throws Exception {
        Metrics.Gauge memory = telemetry.metricsFor("tier-mover").gauge("tier_mover_hot_bytes", "Hot memory",
                List.of("task"));
        memory.set(4096, "/batch/a");
        memory.set(8192, "/batch/b");
        assertThat(scrape()).contains(
                "tier_mover_hot_bytes{plugin=\"tier-mover\",task=\"/batch/a\",} 4096.0",
                "tier_mover_hot_bytes{plugin=\"tier-mover\",task=\"/batch/b\",} 8192.0");

        memory.remove("/batch/a");

        List<String> after = scrape();
        assertThat(after).contains("tier_mover_hot_bytes{plugin=\"tier-mover\",task=\"/batch/b\",} 8192.0");
        assertThat(after).noneMatch(line -> line.contains("/batch/a"));
    }

    @Test
    void histogramBucketsAreCumulativeWithSumAndCount() throws Exception {
        Metrics.Histogram latency = telemetry.metricsFor("p").histogram("p_move_seconds", "Move time",
                List.of(), List.of(0.1, 1.0, 10.0));
        latency.observe(0.05);
        latency.observe(0.5);
        latency.observe(0.7);
        latency.observe(20);

        assertThat(scrape()).containsSubsequence(
                "# HELP p_move_seconds Move time",
                "# TYPE p_move_seconds histogram",
                "p_move_seconds_bucket{plugin=\"p\",le=\"0.1\",} 1.0",
                "p_move_seconds_bucket{plugin=\"p\",le=\"1.0\",} 3.0",
                "p_move_seconds_bucket{plugin=\"p\",le=\"10.0\",} 3.0",
                "p_move_seconds_bucket{plugin=\"p\",le=\"+Inf\",} 4.0",
                "p_move_seconds_count{plugin=\"p\",} 4.0",
                "p_move_seconds_sum{plugin=\"p\",} 21.25");
    }

    @Test
    void secondStartIsRefused() {
        assertThatThrownBy(() -> telemetry.startPrometheus("127.0.0.1", 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running on port " + port);
    }

    @Test
    void portOutsideTheTcpRangeIsRefused() {
        try (Telemetry notStarted = new Telemetry("1.2.3")) {
            assertThatThrownBy(() -> notStarted.startPrometheus("127.0.0.1", 65536))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Prometheus port 65536 is outside 0-65535");
        }
    }

    @Test
    void startAfterCloseIsRefused() {
        telemetry.close();
        assertThatThrownBy(() -> telemetry.startPrometheus("127.0.0.1", 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("telemetry is closed");
    }

    @Test
    void closeStopsTheEndpoint() {
        telemetry.close();
        assertThat(telemetry.boundPort()).isEqualTo(-1);
        assertThatThrownBy(this::scrape).isInstanceOf(IOException.class);
    }

    @Test
    void portInUseIsReportedWithTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
             Telemetry other = new Telemetry("1.2.3")) {
            int busy = taken.getLocalPort();
            assertThatThrownBy(() -> other.startPrometheus("127.0.0.1", busy))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot serve Prometheus metrics on 127.0.0.1:" + busy);
            assertThat(other.boundPort()).isEqualTo(-1);
        }
    }
}
