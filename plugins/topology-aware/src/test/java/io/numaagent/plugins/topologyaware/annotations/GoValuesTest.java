package io.numaagent.plugins.topologyaware.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GoValuesTest {

    @ParameterizedTest
    @CsvSource({"1,true", "t,true", "T,true", "TRUE,true", "true,true", "True,true",
        "0,false", "f,false", "F,false", "FALSE,false", "false,false", "False,false"})
    void boolsAsStrconvParseBool(String s, boolean expected) {
        assertThat(GoValues.parseBool(s)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"yes", "on", "tRUE", "2", "''"})
    void otherBoolSpellingsAreRefused(String s) {
        assertThatThrownBy(() -> GoValues.parseBool(s)).isInstanceOf(ValueException.class)
                .hasMessageContaining("is not a boolean");
    }

    static Stream<Arguments> durations() {
        return Stream.of(Arguments.of("0", Duration.ZERO), Arguments.of("60s", Duration.ofSeconds(60)),
                Arguments.of("1h30m", Duration.ofMinutes(90)), Arguments.of("1.5m", Duration.ofSeconds(90)),
                Arguments.of("300ms", Duration.ofMillis(300)), Arguments.of("2us", Duration.ofNanos(2000)),
                Arguments.of("2\u00b5s", Duration.ofNanos(2000)), Arguments.of("7ns", Duration.ofNanos(7)),
                Arguments.of("-5s", Duration.ofSeconds(-5)), Arguments.of("+.5s", Duration.ofMillis(500)));
    }

    @ParameterizedTest
    @MethodSource("durations")
    void durationsAsTimeParseDuration(String s, Duration expected) {
        assertThat(GoValues.parseDuration(s)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"60,missing unit after '60'", "5d,unknown unit 'd'", "'',empty", "s,expected a number at 's'",
        "1..2s,expected a number at '1..2s'"})
    void badDurationsSayWhy(String s, String why) {
        assertThatThrownBy(() -> GoValues.parseDuration(s)).isInstanceOf(ValueException.class)
                .hasMessage("'" + s + "' is not a duration like 60s or 1h30m (" + why + ")");
    }
}
