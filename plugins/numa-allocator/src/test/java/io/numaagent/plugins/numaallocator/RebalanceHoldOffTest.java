package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RebalanceHoldOffTest {

    private static final Instant UNTIL = Instant.parse("2026-01-01T00:10:00Z");

    @ParameterizedTest(name = "held until 00:10, asked at {0} -> holds {1}, still known {2}")
    @CsvSource({
            "2026-01-01T00:00:00Z, true, true",
            "2026-01-01T00:09:59Z, true, true",
            "2026-01-01T00:10:00Z, false, false",
            "2026-01-01T01:00:00Z, false, false"})
    void holdsUntilItsTimeThenForgetsTheTask(Instant now, boolean holds, boolean known) {
        RebalanceHoldOff holdOff = new RebalanceHoldOff();
        holdOff.hold("a", UNTIL);
        assertThat(holdOff.holds("a", now)).isEqualTo(holds);
        assertThat(holdOff.contains("a")).isEqualTo(known);
        assertThat(holdOff.holds("b", now)).isFalse();
        holdOff.forget("a"::equals);
        assertThat(holdOff.contains("a")).isFalse();
    }
}
