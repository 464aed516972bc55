package io.numaagent.plugins.topologyaware.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MiniYamlTest {

    /** Compact rendering: quoted scalars in double quotes, null as ~. */
    static String render(YamlNode n) {
        if (n instanceof YamlNode.Scalar s) {
            return s.isNull() ? "~" : s.plain() ? s.text() : "\"" + s.text() + "\"";
        }
        if (n instanceof YamlNode.Sequence q) {
            return q.items().stream().map(MiniYamlTest::render).collect(Collectors.joining(", ", "[", "]"));
        }
        return ((YamlNode.Mapping) n).entries().values().stream().map(e -> e.key() + ": " + render(e.value()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("", "~"),
                Arguments.of("# only a comment\n", "~"),
                Arguments.of("60s", "60s"),
                Arguments.of("duration: 60s", "{duration: 60s}"),
                Arguments.of("duration: \"60s\"  # quoted", "{duration: \"60s\"}"),
                Arguments.of("{\"duration\": \"60s\"}", "{duration: \"60s\"}"),
                Arguments.of("c3: [ c1 ]", "{c3: [c1]}"),
                Arguments.of("c3: [c1, 'c 2', \"c\\\"4\"]", "{c3: [c1, \"c 2\", \"c\"4\"]}"),
                Arguments.of("a:\n- x\n- y\nb: z", "{a: [x, y], b: z}"),
                Arguments.of("a:\n  - x\n  -   y\n", "{a: [x, y]}"),
                Arguments.of("c1:\n  - scope:\n      key: pod/name\n      operator: Equals\n      values: [p]\n"
                        + "    match: {key: name, operator: In, values: [c2, c3]}\n    weight: 10\n",
                        "{c1: [{scope: {key: pod/name, operator: Equals, values: [p]}, match: {key: name, operator: In, "
                                + "values: [c2, c3]}, weight: 10}]}"),
                Arguments.of("- - a\n  - b\n- c", "[[a, b], c]"),
                Arguments.of("a:\nb: 1", "{a: ~, b: 1}"),
                Arguments.of("url: http://x/y#frag", "{url: http://x/y#frag}"),
                Arguments.of("k: 'it''s'", "{k: \"it's\"}"),
                Arguments.of("k: [\n  a,\n  b,  # two\n]", "{k: [a, b]}"),
                Arguments.of("k: {a: , b: 2}", "{k: {a: ~, b: 2}}"),
                Arguments.of("\"quoted key\": v", "{quoted key: v}"),
                Arguments.of("a: b\r\nc: d\r\n", "{a: b, c: d}"));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void readsTheSubset(String value, String expected) {
        assertThat(render(MiniYaml.parse(value))).isEqualTo(expected);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a: b\n  c: d", "unexpected indentation at line 2, column 3"),
                Arguments.of("a: b: c", "a mapping is not allowed here (put it on its own line) at line 1, column 5"),
                Arguments.of("a: [x, y", "missing ']' for the '[' at line 1, column 4"),
                Arguments.of("a: [x y] z", "unexpected text after the value at line 1, column 10"),
                Arguments.of("a: 1\na: 2", "duplicate key 'a' at line 2, column 1"),
                Arguments.of("a: \"open", "unterminated quoted value at line 1, column 4"),
                Arguments.of("a: &anchor x", "'&' (anchors, aliases, tags, block scalars) is not supported in "
                        + "annotation values at line 1, column 4"),
                Arguments.of("a: |\n  text", "'|' (anchors, aliases, tags, block scalars) is not supported in "
                        + "annotation values at line 1, column 4"),
                Arguments.of("a:\n\tb: c", "tabs are not allowed for indentation at line 2, column 1"),
                Arguments.of("a: \"\\q\"", "unknown escape '\\q' at line 1, column 5"),
                Arguments.of("- a\nb: c", "unexpected text after the value at line 2, column 1"),
                Arguments.of("{a: 1, a: 2}", "duplicate key 'a' at line 1, column 8"),
                Arguments.of("[a, , b]", "expected a value at line 1, column 5"),
                Arguments.of("[".repeat(40) + "]".repeat(40), "nested more than 32 levels deep at line 1, column 32"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesWithLineAndColumn(String value, String message) {
        assertThatThrownBy(() -> MiniYaml.parse(value)).isInstanceOf(ValueException.class).hasMessage(message);
    }
}
