package io.numaagent.plugins.tiermover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.plugins.tiermover.config.PolicyReader;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import io.numaagent.runner.cli.Main;
import io.numaagent.runner.config.AgentConfig;
import io.numaagent.runner.config.ConfigError;
import io.numaagent.runner.config.ConfigLoader;
import io.numaagent.runner.plugins.PluginLoadException;
import io.numaagent.runner.plugins.PluginRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code configs/tier-mover.yaml} passes {@code numa-agent check}; the README shows it verbatim, documents
 * every key and metric, and its memtierd examples load; bad values in a pasted policy are errors at the
 * file, line and column through the runner's loader.
 */
class ExampleConfigTest {

    private static final Path EXAMPLE = Path.of("../../configs/tier-mover.yaml");
    private static final Path README = Path.of("README.md");

    private final TierMoverPluginFactory factory = new TierMoverPluginFactory();

    static ConfigLoader loader() throws PluginLoadException {
        PluginRegistry registry = PluginRegistry.load(Main.class.getClassLoader(), java.util.List.of());
        return new ConfigLoader(registry::factory, registry.names());
    }

    @Test
    void exampleLoadsAndPassesCheck(@TempDir Path sysfs) throws Exception {
        AgentConfig config = loader().load(EXAMPLE);
        assertThat(config.plugins().get(0).config().get(TierMoverPluginFactory.POLICY)).isInstanceOf(PolicySettings.Heat.class);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // a DAMON sysfs with kdamond 0 idle: the check must not depend on whether this host's DAMON is in use
        Path kdamonds = Files.createDirectories(sysfs.resolve("kernel/mm/damon/admin/kdamonds/0"));
        Files.writeString(kdamonds.resolveSibling("nr_kdamonds"), "1\n");
        Files.writeString(kdamonds.resolve("state"), "off\n");
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "check", "-c", EXAMPLE.toString(),
                "--path.sysfs", sysfs.toString());
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith(EXAMPLE + ": ok (1 plugin(s): tier-mover");
    }

    /**
     * The example's plugin interval is its policy's round (a round's decide() took 1.3-2.2 s under TCG, so a
     * shorter deadline dropped its moves), and its executor batch is the runner's default.
     */
    @Test
    void exampleIntervalIsThePolicysRoundAndItsBatchTheRunnersDefault() throws Exception {
        AgentConfig config = loader().load(EXAMPLE);
        PolicySettings policy = (PolicySettings) config.plugins().get(0).config().get(TierMoverPluginFactory.POLICY);
        assertThat(config.plugins().get(0).interval()).isEqualTo(java.time.Duration.ofMillis(policy.intervalMs()));
        assertThat(config.executor().movePagesBatchPages())
                .isEqualTo(io.numaagent.runner.config.ExecutorSettings.DEFAULTS.movePagesBatchPages());
    }

    @Test
    void readmeIncludesTheExampleVerbatimAndDocumentsEveryKeyAndMetric() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertThat(readme).contains("```yaml\n" + Files.readString(EXAMPLE, StandardCharsets.UTF_8) + "```\n");
        for (ConfigKey<?> k : factory.configKeys()) {
            assertThat(readme).as(k.name()).contains("| `" + k.name() + "` | `" + k.defaultValue() + "` |");
        }
        for (String metric : List.of(TierMoverMetrics.TRACKED, TierMoverMetrics.ACCESSED, TierMoverMetrics.MOVED,
                TierMoverMetrics.SWAPPED, TierMoverMetrics.SCAN, TierMoverMetrics.HEAT_CLASS, TierMoverMetrics.MOVED_TOTAL,
                TierMoverMetrics.SWAPPED_TOTAL, TierMoverMetrics.ROUNDS, TierMoverMetrics.PENDING)) {
            assertThat(readme).contains("| `" + metric + "` |");
        }
    }

    static Stream<Arguments> readmeYamlBlocks() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```yaml\n(.*?)```\n", Pattern.DOTALL).matcher(readme);
        List<Arguments> out = new ArrayList<>();
        int n = 0;
        while (m.find()) {
            out.add(Arguments.of(n++, m.group(1)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "README yaml block {0}")
    @MethodSource("readmeYamlBlocks")
    @SuppressWarnings("unchecked")
    void readmeExamplesLoad(int index, String yaml) throws Exception {
        if (yaml.contains("plugins:")) {
            assertThat(loader().parse("README block " + index, yaml).plugins()).isNotEmpty();
        } else {
            Map<String, Object> memtierd = new Yaml().load(yaml);
            assertThat(PolicyReader.read(memtierd.get("policy"))).isNotNull();
        }
    }

    static Stream<Arguments> badPastes() {
        return Stream.of(
                Arguments.of("nestedStringPointsAtTheString", """
                        plugins:
                          - name: tier-mover
                            config:
                              policy:
                                name: heat
                                config: |
                                  intervalms: 4000
                                  pidwatcher: {name: proc}
                                  tracker: {name: idlepage, config: '{"ScanIntervalMs": 0}'}
                        """, "bad.yaml:6:17: plugins[0].config.policy.config.tracker.config.ScanIntervalMs: "
                        + "0 is out of range [1, 86400000]"),
                Arguments.of("mappingPointsAtTheKey", """
                        plugins:
                          - name: tier-mover
                            config:
                              policy:
                                name: ratio
                                config:
                                  ratio: 0.5
                                  pidwatcher: {name: cgroups, config: {cgroups: [relative]}}
                        """, "bad.yaml:8:58: plugins[0].config.policy.config.pidwatcher.config.cgroups[0]: must be an "
                        + "absolute cgroup directory (/sys/fs/cgroup/...) or a path below the cgroup root (/...), got \"relative\""),
                Arguments.of("missingPolicy", """
                        plugins:
                          - name: tier-mover
                            config:
                              heatmap_dump: false
                        """, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPastes")
    void badPastedPolicyIsLocatedInTheFile(String name, String yaml, String message) throws Exception {
        if (message == null) {
            // a missing policy is found when the plugin is created, at the plugin's config block
            AgentConfig config = loader().parse("bad.yaml", yaml);
            assertThatThrownBy(() -> factory.create(config.plugins().get(0).config(),
                    new io.numaagent.api.testing.RecordingPluginContext("tier-mover")))
                    .isInstanceOfSatisfying(io.numaagent.api.plugin.ConfigException.class,
                            e -> assertThat(config.plugins().get(0).locate(e)).hasMessageStartingWith(
                                    "bad.yaml:2:5: plugins[0].config.policy: 'policy' is required"));
            return;
        }
        assertThatThrownBy(() -> loader().parse("bad.yaml", yaml)).isInstanceOf(ConfigError.class).hasMessage(message);
    }
}
