package io.numaagent.api.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link TaskMeasurements#only}: what a snapshot holds of a task when only some kinds are read. */
class TaskMeasurementsTest {

    /** A twoNode task with every kind measured. */
    private static final TaskMeasurements TWO_NODE = new TaskMeasurements(Map.of(0, 3L << 30, 1, 1L << 30),
            4L << 30, 8L << 30, 5L << 30, 42_000_000L, CpuSet.parse("0-3"), NodeSet.parse("0"), CpuSet.parse("0-3"),
            NodeSet.parse("0"), true);

    @ParameterizedTest
    @EnumSource(Measurement.class)
    void twoNodeKeepsTheOneKindAndLeavesTheRestAbsent(Measurement kind) {
        TaskMeasurements m = TWO_NODE.only(Set.of(kind));
        assertThat(m.memoryBytesPerNode()).isEqualTo(kind == Measurement.MEMORY_PER_NODE ? TWO_NODE.memoryBytesPerNode()
                : Map.of());
        assertThat(m.memoryUsageBytes()).isEqualTo(kind == Measurement.MEMORY_USAGE ? 4L << 30 : -1);
        assertThat(m.memoryLimitBytes()).isEqualTo(kind == Measurement.MEMORY_LIMIT ? 8L << 30 : -1);
        assertThat(m.memoryMaxUsageBytes()).isEqualTo(kind == Measurement.MEMORY_PEAK ? 5L << 30 : -1);
        assertThat(m.cpuUsageNanos()).isEqualTo(kind == Measurement.CPU_USAGE ? 42_000_000L : -1);
        boolean cpusets = kind == Measurement.CPUSETS;
        assertThat(m.cpus()).isEqualTo(cpusets ? CpuSet.parse("0-3") : CpuSet.EMPTY);
        assertThat(m.effectiveMems()).isEqualTo(cpusets ? NodeSet.parse("0") : NodeSet.EMPTY);
        assertThat(m.memoryMigrate()).isEqualTo(cpusets);
    }

    @Test
    void twoNodeEveryKindIsTheSameAndNoneIsNothing() {
        assertThat(TWO_NODE.only(Measurement.all())).isSameAs(TWO_NODE);
        assertThat(TWO_NODE.only(EnumSet.noneOf(Measurement.class))).isEqualTo(TaskMeasurements.NONE);
    }
}
