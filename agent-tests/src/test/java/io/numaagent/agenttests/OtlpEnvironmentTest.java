package io.numaagent.agenttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.runner.telemetry.OtlpReceiver;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent configured for OTLP by the standard environment variables alone (no {@code telemetry.otlp}
 * in its YAML), exporting to a real OTLP/HTTP receiver: numa-allocator over twoSocketFourNode.
 */
class OtlpEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void twoSocketFourNodeAgentExportsToTheEnvironmentsEndpointWithItsResourceAttributesAndHeaders()
            throws Exception {
        PluginScenario allocator = PluginScenario.ALL.get(0);
        try (OtlpReceiver receiver = new OtlpReceiver();
             RunningAgent agent = RunningAgent.start(allocator.tree(dir), allocator.yaml(), dir, Map.of(
                     "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                     "OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=k3y",
                     "OTEL_METRIC_EXPORT_INTERVAL", "1000",
                     "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=lab,k8s.node.name=worker-7"))) {
            OtlpReceiver.Export export = receiver.await(RunningAgent.PATIENCE,
                    e -> e.metric("numa_allocator_tasks").isPresent() && e.metric("numa_agent_task_pinned_node")
                            .isPresent());

            assertThat(export.headers()).containsEntry("x-api-key", "k3y");
            assertThat(export.resource()).containsEntry("service.name", "numa-agent")
                    .containsEntry("deployment.environment", "lab").containsEntry("k8s.node.name", "worker-7")
                    .containsKeys("service.version", "host.name");
            Metric tasks = export.metric("numa_allocator_tasks").orElseThrow();
            assertThat(tasks.getGauge().getDataPoints(0).getAsDouble()).isEqualTo(3.0);
            Metric hit = export.metric("numa_agent_vmstat_numa_hit_total").orElseThrow();
            assertThat(hit.getSum().getDataPoints(0).getAsDouble()).isEqualTo(987654321.0);
            assertThat(Duration.ofNanos(hit.getSum().getDataPoints(0).getTimeUnixNano()
                    - hit.getSum().getDataPoints(0).getStartTimeUnixNano())).isPositive();
        }
    }
}
