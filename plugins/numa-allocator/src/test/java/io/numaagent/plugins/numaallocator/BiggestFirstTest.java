package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BiggestFirstTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7, 64, 1000, 10_001})
    void sameOrderAsAStableDescendingSort(int n) {
        SplittableRandom random = new SplittableRandom(n);
        long[] memory = new long[n];
        for (int i = 0; i < n; i++) {
            // few distinct values, so that most comparisons are ties
            memory[i] = random.nextInt(5) * 1_000_000_000L;
        }
        assertThat(BiggestFirst.order(memory)).containsExactly(stableDescending(memory));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 1000})
    void hugeFiguresTakeTheMergeSortAndKeepTheSameOrder(int n) {
        SplittableRandom random = new SplittableRandom(n);
        long[] memory = new long[n];
        for (int i = 0; i < n; i++) {
            memory[i] = i % 3 == 0 ? Long.MAX_VALUE - random.nextInt(3) : random.nextInt(3);
        }
        assertThat(BiggestFirst.order(memory)).containsExactly(stableDescending(memory));
        assertThat(BiggestFirst.mergeOrder(memory)).containsExactly(stableDescending(memory));
    }

    @ParameterizedTest
    @ValueSource(strings = {"twoNode", "cxlTwoMemoryOnlyNodes"})
    void viewsBiggestFirstEqualTasksInSnapshotOrder(String topology) {
        Machine m = topology.equals("twoNode") ? Machine.twoNode() : Machine.cxlTwoMemoryOnlyNodes();
        m.task("small", Map.of(0, 0.05)).task("y", Map.of(0, 0.1, 1, 0.1))
                .task("big", Map.of(1, 0.3)).task("x", Map.of(0, 0.1, 1, 0.1));
        assertThat(BiggestFirst.views(StepInputs.of(m).tasks)).extracting(TaskView::id)
                .containsExactly("big", "y", "x", "small");
    }

    private static int[] stableDescending(long[] memory) {
        int n = memory.length;
        Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(expected, Comparator.comparingLong((Integer i) -> memory[i]).reversed());
        return Arrays.stream(expected).mapToInt(Integer::intValue).toArray();
    }
}
