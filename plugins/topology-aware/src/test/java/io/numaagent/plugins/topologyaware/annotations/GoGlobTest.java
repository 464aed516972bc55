package io.numaagent.plugins.topologyaware.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoGlobTest {

    @ParameterizedTest
    @CsvSource({
        "abc,abc,true", "a*,abc,true", "a*,a/c,false", "*c,abc,true", "a?c,abc,true", "a?c,a/c,false",
        "[a-c]x,bx,true", "[a-c]x,dx,false", "[^a-c]x,dx,true", "[^a]x,/x,true", "a\\*,a*,true", "a\\*,ab,false",
        "[\\-]x,-x,true", "[c-a]x,bx,false", "[^c-a]x,bx,true", "*,'',true", "db-*,db-0,true", "kube-*,kube-system,true",
        "a.c,abc,false", "a*/b,ax/b,true", "*/b,a/x/b,false", "*x*,abxcd,true", "a*b*c,aXbYbZc,true",
        "a*b,aXbYc,false", "**,abc,true", "*?,'',false", "[\\]]x,]x,true"})
    void matchesAsFilepathMatch(String pattern, String s, boolean expected) {
        assertThat(GoGlob.compile(pattern).matches(s)).isEqualTo(expected);
    }

    @Test
    void hostilePatternsMatchInPolynomialTime() {
        String pattern = "a*".repeat(40) + "b";
        assertThat(GoGlob.compile(pattern).matches("a".repeat(5000))).isFalse();
        assertThat(GoGlob.compile(pattern).matches("a".repeat(5000) + "b")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"'[',1,unclosed '['", "'[a',1,unclosed '['", "'[]a]',2,']' must be escaped inside [...]",
        "'a\\',2,'\\' at the end", "'[a-]',4,']' must be escaped inside [...]", "'[-a]',2,'-' must be escaped inside [...]"})
    void malformedPatternsNameTheCharacter(String pattern, int at, String why) {
        assertThatThrownBy(() -> GoGlob.compile(pattern)).isInstanceOf(ValueException.class)
                .hasMessage("bad pattern '" + pattern + "' at character " + at + ": " + why);
    }
}
