package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.CpuDetails.CoreKind;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.plugins.topologyaware.alloc.CpuPicker;
import io.numaagent.plugins.topologyaware.alloc.CpuPriority;
import io.numaagent.plugins.topologyaware.alloc.CpuReservation;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CPU priorities as the reference's CPU allocator derives them from cpufreq (base frequency bins, EPP,
 * E-cores), and what they change: the CPU a quantity reserves and the CPUs an exclusive grant gets.
 */
class CpuPriorityTest {

    @TempDir
    Path state;

    /** n4c16 with one core per socket at a higher base frequency (SST-BF-like): 6-7 and 14-15. */
    static TestMachine twoSocketFourNodeSixteenCpusTwoFastCores() {
        return TestMachine.twoSocketFourNodeSixteenCpus().frequencies("0-15", 2100000, 3900000)
                .frequencies("6-7,14-15", 2700000, 3900000);
    }

    /** One socket, P-cores 0-7 (EPP performance) and E-cores 8-15 (EPP balance_power). */
    static TestMachine hybridLaptopOneNode() {
        return TestMachine.qemu(1, 1, 1, 8, 2, 16L << 30).coreKind("0-7", CoreKind.PERFORMANCE)
                .coreKind("8-15", CoreKind.EFFICIENT).energyPerformancePreference("0-7", "performance")
                .energyPerformancePreference("8-15", "balance_power");
    }

    static Stream<Arguments> priorities() {
        return Stream.of(
                Arguments.of("twoSocketFourNodeSixteenCpus, nothing known: all normal",
                        TestMachine.twoSocketFourNodeSixteenCpus(), "", "0-15", ""),
                Arguments.of("twoSocketFourNodeSixteenCpus, one base frequency: all normal",
                        TestMachine.twoSocketFourNodeSixteenCpus().frequencies("0-15", 2100000, 3900000), "", "0-15",
                        ""),
                Arguments.of("twoSocketFourNodeSixteenCpusTwoFastCores: above the lowest base frequency is high",
                        twoSocketFourNodeSixteenCpusTwoFastCores(), "6-7,14-15", "", "0-5,8-13"),
                Arguments.of("twoSocketFourNodeSixteenCpus, fast cores only in socket 0: socket 1 stays normal",
                        TestMachine.twoSocketFourNodeSixteenCpus().frequencies("0-7", 2100000, 3900000)
                                .frequencies("6-7", 2700000, 3900000), "6-7", "8-15", "0-5"),
                Arguments.of("twoSocketFourNodeSixteenCpus, EPP performance on 0-3, balance_performance elsewhere",
                        TestMachine.twoSocketFourNodeSixteenCpus().energyPerformancePreference("0-3", "performance")
                                .energyPerformancePreference("4-15", "balance_performance"), "0-3", "8-15", "4-7"),
                Arguments.of("hybridLaptopOneNode: P-cores high by EPP, E-cores always low",
                        hybridLaptopOneNode(), "0-7", "", "8-15"),
                Arguments.of("hybridDesktopOneNode, no cpufreq: P-cores normal, E-cores low",
                        TestMachine.hybridDesktopOneNode(), "", "0-11", "12-19"),
                Arguments.of("hybridDesktopOneNode with intel_pstate base frequencies (P 3.2 GHz, E 2.4 GHz): "
                        + "P-cores high", TestMachine.hybridDesktopOneNode().frequencies("0-11", 3200000, 5000000)
                                .frequencies("12-19", 2400000, 3900000), "0-11", "", "12-19"),
                Arguments.of("twoSocketFourNodeSixteenCpus, SST-BF-like base frequencies in both sockets and EPP "
                        + "unknown values ignored", twoSocketFourNodeSixteenCpusTwoFastCores()
                                .energyPerformancePreference("0-15", "default"), "6-7,14-15", "", "0-5,8-13"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("priorities")
    void prioritiesFromCpufreq(String name, TestMachine machine, String high, String normal, String low) {
        CpuPicker picker = new CpuPicker(machine.platform());

        assertThat(picker.priorityCpus(CpuPriority.HIGH)).hasToString(high);
        assertThat(picker.priorityCpus(CpuPriority.NORMAL)).hasToString(normal);
        assertThat(picker.priorityCpus(CpuPriority.LOW)).hasToString(low);
    }

    static Stream<Arguments> reservations() {
        return Stream.of(
                Arguments.of("twoSocketFourNodeSixteenCpusTwoFastCores: 750m is CPU 0, as without priorities",
                        twoSocketFourNodeSixteenCpusTwoFastCores(), "0"),
                // normal priority is asked for and no CPU has it: the allocator favours the set with lower
                // priorities, so the first E-core
                Arguments.of("hybridLaptopOneNode: 750m reserves the first E-core", hybridLaptopOneNode(), "8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reservations")
    void quantityReservation(String name, TestMachine machine, String reserved) {
        Platform p = machine.platform();

        assertThat(CpuReservation.resolve(p, "", "750m", new CpuPicker(p)).reserved()).hasToString(reserved);
    }

    static Stream<Arguments> exclusiveGrants() {
        return Stream.of(
                // NUMA #1 and #3 both hold two high CPUs; the one with most sliceable CPUs, lower id: #1
                Arguments.of("high", "6-7 / 1"),
                Arguments.of("normal", "4-5 / 1"),
                Arguments.of("low", "4-5 / 1"),
                Arguments.of("none", "4-5 / 1"));
    }

    /** A guaranteed 2-CPU container on twoSocketFourNodeSixteenCpusTwoFastCores under each defaultCPUPriority. */
    @ParameterizedTest(name = "defaultCPUPriority {0}")
    @MethodSource("exclusiveGrants")
    void twoSocketFourNodeSixteenCpusTwoFastCoresGuaranteedTwoCpus(String priority, String placement) {
        Harness h = new Harness(twoSocketFourNodeSixteenCpusTwoFastCores(), state,
                Map.of("defaultCPUPriority", priority));
        h.guaranteed("/g2", 2000);
        h.step();

        assertThat(h.placement()).containsExactly(Map.entry("/g2", placement));
    }
}
