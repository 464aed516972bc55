package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.cli.Main;
import io.numaagent.runner.config.AgentConfig;
import io.numaagent.runner.config.ConfigError;
import io.numaagent.runner.config.ConfigLoader;
import io.numaagent.runner.plugins.PluginLoadException;
import io.numaagent.runner.plugins.PluginRegistry;
import io.numaagent.runner.tracking.PageTrackingTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code configs/} loads through the runner's real config loader, with the plugin
 * factories found as the runner finds them (this module's class path holds the runner, its built-in
 * plugins and the numa-allocator), and passes {@code numa-agent check}, which also creates each plugin.
 * This module is where the runner and the numa-allocator meet; a config naming another plugin needs
 * that plugin as a test dependency here.
 */
class ShippedConfigsTest {

    private static final Path CONFIGS = Path.of("../../configs");

    static List<Path> configs() throws IOException {
        try (Stream<Path> files = Files.list(CONFIGS)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void theShippedConfigsAreAllHere() throws IOException {
        assertThat(configs()).extracting(p -> p.getFileName().toString())
                .contains("numa-agent.yaml", "numa-allocator.yaml", "tier-mover.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void loadsThroughTheRealLoader(Path file) throws PluginLoadException, ConfigError {
        PluginRegistry registry = PluginRegistry.load(Main.class.getClassLoader(), java.util.List.of());

        AgentConfig config = new ConfigLoader(registry::factory, registry.names()).load(file);

        assertThat(config.plugins()).as("plugins of " + file).isNotEmpty();
        assertThat(config.executor().apply()).as(file + " ships in dry-run").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void passesCheck(Path file, @TempDir Path host) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "check", "-c", file.toString(),
                "--path.sysfs", idleDamonSysfs(host).toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith(file + ": ok (");
    }

    /**
     * A sysfs with a DAMON tree whose one kdamond is off, for the checks: tier-mover.yaml's damon tracker
     * is checked against the kdamonds, and the check must not depend on whether this host's DAMON is in use.
     */
    static Path idleDamonSysfs(Path dir) {
        return idleDamonHost(dir).sys("");
    }

    /** The same tree's roots; its procfs has the page-tracking files every tracker needs (self/pagemap...). */
    static io.numaagent.runner.host.HostPaths idleDamonHost(Path dir) {
        PageTrackingTree tree = PageTrackingTree.write(TestMachine.twoSocketFourNode(), dir);
        tree.damon(1, 1);
        return tree.paths();
    }
}
