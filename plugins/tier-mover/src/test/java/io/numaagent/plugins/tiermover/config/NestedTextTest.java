package io.numaagent.plugins.tiermover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The nested config texts memtierd's configs and e2e tests hold, and what they read as. */
class NestedTextTest {

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("jsonAsTheE2eTestsWriteIt", "{\"IntervalMs\":10,\"Bandwidth\":100}",
                        map("IntervalMs", 10, "Bandwidth", 100)),
                Arguments.of("jsonOverLines", "{\n  \"PagesInRegion\": 512,\n  \"Ratio\": 0.3,\n  \"On\": true,\n  \"Off\": null\n}",
                        map("PagesInRegion", 512, "Ratio", 0.3, "On", true, "Off", null)),
                Arguments.of("yamlBlock", "pagesinregion: 512\nmaxcountperregion: 1\nscanintervalms: 500\n",
                        map("pagesinregion", 512, "maxcountperregion", 1, "scanintervalms", 500)),
                Arguments.of("yamlFlowMapWithIntKeys", "heatnumas: {0: [2,3], 3: [0,1]}\nnumasize: {0: 1G, 2: 200M}\n",
                        map("heatnumas", map("0", List.of(2, 3), "3", List.of(0, 1)), "numasize", map("0", "1G", "2", "200M"))),
                Arguments.of("yamlNestedLiteralBlock", """
                        intervalms: 4000
                        pidwatcher:
                          name: cgroups
                          config: |
                            cgroups:
                              - /sys/fs/cgroup/meme
                        tracker:
                          name: idlepage
                          config: |
                            pagesinregion: 512   # 2 MiB
                        """,
                        map("intervalms", 4000, "pidwatcher", map("name", "cgroups", "config", "cgroups:\n  - /sys/fs/cgroup/meme\n"),
                                "tracker", map("name", "idlepage", "config", "pagesinregion: 512   # 2 MiB\n"))),
                Arguments.of("yamlSequenceOfMappings", "trackers:\n- name: idlepage\n  config: '{\"PagesInRegion\": 256}'\n- name: softdirty\n",
                        map("trackers", List.of(map("name", "idlepage", "config", "{\"PagesInRegion\": 256}"),
                                map("name", "softdirty")))),
                Arguments.of("yamlQuotedAndCommented", "# a comment\nprocexeregexp: \".*/meme\"\nhex: 0x10\nneg: -1\nstr: 'it''s'\n",
                        map("procexeregexp", ".*/meme", "hex", 16, "neg", -1, "str", "it's")),
                Arguments.of("yamlFoldedAndStripped", "a: >-\n  one\n  two\nb: |-\n  x\n", map("a", "one two", "b", "x")),
                Arguments.of("onlyAComment", "# nothing\n", null),
                Arguments.of("jsonEscapes", "{\"a\": \"q\\\"\\n\\u0041\"}", map("a", "q\"\nA")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void reads(String name, String text, Object expected) throws NestedText.SyntaxError {
        assertThat(NestedText.parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> badTexts() {
        return Stream.of(
                Arguments.of("jsonMissingComma", "{\"a\": 1 \"b\": 2}", 1, 12, "expected ',' or '}'"),
                Arguments.of("jsonUnclosed", "{\"a\": [1, 2}", 1, 12, "expected ',' or ']'"),
                Arguments.of("yamlBadIndent", "a: 1\n   b: 2\n", 2, 4, "unexpected indentation"),
                Arguments.of("yamlDuplicate", "a: 1\na: 2\n", 2, 1, "duplicate key 'a'"),
                Arguments.of("yamlTab", "a:\n\tb: 1\n", 2, 1, "tabs are not allowed for indentation"),
                Arguments.of("yamlAlias", "a: *x\n", 1, 4, "anchors, aliases and tags are not supported"),
                Arguments.of("trailingText", "{\"a\": 1} x", 1, 10, "unexpected text after the end of the value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTexts")
    void badTextNamesLineAndColumn(String name, String text, int line, int column, String message) {
        assertThatThrownBy(() -> NestedText.parse(text)).isInstanceOfSatisfying(NestedText.SyntaxError.class, e -> {
            assertThat(e).hasMessage(message);
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.column()).isEqualTo(column);
        });
    }
}
