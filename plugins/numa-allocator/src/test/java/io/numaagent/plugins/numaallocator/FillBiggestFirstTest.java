package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FillBiggestFirstTest {

    private static final long GB = Machine.GB;

    /** Task t on a machine, the balanced memory per node, and the node and reason expected. */
    record Row(String name, Supplier<Machine> machine, long[] balanced, int node, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("twoNode: nothing pinned -> lowest node", () -> Machine.twoNode().task("t", Map.of(0, 0.3, 1, 0.05)),
                        new long[] {0, 0}, 0, "fill_biggest_first: node 0 has the best balance 1.0000 for 33.6 GB"),
                new Row("twoNode: node 0 holds 48 GB -> node 1", () -> Machine.twoNode().task("t", Map.of(0, 0.1, 1, 0.2)),
                        new long[] {48 * GB, 0}, 1, "fill_biggest_first: node 1 has the best balance 1.0000 for 28.8 GB"),
                new Row("twoNode: where the task is the biggest share", () -> Machine.twoNode().task("t", Map.of(0, 0.1)),
                        new long[] {30 * GB, 20 * GB}, 1, "fill_biggest_first: node 1 has the best balance 0.3243 for 9.6 GB"),
                new Row("fourNode: the one empty node", () -> Machine.fourNode().task("t", Map.of(0, 0.05, 3, 0.2)),
                        new long[] {28 * GB, 28 * GB, 28 * GB, 0}, 3,
                        "fill_biggest_first: node 3 has the best balance 1.0000 for 24.0 GB"),
                new Row("twoSocketFourNode: ties go to the lowest id", () -> Machine.twoSocketFourNode()
                        .task("t", Map.of(2, 0.2, 3, 0.05)), new long[] {GB, 0, 0, GB}, 1,
                        "fill_biggest_first: node 1 has the best balance 1.0000 for 24.0 GB"),
                new Row("cxlTwoMemoryOnlyNodes: never an empty CPU-less node", () -> Machine.cxlTwoMemoryOnlyNodes()
                        .task("t", Map.of(1, 0.05, 2, 0.4)), new long[] {19 * GB, 19 * GB, 0, 0}, 0,
                        "fill_biggest_first: node 0 has the best balance 0.6945 for 43.2 GB"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void choosesTheNodeWhereTheTaskIsTheBiggestShare(Row row) {
        StepInputs in = StepInputs.of(row.machine.get());
        Pin pin = new FillBiggestFirst().choose(in.task("t"), in.nodes, row.balanced, in.nodes.freeBytes);
        assertThat(pin.position()).isEqualTo(row.node);
        assertThat(pin.view()).isSameAs(in.task("t"));
        assertThat(pin.reason()).isEqualTo(row.reason);
    }
}
