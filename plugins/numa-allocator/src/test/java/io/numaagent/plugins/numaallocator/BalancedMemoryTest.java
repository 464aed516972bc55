package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.InMemoryMetrics;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BalancedMemoryTest {

    /** A machine with tasks and the balanced memory and task count expected per node. */
    record Row(String name, Supplier<Machine> machine, long[] bytes, int[] tasks, int pinned) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> machines() {
        return Stream.of(
                new Row("twoNode: WCA's observed run, a pinned to node 1", StepInputs::twoNodeObserved,
                        new long[] {0, 24_000_000_000L}, new int[] {0, 1}, 1),
                new Row("twoNode: a pinned task without figures still weighs", () -> {
                    Machine m = Machine.twoNode();
                    return m.add(m.spec("blind", Map.of(0, 0.3)).noNodeMemory());
                }, new long[] {28_800_000_000L, 0}, new int[] {1, 0}, 1),
                new Row("fourNode: three pinned, one spread", () -> Machine.fourNode().task("a", Map.of(0, 0.2))
                        .task("b", Map.of(1, 0.3)).task("c", Map.of(1, 0.1)).task("d", Map.of(2, 0.1, 3, 0.1)),
                        new long[] {19_200_000_000L, 38_400_000_000L, 0, 0}, new int[] {1, 2, 0, 0}, 3),
                new Row("twoSocketFourNode: nothing pinned", () -> Machine.twoSocketFourNode()
                        .task("a", Map.of(0, 0.2, 1, 0.05)).task("b", Map.of(2, 0.15, 3, 0.1)),
                        new long[] {0, 0, 0, 0}, new int[] {0, 0, 0, 0}, 0),
                new Row("cxlTwoMemoryOnlyNodes: memory on CXL weighs on the CPU node", () -> Machine.cxlTwoMemoryOnlyNodes()
                        .task("a", Map.of(0, 0.5, 2, 0.1), Machine.nodeCpus(0)),
                        new long[] {57_600_000_000L, 0, 0, 0}, new int[] {1, 0, 0, 0}, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void balancedMemoryPerNodeAndItsMetrics(Row row) {
        StepInputs in = StepInputs.of(row.machine.get());
        InMemoryMetrics im = new InMemoryMetrics();
        BalancedMemory balanced = BalancedMemory.of(in.biggestFirst, in.nodes).publish(in.nodes, StepInputs.metrics(im));
        assertThat(balanced.bytes).containsExactly(row.bytes);
        assertThat(balanced.tasks).containsExactly(row.tasks);
        assertThat(balanced.pinnedTasks).isEqualTo(row.pinned);
        for (int i = 0; i < row.bytes.length; i++) {
            String node = Integer.toString(i);
            assertThat(im.value("numa_allocator_balanced_memory_bytes", node)).isEqualTo((double) row.bytes[i]);
            assertThat(im.value("numa_allocator_balanced_tasks", node)).isEqualTo((double) row.tasks[i]);
        }
    }
}
