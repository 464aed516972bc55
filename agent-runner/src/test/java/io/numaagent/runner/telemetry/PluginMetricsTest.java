package io.numaagent.runner.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.plugin.Metrics;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The plugin facade: registration rules, label handling and per-instance series. */
class PluginMetricsTest {

    private final Telemetry telemetry = new Telemetry("0.1.0");
    private final Metrics metrics = telemetry.metricsFor("numa-allocator");

    @AfterEach
    void close() {
        telemetry.close();
    }

    private List<String> lines() {
        return telemetry.prometheusText().lines().toList();
    }

    static Stream<Arguments> invalidRegistrations() {
        return Stream.<Arguments>of(
                Arguments.of("name with a dash",
                        (Consumer<Metrics>) m -> m.gauge("numa-allocator_x", "h", List.of()),
                        "metric 'numa-allocator_x': not a valid Prometheus metric name"),
                Arguments.of("name starting with a digit",
                        (Consumer<Metrics>) m -> m.gauge("1x", "h", List.of()),
                        "metric '1x': not a valid Prometheus metric name"),
                Arguments.of("colon reserved for recording rules",
                        (Consumer<Metrics>) m -> m.gauge("job:x:rate", "h", List.of()),
                        "metric 'job:x:rate': colons are reserved for Prometheus recording rules"),
                Arguments.of("leading underscore",
                        (Consumer<Metrics>) m -> m.gauge("_x", "h", List.of()),
                        "metric '_x': name must start with a letter"),
                Arguments.of("empty name",
                        (Consumer<Metrics>) m -> m.gauge("", "h", List.of()),
                        "metric name must not be empty"),
                Arguments.of("runner prefix",
                        (Consumer<Metrics>) m -> m.gauge("numa_agent_mine", "h", List.of()),
                        "metric 'numa_agent_mine': the prefix numa_agent_ is reserved"),
                Arguments.of("counter without _total",
                        (Consumer<Metrics>) m -> m.counter("numa_allocator_moves", "h", List.of()),
                        "metric 'numa_allocator_moves': counter names must end with _total"),
                Arguments.of("invalid label name",
                        (Consumer<Metrics>) m -> m.gauge("numa_allocator_x", "h", List.of("task-id")),
                        "metric 'numa_allocator_x': invalid label name 'task-id'"),
                Arguments.of("reserved label name",
                        (Consumer<Metrics>) m -> m.gauge("numa_allocator_x", "h", List.of("__name")),
                        "metric 'numa_allocator_x': label name '__name' is reserved"),
                Arguments.of("duplicate label",
                        (Consumer<Metrics>) m -> m.gauge("numa_allocator_x", "h", List.of("task", "task")),
                        "metric 'numa_allocator_x': label 'task' given twice"),
                Arguments.of("plugin label declared",
                        (Consumer<Metrics>) m -> m.gauge("numa_allocator_x", "h", List.of("plugin")),
                        "metric 'numa_allocator_x': label 'plugin' is added by the runner"),
                Arguments.of("le label on a histogram",
                        (Consumer<Metrics>) m -> m.histogram("numa_allocator_s", "h", List.of("le"), List.of(1.0)),
                        "metric 'numa_allocator_s': label name 'le' is reserved for histogram buckets"),
                Arguments.of("no buckets",
                        (Consumer<Metrics>) m -> m.histogram("numa_allocator_s", "h", List.of(), List.of()),
                        "metric 'numa_allocator_s': at least one bucket boundary is needed"),
                Arguments.of("unsorted buckets",
                        (Consumer<Metrics>) m -> m.histogram("numa_allocator_s", "h", List.of(), List.of(1.0, 0.5)),
                        "metric 'numa_allocator_s': bucket boundaries must be strictly increasing, got [1.0, 0.5]"),
                Arguments.of("infinite bucket",
                        (Consumer<Metrics>) m -> m.histogram("numa_allocator_s", "h", List.of(),
                                List.of(1.0, Double.POSITIVE_INFINITY)),
                        "metric 'numa_allocator_s': bucket boundary Infinity is not a finite number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRegistrations")
    void invalidRegistrationFailsNamingTheMetric(String what, Consumer<Metrics> registration, String message) {
        assertThatThrownBy(() -> registration.accept(metrics))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void askingTwiceReturnsTheSameInstrument() {
        Metrics.Counter first = metrics.counter("numa_allocator_moves_total", "Moves", List.of("node"));
        Metrics.Counter second = metrics.counter("numa_allocator_moves_total", "Moves", List.of("node"));
        first.increment("0");
        second.increment("0");

        assertThat(second).isSameAs(first);
        assertThat(metrics.gauge("numa_allocator_tasks", "Tasks", List.of()))
                .isSameAs(metrics.gauge("numa_allocator_tasks", "Tasks", List.of()));
        assertThat(metrics.histogram("numa_allocator_seconds", "Time", List.of(), List.of(1.0)))
                .isSameAs(metrics.histogram("numa_allocator_seconds", "Time", List.of(), List.of(1.0)));
        assertThat(lines()).contains("numa_allocator_moves_total{node=\"0\",plugin=\"numa-allocator\",} 2.0");
    }

    @Test
    void sameNameAsAnotherKindIsAClash() {
        metrics.gauge("numa_allocator_tasks", "Tasks", List.of());
        assertThatThrownBy(() -> metrics.histogram("numa_allocator_tasks", "Tasks", List.of(), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric 'numa_allocator_tasks' is already registered as gauge numa_allocator_tasks"
                        + "[plugin]; cannot register it as histogram numa_allocator_tasks[plugin] buckets [1.0]");
    }

    @Test
    void sameNameWithOtherLabelsIsAClash() {
        metrics.gauge("numa_allocator_tasks", "Tasks", List.of("node"));
        assertThatThrownBy(() -> metrics.gauge("numa_allocator_tasks", "Tasks", List.of("socket")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric 'numa_allocator_tasks' is already registered as gauge numa_allocator_tasks"
                        + "[plugin, node]; cannot register it as gauge numa_allocator_tasks[plugin, socket]");
    }

    @Test
    void sameHistogramWithOtherBucketsIsAClash() {
        metrics.histogram("numa_allocator_seconds", "Time", List.of(), List.of(1.0, 2.0));
        assertThatThrownBy(() -> metrics.histogram("numa_allocator_seconds", "Time", List.of(), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metric 'numa_allocator_seconds' is already registered as histogram");
    }

    @Test
    void nameDifferingOnlyInCaseIsAClash() {
        // The OpenTelemetry SDK treats instrument names case-insensitively.
        metrics.gauge("numa_allocator_tasks", "Tasks", List.of());
        assertThatThrownBy(() -> metrics.gauge("NUMA_allocator_tasks", "Tasks", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metric 'NUMA_allocator_tasks' is already registered as gauge "
                        + "numa_allocator_tasks");
    }

    @Test
    void sampleNamesCollidingWithAHistogramAreAClash() {
        metrics.histogram("numa_allocator_move", "Move", List.of(), List.of(1.0));
        assertThatThrownBy(() -> metrics.gauge("numa_allocator_move_count", "Count", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric 'numa_allocator_move_count': its series 'numa_allocator_move_count' would "
                        + "collide with metric 'numa_allocator_move'");
    }

    @Test
    void counterFamilyNameCollidingWithAGaugeIsAClash() {
        metrics.gauge("numa_allocator_moves", "Moves now", List.of());
        assertThatThrownBy(() -> metrics.counter("numa_allocator_moves_total", "Moves", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric 'numa_allocator_moves_total': its series 'numa_allocator_moves' would "
                        + "collide with metric 'numa_allocator_moves'");
    }

    @Test
    void wrongNumberOfLabelValuesFailsNamingTheMetric() {
        Metrics.Gauge gauge = metrics.gauge("numa_allocator_task_node", "Node", List.of("task"));
        Metrics.Counter counter = metrics.counter("numa_allocator_moves_total", "Moves", List.of("node", "reason"));
        Metrics.Histogram histogram = metrics.histogram("numa_allocator_seconds", "Time", List.of(), List.of(1.0));

        assertThatThrownBy(() -> gauge.set(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric 'numa_allocator_task_node' has labels [task] but got 0 label values []");
        assertThatThrownBy(() -> counter.increment("0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric 'numa_allocator_moves_total' has labels [node, reason] but got 1 label values [0]");
        assertThatThrownBy(() -> histogram.observe(0.5, "extra"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric 'numa_allocator_seconds' has labels [] but got 1 label values [extra]");
        assertThatThrownBy(() -> gauge.remove("a", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric 'numa_allocator_task_node' has labels [task] but got 2 label values [a, b]");
    }

    @Test
    void nullLabelValueFailsNamingTheLabel() {
        Metrics.Gauge gauge = metrics.gauge("numa_allocator_task_node", "Node", List.of("task"));
        assertThatThrownBy(() -> gauge.set(1, (String) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric 'numa_allocator_task_node': value of label 'task' is null");
    }

    @Test
    void counterRefusesToShrink() {
        Metrics.Counter counter = metrics.counter("numa_allocator_moves_total", "Moves", List.of());
        assertThatThrownBy(() -> counter.add(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric 'numa_allocator_moves_total': a counter can only grow by a finite amount >= 0, "
                        + "got -1.0");
    }

    @Test
    void twoInstancesShareAnInstrumentButNotTheirSeries() {
        Metrics a = telemetry.metricsFor("allocator-a");
        Metrics b = telemetry.metricsFor("allocator-b");
        Metrics.Gauge gaugeA = a.gauge("numa_allocator_pinned_tasks", "Pinned", List.of("node"));
        Metrics.Gauge gaugeB = b.gauge("numa_allocator_pinned_tasks", "Pinned", List.of("node"));
        gaugeA.set(3, "0");
        gaugeA.set(1, "1");
        gaugeB.set(5, "0");

        gaugeA.clear();

        List<String> lines = lines();
        assertThat(lines).contains("numa_allocator_pinned_tasks{node=\"0\",plugin=\"allocator-b\",} 5.0");
        // (the runner's own per-plugin counters of allocator-a stay: clear() is about this gauge)
        assertThat(lines).noneMatch(line -> line.startsWith("numa_allocator_pinned_tasks") && line.contains("allocator-a"));
    }

    @Test
    void sameInstanceGetsTheSameFacade() {
        assertThat(telemetry.metricsFor("numa-allocator")).isSameAs(metrics);
    }

    @Test
    void blankInstanceNameIsRefused() {
        assertThatThrownBy(() -> telemetry.metricsFor(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugin instance name must not be empty");
    }

    @Test
    void gaugeSetOverwritesAndClearDropsEverySeries() {
        Metrics.Gauge gauge = metrics.gauge("numa_allocator_task_node", "Node of the task", List.of("task"));
        gauge.set(0, "/a");
        gauge.set(1, "/a");
        gauge.set(1, "/b");
        assertThat(lines()).containsSubsequence(
                "# HELP numa_allocator_task_node Node of the task",
                "# TYPE numa_allocator_task_node gauge",
                "numa_allocator_task_node{plugin=\"numa-allocator\",task=\"/a\",} 1.0",
                "numa_allocator_task_node{plugin=\"numa-allocator\",task=\"/b\",} 1.0");

        gauge.clear();

        assertThat(lines()).noneMatch(line -> line.startsWith("numa_allocator_task_node{"));
    }

    @Test
    void tenThousandTaskSeriesAreKeptNotFoldedIntoOverflow() {
        Metrics.Gauge node = metrics.gauge("numa_allocator_task_node", "node of each task", List.of("task"));
        Metrics.Counter moves = metrics.counter("numa_allocator_moves_total", "moves per task", List.of("task"));
        for (int i = 0; i < 10_000; i++) {
            node.set(i % 8, "/kubepods/pod" + i);
            moves.increment("/kubepods/pod" + i);
        }
        List<String> scraped = lines();
        assertThat(scraped.stream().filter(l -> l.startsWith("numa_allocator_task_node{"))).hasSize(10_000);
        assertThat(scraped.stream().filter(l -> l.startsWith("numa_allocator_moves_total{"))).hasSize(10_000);
        assertThat(scraped).noneMatch(l -> l.contains("otel_metric_overflow"));
        assertThat(scraped).contains("numa_allocator_task_node{plugin=\"numa-allocator\",task=\"/kubepods/pod9999\",} 7.0");
    }
}
