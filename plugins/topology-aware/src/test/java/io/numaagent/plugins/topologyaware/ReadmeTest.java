package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.testing.RecordingPluginContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The README's config table is the one generated from the plugin's keys, its example is
 * {@code configs/topology-aware.yaml} verbatim, that example's plugin block validates and spells out
 * every key, and every metric the plugin exports is documented.
 */
class ReadmeTest {

    private static final Path EXAMPLE = Path.of("../../configs/topology-aware.yaml");
    private static final Path README = Path.of("README.md");

    /** The Markdown table of the keys: name, default, type, meaning. */
    static String configTable() {
        StringBuilder sb = new StringBuilder("| key | default | type | meaning |\n|---|---|---|---|\n");
        for (ConfigKey<?> k : TopologyAwareSettings.KEYS) {
            Object d = k.defaultValue();
            String def = d instanceof String s && s.isEmpty() ? "\"\"" : d instanceof List<?> l && l.isEmpty() ? "[]"
                    : String.valueOf(d);
            sb.append("| `").append(k.name()).append("` | `").append(def).append("` | ").append(k.typeName())
                    .append(" | ").append(k.description()).append(" |\n");
        }
        return sb.toString();
    }

    @Test
    void readmeHasTheGeneratedConfigTable() throws IOException {
        Path generated = Files.writeString(Path.of("target", "config-table.md"), configTable());
        assertThat(Files.readString(README, StandardCharsets.UTF_8)).as("README's table differs from " + generated
                + " (copy it over)").contains(configTable());
    }

    @Test
    void readmeIncludesTheExampleVerbatim() throws IOException {
        String example = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        assertThat(Files.readString(README, StandardCharsets.UTF_8)).contains("```yaml\n" + example + "```\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void examplePluginBlockValidatesAndSpellsOutEveryKey() throws IOException {
        Map<String, Object> root = new Yaml().load(Files.readString(EXAMPLE, StandardCharsets.UTF_8));
        List<Map<String, Object>> plugins = (List<Map<String, Object>>) root.get("plugins");
        Map<String, Object> raw = (Map<String, Object>) plugins.get(0).get("config");
        TopologyAwarePluginFactory f = new TopologyAwarePluginFactory();

        PluginConfig config = PluginConfig.of(f.configKeys(), raw);

        assertThat(raw.keySet()).containsExactlyElementsOf(f.configKeys().stream().map(ConfigKey::name).toList());
        assertThat(config.asMap()).isEqualTo(PluginConfig.defaults(f.configKeys()).asMap());
        assertThat(f.create(config, new RecordingPluginContext(TopologyAwarePluginFactory.NAME))).isNotNull();
    }

    @Test
    void readmeDocumentsEveryMetric() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        for (String metric : List.of("topology_aware_pool_cpus", "topology_aware_pool_shared_cpus",
                "topology_aware_pool_granted_cpus", "topology_aware_pool_containers", "topology_aware_grants",
                "topology_aware_allocation_failures_total")) {
            assertThat(readme).contains("| `" + metric + "`");
        }
    }
}
