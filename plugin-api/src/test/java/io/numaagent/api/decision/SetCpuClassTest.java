package io.numaagent.api.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.CpuSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetCpuClassTest {

    @ParameterizedTest(name = "min {0} max {1} governor \"{2}\" epp \"{3}\": {4}")
    @CsvSource(value = {
            "0, 0, '', '', nothing to set",
            "-1, 0, '', '', 'frequencies must not be negative, got min -1 max 0'",
            "3000000, 2000000, '', '', minKhz 3000000 above maxKhz 2000000",
            "0, 0, '', 256, 'energyPerformancePreference must be a name or 0..255, got \"256\"'",
            "0, 0, '', Power, 'energyPerformancePreference must be a name or 0..255, got \"Power\"'",
    })
    void badSettingsAreRefused(long min, long max, String governor, String epp, String message) {
        assertThatThrownBy(() -> new SetCpuClass("p", "c", CpuSet.parse("0-1"), min, max, governor, epp, null, "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "epp \"{0}\" numeric {1}")
    @CsvSource({"performance, false", "balance_power, false", "0, true", "255, true", "128, true"})
    void preferenceIsANameOrANumber(String epp, boolean numeric) {
        SetCpuClass d = new SetCpuClass("p", "c", CpuSet.parse("2"), 0, 0, "", epp, null, "r");

        assertThat(d.numericEnergyPerformancePreference()).isEqualTo(numeric);
        assertThat(d.setsCpufreq()).isTrue();
    }

    @Test
    void idleStatesAloneAreMachineWideCpuClassDecisions() {
        SetCpuClass d = new SetCpuClass("p", "c", CpuSet.parse("2"), 0, 0, null, null, List.of(), "r");

        assertThat(d.setsCpufreq()).isFalse();
        assertThat(d.disabledIdleStates()).isEmpty();
        assertThat(d.task()).isNull();
        assertThat(d.action()).isEqualTo("set-cpu-class");
        assertThat(d.resource().configName()).isEqualTo("cpu-class");
        assertThatThrownBy(() -> new SetCpuClass("p", "c", CpuSet.parse(""), 1, 0, "", "", null, "r"))
                .hasMessage("cpus must not be empty");
    }

    @ParameterizedTest(name = "package {0} die {1} min {2} max {3}: {4}")
    @CsvSource({
            "-1, 0, 1, 0, 'package and die must not be negative, got -1/0'",
            "0, 0, 0, 0, 'set a positive minKhz or maxKhz, got 0/0'",
            "0, 1, 2400000, 1200000, minKhz 2400000 above maxKhz 1200000",
    })
    void badUncoreLimitsAreRefused(int pkg, int die, long min, long max, String message) {
        assertThatThrownBy(() -> new SetUncoreFrequency("p", pkg, die, min, max, "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void uncoreIsMachineWide() {
        SetUncoreFrequency d = new SetUncoreFrequency("p", 1, 0, 0, 2400000, "r");

        assertThat(d.task()).isNull();
        assertThat(d.action()).isEqualTo("set-uncore-frequency");
        assertThat(d.resource()).isEqualTo(Decision.Resource.CPU_CLASS);
    }

    @ParameterizedTest(name = "shown \"{0}\" wanted \"{1}\": {2}")
    @CsvSource({"performance, performance, true", "performance, 0, true", "balance_performance, 128, true",
            "128, balance_performance, true", "power, 255, true", "balance_power, 192, true", "64, 64, true",
            "balance_power, 128, false", "performance, power, false", "100, 128, false"})
    void intelPstateShowsTheNamedNumbersByName(String shown, String wanted, boolean same) {
        assertThat(SetCpuClass.samePreference(shown, wanted)).isEqualTo(same);
    }
}
