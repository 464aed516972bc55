package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.PluginConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The example config in {@code configs/} is valid, and the README shows it verbatim and documents every key. */
class ExampleConfigTest {

    private static final Path EXAMPLE = Path.of("../../configs/numa-allocator.yaml");
    private static final Path README = Path.of("README.md");

    private final NumaAllocatorPluginFactory factory = new NumaAllocatorPluginFactory();

    @Test
    void readmeIncludesTheExampleVerbatim() throws IOException {
        String example = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        assertThat(Files.readString(README, StandardCharsets.UTF_8)).contains("```yaml\n" + example + "```\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void examplePluginBlockValidates() throws IOException {
        Map<String, Object> root = new Yaml().load(Files.readString(EXAMPLE, StandardCharsets.UTF_8));
        List<Map<String, Object>> plugins = (List<Map<String, Object>>) root.get("plugins");
        Map<String, Object> block = plugins.stream().filter(p -> NumaAllocatorPluginFactory.NAME.equals(p.get("name")))
                .findFirst().orElseThrow();
        Map<String, Object> raw = (Map<String, Object>) block.get("config");
        PluginConfig config = PluginConfig.of(factory.configKeys(), raw);
        // the example spells out every key
        assertThat(raw.keySet()).containsExactlyElementsOf(factory.configKeys().stream().map(ConfigKey::name).toList());
        assertThat(config.get(NumaAllocatorPluginFactory.NUMA_BALANCING)).isEqualTo("disable");
        assertThat(factory.create(config, new FakePluginContext())).isNotNull();
    }

    @Test
    void readmeDocumentsEveryKeyWithItsDefaultAndEveryMetric() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        for (ConfigKey<?> k : factory.configKeys()) {
            String def = k.defaultValue() instanceof java.time.Duration d ? d.toMinutes() + "m" : String.valueOf(k.defaultValue());
            assertThat(readme).as(k.name()).contains("| `" + k.name() + "` | `" + def + "` |");
        }
        for (String metric : List.of("numa_allocator_balanced_tasks", "numa_allocator_balanced_memory_bytes",
                "numa_allocator_tasks", "numa_allocator_task_node", "numa_allocator_task_pages_to_move",
                "numa_allocator_pages_to_move", "numa_allocator_decisions_total",
                "numa_allocator_migrations_refused_total", "numa_allocator_numa_balancing")) {
            assertThat(readme).contains("| `" + metric);
        }
    }
}
