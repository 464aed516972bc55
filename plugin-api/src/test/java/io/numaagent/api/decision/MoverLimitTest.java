package io.numaagent.api.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** memtierd's mover settings as a plugin's own pace: one interval's worth of bytes per burst. */
class MoverLimitTest {

    @ParameterizedTest(name = "{0} B/s every {1} ms -> burst {2} B")
    @CsvSource({
            // memtierd's defaults, 100 MiB/s every 10 ms: 256 pages of 4 KiB
            "104857600, 10, 1048576",
            // 500 MiB/s every 20 ms: 2560 pages
            "524288000, 20, 10485760",
            // a rate below one byte per interval still lets a byte through
            "10, 1, 1",
            // 1000 ms / 100000 MiB/s: the whole second's worth at once
            "104857600000, 1000, 104857600000"})
    void burstIsOneIntervalsWorth(long bytesPerSecond, long intervalMs, long burst) {
        assertThat(new MoverLimit(bytesPerSecond, intervalMs).burstBytes()).isEqualTo(burst);
    }

    @ParameterizedTest(name = "{0} B/s every {1} ms")
    @CsvSource({"0, 10", "100, 0", "-1, 10"})
    void zeroOrNegativeIsRefusedNotSilentlyDropped(long bytesPerSecond, long intervalMs) {
        assertThatThrownBy(() -> new MoverLimit(bytesPerSecond, intervalMs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }
}
