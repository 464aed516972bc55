package io.numaagent.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.runner.builtin.StaticPlacementPluginFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each of the config reader's explicit limits gives a clear error at a line and column, never an exception. */
class SafeYamlTest {

    private static final PluginFactory STATIC = new StaticPlacementPluginFactory();
    private static final ConfigLoader LOADER = new ConfigLoader(
            n -> n.equals(STATIC.name()) ? Optional.of(STATIC) : Optional.empty(), List.of(STATIC.name()));

    @TempDir
    Path dir;

    /** A list {@code depth} levels deep as the value of {@code plugins}. */
    private static String nested(int depth) {
        return "plugins: " + "[".repeat(depth) + "]".repeat(depth) + "\n";
    }

    /** The classic "billion laughs": each level lists the previous one ten times. */
    private static String billionLaughs() {
        StringBuilder sb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            sb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            sb.append("]\n");
        }
        return sb.toString();
    }

    static Stream<Arguments> limits() {
        return Stream.of(
                Arguments.of("nesting", nested(SafeYaml.MAX_NESTING + 5), "1:",
                        "nested deeper than " + SafeYaml.MAX_NESTING + " levels"),
                Arguments.of("collection aliases (billion laughs)", billionLaughs(), "3:",
                        "more than " + SafeYaml.MAX_COLLECTION_ALIASES + " aliases"),
                Arguments.of("alias to its own parent", "plugins:\n  - name: static-placement\n    config: &c {rules: *c}\n",
                        "3:13: plugins[0].config.rules.rules:",
                        "refers to a list or mapping that contains it"),
                Arguments.of("recursive key", "&k {*k : 1}: 2\n", "1:1:", "keys must be plain strings"),
                Arguments.of("global java tag", "plugins: !!java.util.ArrayList []\n", "1:10:",
                        "Global tag is not allowed: tag:yaml.org,2002:java.util.ArrayList"),
                Arguments.of("global tag URI", "plugins: !<tag:example.com,2000:app/x> []\n", "1:10: plugins:",
                        "unsupported YAML tag tag:example.com,2000:app/x"),
                Arguments.of("local tag on a list", "plugins: !foo []\n", "1:10: plugins:",
                        "unsupported YAML tag !foo"),
                Arguments.of("local tag on a string", "plugins:\n  - name: !foo static-placement\n", "2:11: plugins[0].name:",
                        "unsupported YAML tag !foo"),
                Arguments.of("ordered-map tag", "plugins: !!omap [a: 1]\n", "1:10: plugins:",
                        "unsupported YAML tag tag:yaml.org,2002:omap"),
                Arguments.of("integer of 60 digits", "plugins:\n  - name: static-placement\n    config: {numa_balancing: "
                        + "9".repeat(60) + "}\n", "3:30: plugins[0].config.numa_balancing:", "is too large"),
                Arguments.of("code points", "# " + "x".repeat(SafeYaml.MAX_CODE_POINTS) + "\n", "1:",
                        "longer than " + SafeYaml.MAX_CODE_POINTS + " characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void laptopOneNodeConfigOverALimitIsRefusedAtItsPlace(String limit, String yaml, String place, String message) {
        ConfigError e = catchThrowableOfType(() -> LOADER.parse("agent.yaml", yaml), ConfigError.class);

        assertThat(e).as(limit).isNotNull();
        assertThat(e.getMessage()).startsWith("agent.yaml:" + place).contains(message);
        assertThat(e.line()).isPositive();
        assertThat(e.column()).isPositive();
    }

    @Test
    void laptopOneNodeConfigUsingAFewAnchorsStillLoads() throws ConfigError {
        String yaml = """
                defaults: &rules ["/batch/* cpus=0"]
                plugins:
                  - name: static-placement
                    config: {rules: *rules}
                """;
        // an unknown top-level key is still an error; anchors themselves are fine
        ConfigError e = catchThrowableOfType(() -> LOADER.parse("agent.yaml", yaml), ConfigError.class);
        assertThat(e.getMessage()).startsWith("agent.yaml:1:1: defaults: unknown key 'defaults'");

        AgentConfig c = LOADER.parse("agent.yaml", """
                plugins:
                  - name: static-placement
                    config: &c {rules: ["/batch/* cpus=0"]}
                task_sources:
                  - {type: cgroups, parents: &p [/], depth: 2}
                  - {type: cgroups, parents: *p, depth: 1}
                """);
        assertThat(c.plugins().get(0).config().asMap()).containsKey("rules");
        assertThat(c.taskSources()).hasSize(2);
    }

    @Test
    void laptopOneNodeConfigWithABadByteNamesItsLineAndColumn() throws IOException {
        Path file = dir.resolve("agent.yaml");
        byte[] head = "plugins:\n  - name: st".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
        bytes[head.length + 1] = 'x';
        Files.write(file, bytes);

        ConfigError e = catchThrowableOfType(() -> LOADER.load(file), ConfigError.class);

        assertThat(e.getMessage()).isEqualTo(file + ":2:13: not UTF-8: byte 0xc3 at offset 21");
    }

    @Test
    void laptopOneNodeConfigLargerThanTheLimitIsNotReadWhole() throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "plugins: []\n" + "#\n".repeat(SafeYaml.MAX_BYTES));

        ConfigError e = catchThrowableOfType(() -> LOADER.load(file), ConfigError.class);

        assertThat(e.getMessage()).startsWith(file + ":").contains("larger than " + SafeYaml.MAX_BYTES + " bytes");
        assertThat(e.line()).isGreaterThan(1);
    }

    @Test
    void everyLimitIsSetExplicitly() {
        var o = SafeYaml.options();
        assertThat(o.getMaxAliasesForCollections()).isEqualTo(SafeYaml.MAX_COLLECTION_ALIASES);
        assertThat(o.getAllowRecursiveKeys()).isFalse();
        assertThat(o.getNestingDepthLimit()).isEqualTo(SafeYaml.MAX_NESTING);
        assertThat(o.getCodePointLimit()).isEqualTo(SafeYaml.MAX_CODE_POINTS);
        assertThat(o.getTagInspector().isGlobalTagAllowed(new org.yaml.snakeyaml.nodes.Tag("tag:yaml.org,2002:java.io.File")))
                .isFalse();
    }
}
