package io.numaagent.plugins.topologyaware.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.snapshot.QosClass;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AffinityParserTest {

    private static final PodInfo POD = Containers.pod("/kubepods/podP", "p", "ns", QosClass.GUARANTEED, Map.of());
    private static final Expression POD_SCOPE = Expression.of("pod/id", Operator.Equals, List.of("/kubepods/podP"));

    private static Expression name(Operator op, String... values) {
        return Expression.of("name", op, List.of(values));
    }

    @Test
    void shortFormIsMadeSymmetricWithinThePod() {
        Map<String, List<Affinity>> a = AffinityParser.parse("c3: [ c1, c2 ]", false, POD, false);
        assertThat(a).containsOnlyKeys("c1", "c2", "c3");
        assertThat(a.get("c3")).containsExactly(new Affinity(POD_SCOPE, name(Operator.In, "c1", "c2"), 1));
        assertThat(a.get("c1")).containsExactly(new Affinity(POD_SCOPE, name(Operator.Equals, "c3"), 1));
        assertThat(a.get("c2")).containsExactly(new Affinity(POD_SCOPE, name(Operator.Equals, "c3"), 1));
    }

    @Test
    void shortFormAntiAffinityWeighsMinusOne() {
        assertThat(AffinityParser.parse("a: [b]", true, POD, false).get("b"))
                .containsExactly(new Affinity(POD_SCOPE, name(Operator.Equals, "a"), -1));
    }

    static Stream<Arguments> weights() {
        return Stream.of(
                Arguments.of("", false, 1), Arguments.of("weight: 0", false, 1), Arguments.of("weight: 7", false, 7),
                Arguments.of("weight: -7", false, -7), Arguments.of("weight: 5000", false, 1000),
                Arguments.of("weight: -5000", false, -1000), Arguments.of("", true, -1), Arguments.of("weight: 0", true, -1),
                Arguments.of("weight: 5", true, -5), Arguments.of("weight: -5", true, 5),
                Arguments.of("weight: 5000", true, -1000), Arguments.of("weight: +3", false, 3));
    }

    @ParameterizedTest
    @MethodSource("weights")
    void fullFormWeightsDefaultFlipAndClamp(String weightLine, boolean anti, int expected) {
        String value = "c1:\n- match: {key: name, operator: Equals, values: [c2]}\n" + (weightLine.isEmpty() ? ""
                : "  " + weightLine + "\n");
        assertThat(AffinityParser.parse(value, anti, POD, false).get("c1"))
                .containsExactly(new Affinity(POD_SCOPE, name(Operator.Equals, "c2"), expected));
    }

    @Test
    void fullFormWithScopeAndSeveralContainers() {
        String value = """
                c1:
                  - scope:
                      key: namespace
                      operator: Equals
                      values: [prod]
                    match:
                      key: pod/labels/app
                      operator: In
                      values: [cache, db]
                    weight: 222
                c2: []
                """;
        Map<String, List<Affinity>> a = AffinityParser.parse(value, false, POD, false);
        assertThat(a.get("c1")).containsExactly(new Affinity(Expression.of("namespace", Operator.Equals, List.of("prod")),
                Expression.of("pod/labels/app", Operator.In, List.of("cache", "db")), 222));
        assertThat(a.get("c2")).isEmpty();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("[c1, c2]", "expected a mapping of container names, not a list", "[c1"),
                Arguments.of("c1: {match: {key: name, operator: AlwaysTrue}}", "affinities of container 'c1' must be "
                        + "a list, not a mapping", "{match"),
                Arguments.of("c1:\n- weight: 3\n", "missing match expression", "weight"),
                Arguments.of("c1:\n- match: {key: name, operator: Exists}\n  wieght: 3\n", "unknown field 'wieght' "
                        + "(known: scope, match, weight)", "wieght"),
                Arguments.of("c1:\n- match: {key: name, operator: Exists}\n  weight: ten\n", "weight must be an integer, "
                        + "not 'ten'", "ten"),
                Arguments.of("c1:\n- match: {key: name, operator: Exists}\n  weight: 99999999999\n", "weight 99999999999 "
                        + "is out of range", "99999999999"),
                Arguments.of("c1:\n- scope: {key: namespace, operator: Equals}\n  match: {key: name, operator: Exists}\n",
                        "operator Equals takes exactly one value, got 0", "Equals}"),
                Arguments.of("c1:\n- match: {key: podname, operator: Exists}\n", "key 'podname': unknown key 'podname'",
                        "podname"),
                Arguments.of("c1:\n- match: key: name\n", "a mapping is not allowed here (put it on its own line)",
                        ": name"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void errorsNameTheLineAndColumn(String value, String reason, String marker) {
        int offset = value.indexOf(marker);
        String before = value.substring(0, offset);
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        int column = offset - before.lastIndexOf('\n');
        assertThatThrownBy(() -> AffinityParser.parse(value, false, POD, false)).isInstanceOf(ValueException.class)
                .hasMessageStartingWith(reason).hasMessageEndingWith(" at line " + line + ", column " + column);
    }

    @Test
    void emptyValueHasNoAffinities() {
        assertThat(AffinityParser.parse("", false, POD, false)).isEmpty();
        assertThat(AffinityParser.parse("# nothing\n", true, POD, false)).isEmpty();
    }
}
