package io.numaagent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CpuSetTest {

    static Stream<Arguments> kernelLists() {
        return Stream.of(
                // input as the kernel prints or accepts it, canonical output, size
                Arguments.of("", "", 0),
                Arguments.of("\n", "", 0),
                Arguments.of("0", "0", 1),
                Arguments.of("0-3\n", "0-3", 4),
                Arguments.of("0-3,8-11", "0-3,8-11", 8),
                Arguments.of("0,1,2,3", "0-3", 4),
                Arguments.of("3,1,2,0", "0-3", 4),
                Arguments.of("0-1,1-2", "0-2", 3),
                Arguments.of("0-7:2", "0,2,4,6", 4),
                Arguments.of(" 0-1 , 4 ", "0-1,4", 3),
                Arguments.of("0-17,36-53", "0-17,36-53", 36));
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @MethodSource("kernelLists")
    void parsesAndPrintsKernelListFormat(String input, String printed, int size) {
        CpuSet set = CpuSet.parse(input);
        assertThat(set.toString()).isEqualTo(printed);
        assertThat(set.size()).isEqualTo(size);
        assertThat(CpuSet.parse(set.toString())).isEqualTo(set);
    }

    static Stream<Arguments> garbage() {
        return Stream.of(
                Arguments.of("a", "not an id: \"a\" in \"a\""),
                Arguments.of("1,,2", "empty element in list \"1,,2\""),
                Arguments.of("3-1", "descending range \"3-1\" in \"3-1\""),
                Arguments.of("-1", "not an id: \"\" in \"-1\""),
                Arguments.of("0-99999", "id 99999 out of range in \"0-99999\""),
                Arguments.of("0-3:0", "stride must be positive in \"0-3:0\""),
                // a garbled file repeating a wide range would otherwise take minutes to parse
                Arguments.of("0-65535,".repeat(12), "list covers more than 262144 ids: \"" + "0-65535,".repeat(10).substring(0, 80)
                        + "...\""),
                Arguments.of("x".repeat(100), "not an id: \"" + "x".repeat(40) + "...\" in \"" + "x".repeat(80) + "...\""));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("garbage")
    void rejectsGarbageNamingTheElement(String input, String message) {
        assertThatThrownBy(() -> CpuSet.parse(input)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void setOperationsOnTwoSocketFourNodeCpus() {
        CpuSet node0 = CpuSet.parse("0-9,40-49");
        CpuSet node1 = CpuSet.parse("10-19,50-59");
        CpuSet socket0 = node0.union(node1);
        assertThat(socket0.toString()).isEqualTo("0-19,40-59");
        assertThat(socket0.intersection(CpuSet.parse("5-15")).toString()).isEqualTo("5-15");
        assertThat(socket0.difference(node0)).isEqualTo(node1);
        assertThat(socket0.containsAll(node1)).isTrue();
        assertThat(node0.containsAll(socket0)).isFalse();
        assertThat(node0.intersects(node1)).isFalse();
        assertThat(node0.first()).isEqualTo(0);
        assertThat(CpuSet.EMPTY.first()).isEqualTo(-1);
        assertThat(CpuSet.range(2, 5)).isEqualTo(CpuSet.of(2, 3, 4, 5));
        assertThat(node0.toArray()).startsWith(0, 1, 2).endsWith(48, 49);
    }

    @Test
    void cpuSetAndNodeSetWithSameIdsAreNotEqual() {
        assertThat(CpuSet.of(0, 1)).isNotEqualTo(NodeSet.of(0, 1));
        assertThat(NodeSet.parse("0-1,3").toString()).isEqualTo("0-1,3");
        assertThat(NodeSet.of(1).contains(1)).isTrue();
        assertThat(NodeSet.of(1).contains(-1)).isFalse();
    }
}
