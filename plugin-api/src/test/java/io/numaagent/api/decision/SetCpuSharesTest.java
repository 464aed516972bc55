package io.numaagent.api.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.snapshot.Platform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetCpuSharesTest {

    /** runc's conversion, 1 + ((shares - 2) * 9999) / 262142, at the ends and the kubelet's usual values. */
    @ParameterizedTest(name = "{0} shares: cpu.weight {1}")
    @CsvSource({"2, 1", "3, 1", "28, 1", "29, 2", "102, 4", "512, 20", "1024, 39", "2048, 79", "4096, 157",
            "262143, 9999", "262144, 10000"})
    void weightIsRuncsConversion(long shares, long weight) {
        SetCpuShares d = new SetCpuShares("p", "/t", null, shares, "r");

        assertThat(SetCpuShares.weightOf(shares)).isEqualTo(weight);
        assertThat(d.fileValue(Platform.CGROUP_V2)).isEqualTo(weight);
        assertThat(d.fileValue(Platform.CGROUP_V1)).isEqualTo(shares);
        assertThat(d.fileValue(Platform.CGROUP_UNKNOWN)).isEqualTo(shares);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1", "0", "-5", "262145"})
    void sharesOutsideTheKernelsRangeAreRefused(long shares) {
        assertThatThrownBy(() -> new SetCpuShares("p", "/t", "", shares, "r"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shares must be 2..262144, got " + shares);
    }

    @ParameterizedTest(name = "sub-cgroup \"{0}\"")
    @CsvSource(value = {"''", "NULL"}, nullValues = "NULL")
    void emptySubCgroupMeansTheWholeTask(String sub) {
        SetCpuShares d = new SetCpuShares("p", "/t", sub, 1024, "r");

        assertThat(d.subCgroup()).isNull();
        assertThat(d.action()).isEqualTo("set-cpu-shares");
        assertThat(d.resource()).isEqualTo(Decision.Resource.CPU_SHARES);
        assertThat(d.resource().configName()).isEqualTo("cpu-shares");
    }
}
