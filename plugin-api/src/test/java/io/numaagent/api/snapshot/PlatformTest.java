package io.numaagent.api.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.CpuSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {

    private static Platform platform(long pageSize, int cgroupVersion) {
        return new Platform(1, 1, 1, List.of(), CpuSet.of(0), CpuSet.EMPTY, List.of(), pageSize, cgroupVersion);
    }

    @ParameterizedTest(name = "page {0}, cgroup v{1}")
    @CsvSource({"4096, 2", "16384, 1", "65536, 0"})
    void carriesThePageSizeAndCgroupVersion(long pageSize, int cgroupVersion) {
        Platform p = platform(pageSize, cgroupVersion);

        assertThat(p.pageSizeBytes()).isEqualTo(pageSize);
        assertThat(p.cgroupVersion()).isEqualTo(cgroupVersion);
    }

    @ParameterizedTest(name = "page {0}, cgroup v{1}")
    @CsvSource(delimiter = '|', value = {
            "0    | 2 | page size must be a positive power of two, got 0",
            "-4096| 2 | page size must be a positive power of two, got -4096",
            "4095 | 2 | page size must be a positive power of two, got 4095",
            "4096 | 3 | cgroup version must be 1, 2 or 0 (unknown), got 3",
            "4096 | -1| cgroup version must be 1, 2 or 0 (unknown), got -1"})
    void rejectsWhatNoKernelHas(long pageSize, int cgroupVersion, String message) {
        assertThatThrownBy(() -> platform(pageSize, cgroupVersion)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
