package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.runner.testplugin.PinAllTestPluginFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code plugins: [{class: ...}]}: a factory named by class instead of by name, and each reason a
 * class cannot be used, reported by {@code numa-agent check} at the key's line and column.
 */
class ClassReferenceTest {

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private Result check(String pluginEntry) throws IOException {
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), "plugins:\n  - " + pluginEntry + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "check", "-c", cfg.toString(),
                "--plugins-dir", dir.resolve("no-plugins").toString());
        return new Result(status, out.toString(), err.toString().replace(cfg.toString(), "agent.yaml"));
    }

    private static final String BROKEN = "io.numaagent.runner.testplugin.BrokenFactories$";

    static Stream<Arguments> unusableClasses() {
        return Stream.of(
                Arguments.of("{class: com.example.Nope}", "agent.yaml:2:13: plugins[0].class: class com.example.Nope "
                        + "not found on the class path (no plugin JARs in the plugins directory)"),
                Arguments.of("{class: java.lang.String}", "agent.yaml:2:13: plugins[0].class: class java.lang.String is "
                        + "not a PluginFactory (it does not implement io.numaagent.api.plugin.PluginFactory)"),
                Arguments.of("{class: " + BROKEN + "Base}", "agent.yaml:2:13: plugins[0].class: class " + BROKEN
                        + "Base is abstract; name a concrete PluginFactory"),
                Arguments.of("{class: " + BROKEN + "Hidden}", "agent.yaml:2:13: plugins[0].class: class " + BROKEN
                        + "Hidden is not public"),
                Arguments.of("{class: " + BROKEN + "NoNoArgConstructor}", "agent.yaml:2:13: plugins[0].class: class "
                        + BROKEN + "NoNoArgConstructor has no public no-argument constructor"),
                Arguments.of("{class: " + BROKEN + "ThrowingConstructor}", "agent.yaml:2:13: plugins[0].class: class "
                        + BROKEN + "ThrowingConstructor: its constructor threw java.lang.IllegalStateException: no "
                        + "licence file"),
                Arguments.of("{class: " + BROKEN + "ThrowingInitializer}", "agent.yaml:2:13: plugins[0].class: class "
                        + BROKEN + "ThrowingInitializer cannot be initialized: java.lang.NumberFormatException: For "
                        + "input string: \"not a number\""),
                Arguments.of("{name: pin-all, class: " + PinAllTestPluginFactory.class.getName() + "}",
                        "agent.yaml:2:12: plugins[0].name: class " + PinAllTestPluginFactory.class.getName()
                                + " is the plugin 'pin-all-test', not 'pin-all'; leave 'name' out or give that"),
                Arguments.of("{interval: 1s}", "agent.yaml:2:5: plugins[0]: a plugin needs 'name' (one that "
                        + "'numa-agent plugins' lists) or 'class' (a PluginFactory class on the class path or in a "
                        + "plugin JAR)"));
    }

    @ParameterizedTest
    @MethodSource
    void unusableClasses(String entry, String message) throws IOException {
        Result r = check(entry);
        assertThat(r.err()).isEqualTo("numa-agent: " + message + "\n");
        assertThat(r.status()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void classOnTheClassPathWithoutServiceEntryIsUsedWithItsKeys() throws IOException {
        Result r = check("{class: " + PinAllTestPluginFactory.class.getName() + ", config: {node: 1}}");
        assertThat(r.status()).as(r.err()).isZero();
        Result named = check("{name: pin-all-test, class: " + PinAllTestPluginFactory.class.getName() + "}");
        assertThat(named.status()).as(named.err()).isZero();
        Result badKey = check("{class: " + PinAllTestPluginFactory.class.getName() + ", config: {nodes: 1}}");
        assertThat(badKey.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badKey.err()).contains("plugins[0].config.nodes");
    }
}
