package io.numaagent.plugins.topologyaware.cpuclass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.plugin.ConfigException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference's frequency forms, and names resolved on a CPU of 800 MHz..3.9 GHz with base 2.1 GHz. */
class CpuFrequencyTest {

    static Stream<Arguments> forms() {
        return Stream.of(Arguments.of("3.2GHz", 3_200_000L), Arguments.of("3.2G", 3_200_000L),
                Arguments.of("2900MHz", 2_900_000L), Arguments.of("2900m", 2_900_000L),
                Arguments.of("2900000kHz", 2_900_000L), Arguments.of("2900000", 2_900_000L),
                Arguments.of(2_900_000, 2_900_000L), Arguments.of(" 1.5 GHz ", 1_500_000L),
                Arguments.of("0.0015G", 1_500L), Arguments.of("min", 800_000L), Arguments.of("BASE", 2_100_000L),
                Arguments.of("turbo", 3_900_000L), Arguments.of("", 0L), Arguments.of(0, 0L));
    }

    @ParameterizedTest(name = "{0} is {1} kHz")
    @MethodSource("forms")
    void readsTheReferencesForms(Object value, long khz) {
        assertThat(CpuFrequency.read("f", value).resolve(800_000, 2_100_000, 3_900_000)).isEqualTo(khz);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void refusesOtherValues(Object value, String message) {
        assertThatThrownBy(() -> CpuFrequency.read("cpuClasses[0].minFreq", value)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> bad() {
        return Stream.of(Arguments.of("3.2 THz", "must be a frequency such as 3.2GHz"),
                Arguments.of(-5, "must not be negative; got -5"), Arguments.of(true, "got true"),
                Arguments.of("0.0001k", "\"0.0001k\" is below 1 kHz"));
    }
}
