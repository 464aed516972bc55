package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.CgroupLayout;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A decision is judged against the snapshot it was made on: its cgroup version and page size,
 * not those of the machine that checks it (they differ when a recording is replayed elsewhere).
 */
class DecisionChecksTest {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    /** name, how the recorded machine differs, the checking machine's layout, the decision, expected answer. */
    record Row(String name, UnaryOperator<TestMachine> recorded, CgroupLayout checker, Decision decision,
               String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        Decision memoryMigrate = new SetMemoryMigrate("p", "/batch/a", true, "test");
        Decision swapOut64k = new SwapOut("p", "/batch/a", 101, List.of(new PageRange(0x10000, 0x10000)), "test");
        Decision swapOut4k = new SwapOut("p", "/batch/a", 101, List.of(new PageRange(0x1000, 0x1000)), "test");
        String v2Refusal = "cpuset.memory_migrate does not exist on cgroup v2 (v2 moves pages on every cpuset.mems change)";
        return Stream.of(
                new Row("twoSocketFourNode v1 recording checked on a v2 machine: memory_migrate exists there",
                        TestMachine::cgroupV1, CgroupLayout.v2(ROOT), memoryMigrate, null),
                new Row("twoSocketFourNode v2 recording checked on a v1 machine: no memory_migrate",
                        TestMachine::cgroupV2, CgroupLayout.v1(ROOT), memoryMigrate, v2Refusal),
                new Row("twoSocketFourNode v2 recording on a v2 machine", TestMachine::cgroupV2,
                        CgroupLayout.v2(ROOT), memoryMigrate, v2Refusal),
                new Row("twoSocketFourNode with 64 KiB pages: a 64 KiB-aligned range is aligned",
                        m -> m.pageSize(65536), CgroupLayout.v2(ROOT), swapOut64k, null),
                new Row("twoSocketFourNode with 64 KiB pages: a 4 KiB-aligned range is not",
                        m -> m.pageSize(65536), CgroupLayout.v2(ROOT), swapOut4k,
                        "range " + new PageRange(0x1000, 0x1000) + " is not page aligned (page size 65536)"),
                new Row("twoSocketFourNode with 4 KiB pages: a 4 KiB-aligned range is aligned",
                        m -> m.pageSize(4096), CgroupLayout.v2(ROOT), swapOut4k, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void judgedAgainstTheRecordedMachine(Row row) {
        TestMachine m = row.recorded().apply(TestMachine.twoSocketFourNode());
        m.task("/batch/a").pids(101);
        Snapshot s = m.snapshot(1, Instant.EPOCH);
        Task task = s.tasks().get(0);
        String answer = new DecisionChecks(row.checker()).invalid(new Cycle(s, Long.MAX_VALUE), task, row.decision());
        assertThat(answer).isEqualTo(row.expected());
    }
}
