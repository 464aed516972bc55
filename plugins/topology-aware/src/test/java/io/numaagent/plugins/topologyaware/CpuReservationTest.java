package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.plugins.topologyaware.alloc.CpuPicker;
import io.numaagent.plugins.topologyaware.alloc.CpuReservation;
import io.numaagent.plugins.topologyaware.pools.CpuClasses;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reserved and available CPUs on the reference's n4c16 VM, with the figures its e2e tests state: 750m
 * reserves CPU 0; 2250m out of available 4-7,8-13 reserves 4,5,6 (test05); isolated CPUs are never
 * picked for a quantity.
 */
class CpuReservationTest {

    static Stream<Arguments> reservations() {
        return Stream.of(
                Arguments.of("750m reserves cpu0", TestMachine.twoSocketFourNodeSixteenCpus(), "", "750m", "0-15", "", "0"),
                Arguments.of("2250m of cpuset:4-7,8-13 reserves 4-6", TestMachine.twoSocketFourNodeSixteenCpus(),
                        "cpuset:4-7,8-13", "2250m", "4-13", "", "4-6"),
                Arguments.of("exclude-cpuset available, cpuset reserved", TestMachine.twoSocketFourNodeSixteenCpus(),
                        "exclude-cpuset:14-15", "cpuset:12-13", "0-13", "", "12-13"),
                Arguments.of("isolcpus=0-1: the quantity skips isolated CPUs", TestMachine.twoSocketFourNodeSixteenCpus()
                        .isolated("0-1"), "", "1", "0-15", "0-1", "2"),
                Arguments.of("one hand-picked isolated reserved CPU is allowed", TestMachine.twoSocketFourNodeSixteenCpus()
                        .isolated("0-1"), "", "cpuset:1", "0-15", "0-1", "1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reservations")
    void twoSocketFourNodeSixteenCpus(String name, TestMachine m, String available, String reserved, String allowed,
                                      String isolated, String want) {
        Platform p = m.platform();
        CpuClasses c = CpuReservation.resolve(p, available, reserved, new CpuPicker(p));

        assertThat(c.allowed()).hasToString(allowed);
        assertThat(c.isolated()).hasToString(isolated);
        assertThat(c.reserved()).hasToString(want);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("", "reservedResources.cpu: cannot start without CPU reservation"),
                Arguments.of("cpuset:0-1", "reservedResources.cpu: 0-1 contains isolated CPUs 0-1; only a single isolated CPU"),
                Arguments.of("cpuset:16", "reservedResources.cpu: 16 is not a subset of the available CPUs 0-15"),
                Arguments.of("lots", "reservedResources.cpu: expected cpuset:<list>, exclude-cpuset:<list> or a CPU quantity"),
                Arguments.of("15", "reservedResources.cpu: cannot reserve 15 CPUs of the 14 available non-isolated CPUs 2-15"));
    }

    @ParameterizedTest(name = "reservedResources.cpu \"{0}\"")
    @MethodSource("refused")
    void twoSocketFourNodeSixteenCpusIsolatedRefuses(String reserved, String message) {
        Platform p = TestMachine.twoSocketFourNodeSixteenCpus().isolated("0-1").platform();

        assertThatThrownBy(() -> CpuReservation.resolve(p, "", reserved, new CpuPicker(p)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }
}
