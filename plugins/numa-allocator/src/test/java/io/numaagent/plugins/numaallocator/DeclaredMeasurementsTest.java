package io.numaagent.plugins.numaallocator;

import static io.numaagent.plugins.numaallocator.Machine.GB;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.DeclaredMeasurements;
import io.numaagent.api.testing.RecordingPluginContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The allocator's {@link Plugin#measurements()} against what it reads: it decides the same when the
 * snapshot holds only the declared kinds (so the runner may leave the rest unread), and each declared
 * kind changes a decision in some scenario (so none is declared for nothing).
 */
class DeclaredMeasurementsTest {

    private static final Supplier<Plugin> FRESH = () -> {
        NumaAllocatorPluginFactory factory = new NumaAllocatorPluginFactory();
        return factory.create(PluginConfig.of(factory.configKeys(), Map.of()),
                new RecordingPluginContext(NumaAllocatorPluginFactory.NAME));
    };

    /** Scenarios, each the kind it shows to matter and three cycles of one machine. */
    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("twoNode, per-node memory", Measurement.MEMORY_PER_NODE,
                        Machine.twoNode().task("b", Map.of(0, 0.01, 1, 0.1))),
                Arguments.of("twoNode, sized by the limit", Measurement.MEMORY_LIMIT, unrequested(4 * GB, -1, -1)),
                Arguments.of("twoNode, sized by the peak", Measurement.MEMORY_PEAK, unrequested(-1, 4 * GB, -1)),
                Arguments.of("twoNode, sized by the usage", Measurement.MEMORY_USAGE, unrequested(-1, -1, 4 * GB)),
                Arguments.of("fourNode, one task pinned", Measurement.CPUSETS,
                        Machine.fourNode().task("p", Map.of(2, 0.3)).task("b", Map.of(0, 0.01, 1, 0.1))));
    }

    /** A task without requests, sized by what is measured. */
    private static Machine unrequested(long limit, long peak, long usage) {
        Machine m = Machine.twoNode();
        return m.add(m.spec("t", Map.of(0, 0.01, 1, 0.1)).requested(Resources.NONE).measured(limit, peak, usage));
    }

    private static List<Snapshot> cycles(Machine m) {
        return LongStream.rangeClosed(1, 3).mapToObj(m::snapshot).toList();
    }

    @Test
    void declaresMemoryAndCpusetsButNotCpuUsage() {
        assertThat(DeclaredMeasurements.declared(FRESH)).containsExactlyInAnyOrder(Measurement.MEMORY_PER_NODE,
                Measurement.MEMORY_LIMIT, Measurement.MEMORY_PEAK, Measurement.MEMORY_USAGE, Measurement.CPUSETS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void decidesTheSameOnTheDeclaredKindsAlone(String name, Measurement shown, Machine machine) {
        Set<Measurement> declared = DeclaredMeasurements.declared(FRESH);
        List<List<Decision>> everything = DeclaredMeasurements.decisions(FRESH, cycles(machine), Measurement.all());
        assertThat(everything.get(0)).as("the scenario decides something").isNotEmpty();
        assertThat(DeclaredMeasurements.decisions(FRESH, cycles(machine), declared)).isEqualTo(everything);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void eachDeclaredKindChangesADecision(String name, Measurement shown, Machine machine) {
        Set<Measurement> declared = DeclaredMeasurements.declared(FRESH);
        assertThat(DeclaredMeasurements.decisions(FRESH, cycles(machine), DeclaredMeasurements.without(declared, shown)))
                .isNotEqualTo(DeclaredMeasurements.decisions(FRESH, cycles(machine), declared));
    }

    @Test
    void everyDeclaredKindHasAScenario() {
        Set<Measurement> shown = EnumSet.noneOf(Measurement.class);
        scenarios().forEach(a -> shown.add((Measurement) a.get()[1]));
        assertThat(shown).containsAll(DeclaredMeasurements.declared(FRESH));
    }
}
