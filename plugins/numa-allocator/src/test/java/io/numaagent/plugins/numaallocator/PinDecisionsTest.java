package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.testing.RecordingLogger;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PinDecisionsTest {

    /** Task t pinned to a node on a machine, the config, and the decisions in short form. */
    record Row(String name, Supplier<Machine> machine, int node, List<Object> config, List<String> decisions) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Supplier<Machine> twoNode() {
        return () -> Machine.twoNode().task("t", Map.of(0, 0.1, 1, 0.2));
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("twoNode: defaults pin and move", twoNode(), 0, List.of(),
                        List.of("set-cpus t 0-9", "migrate-memory t 0 MOVE_PAGES")),
                new Row("twoNode: migrate_pages false only pins", twoNode(), 0, List.of("migrate_pages", false),
                        List.of("set-cpus t 0-9")),
                new Row("twoNode: migration migrate_pages", twoNode(), 1, List.of("migration", "migrate_pages"),
                        List.of("set-cpus t 10-19", "migrate-memory t 1 MIGRATE_PAGES")),
                new Row("twoNode: binding sets mems before the move", twoNode(), 0, List.of("cgroups_memory_binding", true),
                        List.of("set-cpus t 0-9", "set-mems t 0", "migrate-memory t 0 MOVE_PAGES")),
                new Row("twoNode: memory_migrate comes before mems", twoNode(), 0,
                        List.of("cgroups_memory_binding", true, "cgroups_memory_migrate", true),
                        List.of("set-cpus t 0-9", "set-memory-migrate t true", "set-mems t 0", "migrate-memory t 0 MOVE_PAGES")),
                new Row("fourNode: the node's CPUs", () -> Machine.fourNode().task("t", Map.of(0, 0.1, 3, 0.1)), 3,
                        List.of("cgroups_memory_binding", true), List.of("set-cpus t 30-39", "set-mems t 3",
                                "migrate-memory t 3 MOVE_PAGES")),
                new Row("twoSocketFourNode: a node of the second socket", () -> Machine.twoSocketFourNode()
                        .task("t", Map.of(2, 0.1, 3, 0.1)), 2, List.of("migrate_pages", false), List.of("set-cpus t 20-29")),
                new Row("cxlTwoMemoryOnlyNodes: binding to the CPU node only", () -> Machine.cxlTwoMemoryOnlyNodes()
                        .task("t", Map.of(1, 0.1, 2, 0.3)), 1, List.of("cgroups_memory_binding", true),
                        List.of("set-cpus t 10-19", "set-mems t 1", "migrate-memory t 1 MOVE_PAGES")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decisionsOfOnePinInTheOrderTheyApply(Row row) {
        StepInputs in = StepInputs.of(row.machine.get());
        RecordingLogger log = new RecordingLogger();
        Pin pin = new Pin(in.task("t"), row.node, "why");
        List<Decision> d = new PinDecisions(StepInputs.settings(row.config.toArray()), "numa-allocator", log)
                .of(pin, in.nodes);
        assertThat(d).extracting(Harness::brief).containsExactlyElementsOf(row.decisions);
        assertThat(d).extracting(Decision::plugin).containsOnly("numa-allocator");
        assertThat(log.at("info")).containsExactly("pin t to node " + row.node + ": why");
        long pages = in.task("t").pagesOffNode(in.nodes, row.node);
        for (Decision x : d) {
            assertThat(x.reason()).isEqualTo(switch (x.action()) {
                case "set-cpus" -> "why";
                case "set-memory-migrate" -> "memory_migrate before binding to node " + row.node + " (cgroups_memory_migrate)";
                case "set-mems" -> "bind memory to node " + row.node + " (cgroups_memory_binding): why";
                default -> "move memory to node " + row.node + " after pinning: " + pages + " pages elsewhere";
            });
        }
    }
}
