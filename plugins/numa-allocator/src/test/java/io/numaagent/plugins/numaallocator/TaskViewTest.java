package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TaskViewTest {

    private static CpuSet cpus(String s) {
        return s == null ? CpuSet.EMPTY : CpuSet.parse(s);
    }

    @ParameterizedTest(name = "twoNode: cpus {0}, effective {1} -> {2}")
    @CsvSource(nullValues = "none", value = {
            "10-19, none, 1",
            "none, 0-9, 0",
            "0-4, 0-9, -1",
            "none, none, -1",
            "0-19, none, -1",
            "none, 0-19, -1"})
    void twoNode_pinnedNodeIsAnExactCpusetWithEffectiveCpusForAnEmptyOne(String written, String effective,
                                                                          int position) {
        Machine m = Machine.twoNode();
        m.add(m.spec("t", Map.of(0, 0.1)).cpus(cpus(written)).effectiveCpus(cpus(effective)));
        assertThat(StepInputs.of(m).task("t").pinnedPosition).isEqualTo(position);
    }

    /** A task's per-node shares in Machine's convention and the figures the view derives from them. */
    record Row(String name, Supplier<Machine> machine, Map<Integer, Double> shares, double[] preferences,
               long[] pagesOff) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> tasks() {
        return Stream.of(
                new Row("twoNode: 20 % and 80 %", Machine::twoNode, Map.of(0, 0.05, 1, 0.2),
                        new double[] {0.2, 0.8}, new long[] {4_687_500, 1_171_875}),
                new Row("fourNode: rounded to 4 places", Machine::fourNode, Map.of(1, 0.02, 2, 0.25, 3, 0.02),
                        new double[] {0.0, 0.069, 0.8621, 0.069}, new long[] {6_796_875, 6_328_125, 937_500, 6_328_125}),
                new Row("twoSocketFourNode: all on one node", Machine::twoSocketFourNode, Map.of(3, 0.1, 2, 0.0),
                        new double[] {0.0, 0.0, 0.0, 1.0}, new long[] {2_343_750, 2_343_750, 2_343_750, 0}),
                new Row("cxlTwoMemoryOnlyNodes: pages on CPU-less nodes count", Machine::cxlTwoMemoryOnlyNodes,
                        Map.of(0, 0.1, 2, 0.3), new double[] {0.25, 0.0, 0.75, 0.0},
                        new long[] {7_031_250, 9_375_000, 2_343_750, 9_375_000}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tasks")
    void preferencesAndPagesOffEachNode(Row row) {
        Machine m = row.machine.get().task("t", row.shares);
        StepInputs in = StepInputs.of(m);
        for (int p = 0; p < in.nodes.size(); p++) {
            assertThat(in.task("t").preference(in.nodes, p)).as("preference alone, node %d", p)
                    .isEqualTo(row.preferences[p]);
            assertThat(in.task("t").pagesOffNode(in.nodes, p)).as("pages off node %d", p).isEqualTo(row.pagesOff[p]);
        }
        assertThat(in.task("t").preferences(in.nodes)).containsExactly(row.preferences);
    }

    @ParameterizedTest(name = "twoNode: {0} of a 38.4 GB task is missing on node {1}")
    @CsvSource({"28800000000, 0", "9600000000, 1"})
    void twoNode_missingOnIsTheMemoryNotOnTheNodeYet(long missing, int node) {
        StepInputs in = StepInputs.of(Machine.twoNode().task("t", Map.of(0, 0.1, 1, 0.3)));
        assertThat(in.task("t").missingOn(in.nodes, node)).isEqualTo(missing);
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({"33599999999, 33.6 GB", "0, 0.0 GB", "1250000000, 1.3 GB", "96000000000, 96.0 GB"})
    void gbAsWcaPrintsIt(long bytes, String text) {
        assertThat(TaskView.gb(bytes)).isEqualTo(text);
    }
}
