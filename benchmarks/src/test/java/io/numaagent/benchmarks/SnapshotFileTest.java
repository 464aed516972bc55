package io.numaagent.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotFileTest {

    /**
     * WCA's own two-node test machine (its tests' {@code prepare_input}: nodes of 96 GB with CPUs 0-9 and 10-19,
     * 4 % of each node for the system): task a pinned to node 1 with 20 % of a node there and 5 % on node 0,
     * task b on every CPU with 30 % on node 0 and 5 % on node 1. WCA's {@code allocate()} answers (run with
     * benchmarks/wca/wca_allocate.py): pin b to node 0 and move its pages there, and move a's pages to node 1,
     * the node with the most free memory, where only 0.8 of a's pages are. The same file must give the
     * numa-allocator the same inputs, hence the same decisions.
     */
    static final List<String> TWO_NODE_WCA_TEST_MACHINE = List.of(
            "# WCA tests/extra/test_numa_allocator.py prepare_input({'a': {0: 0.05, 1: 0.2}, 'b': {0: 0.3, 1: 0.05}}, 2)",
            "node 0 0-9 58560000000 37440000000  # 96 GB - 4 % - 35 %",
            "node 1 10-19 68160000000 27840000000  # 96 GB - 4 % - 25 %",
            "task /batch/a 24000000000 10-19 1171875,4687500",
            "task /batch/b 33600000000 0-19 7031250,1171875");

    @ParameterizedTest
    @ValueSource(strings = {"fill_biggest_first", "minimize_migration"})
    void twoNodeWcaTestMachine(String algorithm) {
        Snapshot snapshot = SnapshotFile.parse("wca-two-node", TWO_NODE_WCA_TEST_MACHINE);

        assertThat(snapshot.platform().nodes()).extracting(n -> n.cpus().toString()).containsExactly("0-9", "10-19");
        Task a = snapshot.tasks().get(0);
        assertThat(a.requested().memoryRequestBytes()).isEqualTo(24_000_000_000L);
        assertThat(a.measurements().memoryBytesPerNode()).isEqualTo(Map.of(0, 4_800_000_000L, 1, 19_200_000_000L));
        assertThat(SideBySideDecisions.lines(SideBySideDecisions.plugin(algorithm).decide(snapshot))).containsExactly(
                "/batch/a migrate-memory 1",
                "/batch/b migrate-memory 0",
                "/batch/b set-cpus 0-9");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "node 0 0-9 100                   | bad:2: node record needs 5 fields, has 4",
            "task /a 1000 0-9 12,x            | bad:2: For input string: \"x\"",
            "cpu 0                            | bad:2: unknown record 'cpu'",
            "node 0 9-0 1 1                   | bad:2:"})
    void twoNodeBadLinesNameFileAndLine(String badLine, String message) {
        assertThatThrownBy(() -> SnapshotFile.parse("bad", List.of("node 1 10-19 1 1", badLine)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
