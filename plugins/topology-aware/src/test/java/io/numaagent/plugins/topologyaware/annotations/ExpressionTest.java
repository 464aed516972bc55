package io.numaagent.plugins.topologyaware.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpressionTest {

    private static final ContainerInfo NGINX = Containers.nginx();

    static Stream<Arguments> evaluations() {
        return Stream.of(
                // each operator
                Arguments.of("name", Operator.Equals, List.of("nginx"), true),
                Arguments.of("name", Operator.Equals, List.of("*"), true),
                Arguments.of("name", Operator.Equals, List.of("envoy"), false),
                Arguments.of("labels/missing", Operator.Equals, List.of("*"), false),
                Arguments.of("name", Operator.NotEqual, List.of("envoy"), true),
                Arguments.of("name", Operator.NotEqual, List.of("nginx"), false),
                Arguments.of("labels/missing", Operator.NotEqual, List.of("x"), true),
                Arguments.of("name", Operator.In, List.of("envoy", "nginx"), true),
                Arguments.of("name", Operator.In, List.of("*"), true),
                Arguments.of("name", Operator.In, List.of(), false),
                Arguments.of("labels/missing", Operator.In, List.of("*"), false),
                Arguments.of("name", Operator.NotIn, List.of("envoy"), true),
                Arguments.of("name", Operator.NotIn, List.of("envoy", "nginx"), false),
                Arguments.of("labels/missing", Operator.NotIn, List.of("x"), true),
                Arguments.of("labels/app", Operator.Exists, List.of(), true),
                Arguments.of("labels/missing", Operator.Exists, List.of(), false),
                Arguments.of("labels/missing", Operator.NotExist, List.of(), true),
                Arguments.of("labels/app", Operator.NotExist, List.of(), false),
                Arguments.of("", Operator.AlwaysTrue, List.of(), true),
                Arguments.of("name", Operator.Matches, List.of("ng*"), true),
                Arguments.of("name", Operator.Matches, List.of("en*"), false),
                Arguments.of("name", Operator.MatchesNot, List.of("ng*"), false),
                Arguments.of("labels/missing", Operator.MatchesNot, List.of("*"), true),
                Arguments.of("name", Operator.MatchesAny, List.of("en*", "ngin?"), true),
                Arguments.of("name", Operator.MatchesAny, List.of("en*"), false),
                Arguments.of("name", Operator.MatchesNone, List.of("en*", "x*"), true),
                Arguments.of("name", Operator.MatchesNone, List.of("n*"), false),
                // each domain
                Arguments.of("namespace", Operator.Equals, List.of("prod"), true),
                Arguments.of("qosclass", Operator.Equals, List.of("Burstable"), true),
                Arguments.of("id", Operator.Equals, List.of("/kubepods/burstable/podA/nginx"), true),
                Arguments.of("tags/role", Operator.Equals, List.of("lb"), true),
                Arguments.of("labels/app", Operator.Equals, List.of("web"), true),
                Arguments.of("labels/io.kubernetes.container.name", Operator.Equals, List.of("nginx"), true),
                Arguments.of("labels/io.kubernetes.pod.namespace", Operator.Equals, List.of("prod"), true),
                Arguments.of("pod/name", Operator.Equals, List.of("web"), true),
                Arguments.of("pod/namespace", Operator.Equals, List.of("prod"), true),
                Arguments.of("pod/uid", Operator.Equals, List.of("uid-web"), true),
                Arguments.of("pod/id", Operator.Equals, List.of("/kubepods/burstable/podA"), true),
                Arguments.of("pod/qosclass", Operator.Equals, List.of("Burstable"), true),
                Arguments.of("pod/labels/tier", Operator.Equals, List.of("front"), true),
                Arguments.of("uid", Operator.Exists, List.of(), false), // containers have no uid, as in the reference
                Arguments.of("pod/tags/role", Operator.Exists, List.of(), false),
                // joint keys
                Arguments.of(":pod/name:name", Operator.Equals, List.of("web:nginx"), true),
                Arguments.of(":,-pod/name,name,namespace", Operator.Equals, List.of("web-nginx-prod"), true),
                Arguments.of(":labels/missing:name", Operator.Equals, List.of(":nginx"), true),
                Arguments.of(":labels/missing:labels/gone", Operator.Exists, List.of(), false),
                // keys are cleaned like paths
                Arguments.of("/name", Operator.Equals, List.of("nginx"), true),
                Arguments.of("labels//app", Operator.Equals, List.of("web"), true),
                Arguments.of("pod/labels/x/../app", Operator.Equals, List.of("web"), true));
    }

    @ParameterizedTest
    @MethodSource("evaluations")
    void evaluatesEachOperatorAndDomain(String key, Operator op, List<String> values, boolean expected) {
        assertThat(Expression.of(key, op, values).evaluate(NGINX)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("foo", Operator.Equals, List.of("a"), "key 'foo': unknown key 'foo' (known: name, "
                        + "namespace, qosclass, id, uid, labels/<k>, tags/<k>, pod/<key>)"),
                Arguments.of("name/x", Operator.Equals, List.of("a"), "key 'name/x': nothing may follow 'name' (got 'x')"),
                Arguments.of("pod", Operator.Exists, List.of(), "key 'pod': 'pod' needs a pod key after it, e.g. pod/name"),
                Arguments.of("pod/frob", Operator.Exists, List.of(), "key 'pod/frob': unknown key 'frob' (known: name, "
                        + "namespace, qosclass, id, uid, labels/<k>, tags/<k>, pod/<key>)"),
                Arguments.of("labels", Operator.Exists, List.of(), "key 'labels': 'labels' needs a label name after it, "
                        + "e.g. labels/app"),
                Arguments.of(":name:bogus", Operator.Exists, List.of(), "key ':name:bogus': unknown key 'bogus' (known: "
                        + "name, namespace, qosclass, id, uid, labels/<k>, tags/<k>, pod/<key>)"),
                Arguments.of("", Operator.Equals, List.of("a"), "missing key"),
                Arguments.of("name", Operator.Equals, List.of(), "operator Equals takes exactly one value, got 0"),
                Arguments.of("name", Operator.NotEqual, List.of("a", "b"), "operator NotEqual takes exactly one value, got 2"),
                Arguments.of("name", Operator.Matches, List.of(), "operator Matches takes exactly one value, got 0"),
                Arguments.of("name", Operator.Exists, List.of("a"), "operator Exists takes no values, got 1"),
                Arguments.of("", Operator.AlwaysTrue, List.of("a"), "operator AlwaysTrue takes no values, got 1"),
                Arguments.of("name", Operator.MatchesAny, List.of("ok*", "[x"), "bad pattern '[x' at character 1: "
                        + "unclosed '['"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void refusesInvalidExpressions(String key, Operator op, List<String> values, String message) {
        assertThatThrownBy(() -> Expression.of(key, op, values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> malformedValues() {
        return Stream.of(
                Arguments.of("{key: name, operator: Equal, values: [a]}", "unknown operator 'Equal'", "Equal,"),
                Arguments.of("{key: name, operator: NotExists}", "unknown operator 'NotExists'", "NotExists"),
                Arguments.of("{key: nam, operator: Equals, values: [a]}", "key 'nam': unknown key 'nam'", "nam,"),
                Arguments.of("{key: name, operator: Equals, values: a}", "values must be a list like [a, b], not a value",
                        "a}"),
                Arguments.of("{key: name, operator: Equals, values: [a, b]}", "operator Equals takes exactly one value, "
                        + "got 2", "[a, b]"),
                Arguments.of("{key: name, operator: Matches, values: ['[']}", "bad pattern '[' at character 1",
                        "'['"),
                Arguments.of("{key: name, operator: Exists, extra: 1}", "unknown field 'extra' (known: key, operator, "
                        + "values)", "extra"),
                Arguments.of("{key: name}", "missing operator", "{key"),
                Arguments.of("[name, Equals]", "an expression must be a mapping with key, operator and values, "
                        + "not a list", "[name"),
                Arguments.of("key: name\noperator:\n  - In\n", "operator must be a single value, not a list", "- In"));
    }

    @ParameterizedTest
    @MethodSource("malformedValues")
    void parseErrorsPointIntoTheValue(String value, String reason, String marker) {
        int offset = value.indexOf(marker);
        String before = value.substring(0, offset);
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        int column = offset - before.lastIndexOf('\n');
        assertThatThrownBy(() -> Expression.parse(MiniYaml.parse(value), false)).isInstanceOf(ValueException.class)
                .hasMessageStartingWith(reason).hasMessageEndingWith(" at line " + line + ", column " + column);
    }

    @Test
    void criResmgrFamilyReadsABareDottedKeyAsALabel() {
        String value = "{key: io.kubernetes.pod.name, operator: Equals, values: [web]}";
        Expression crm = Expression.parse(MiniYaml.parse(value), true);
        assertThat(crm.key()).isEqualTo("labels/io.kubernetes.pod.name");
        assertThat(crm.evaluate(NGINX)).isTrue();
        assertThatThrownBy(() -> Expression.parse(MiniYaml.parse(value), false))
                .hasMessageStartingWith("key 'io.kubernetes.pod.name': unknown key 'io.kubernetes.pod.name'");
    }

    @Test
    void rendersAsTheReference() {
        assertThat(Expression.of("name", Operator.In, List.of("a", "b"))).hasToString("<name In a,b>");
        assertThat(Expression.of("name", Operator.In, List.of("a", "b")))
                .isEqualTo(Expression.of("name", Operator.In, List.of("a", "b")));
    }
}
