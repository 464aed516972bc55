package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduling classes through the plugin on twoSocketFourNodeSixteenCpus (n4c16): each container placed
 * gets its annotated class, else its namespace's, else its QoS class's (exclusive or shared alike); an
 * unknown annotated class is logged once and the container gets its default; the {@code scheduling}
 * prompt command lists them, and a container gone is dropped. The placement itself is unchanged by
 * classes (and without threads in the snapshot no class is set; see SchedulingDecisionsTest).
 */
class SchedulingClassTest {

    private static final Map<String, Object> CONFIG = Map.of(
            "schedulingClasses", List.of(
                    Map.of("name", "realtime", "policy", "fifo", "priority", 42),
                    Map.of("name", "idle", "policy", "idle", "nice", 17, "ioClass", "be", "ioPriority", 6),
                    Map.of("name", "system", "nice", -5)),
            "namespaceSchedulingClasses", Map.of("kube-system", "system"),
            "podQoSSchedulingClasses", Map.of("BestEffort", "idle"));

    @TempDir
    Path state;

    private static String scheduling(Harness h) {
        PluginCommands commands = h.plugin;
        return commands.commands().stream().filter(c -> c.name().equals("scheduling")).findFirst().orElseThrow()
                .handler().run(List.of());
    }

    private static Harness containers(Harness h) {
        h.guaranteed("/g2", 2000).annotate("/g2", Map.of("scheduling-class.resource-policy.nri.io/pod", "realtime"))
                .add("/bu", QosClass.BURSTABLE, 1000, 2000, 100, 200).bestEffort("/be")
                .add("/ks", QosClass.BURSTABLE, 100, 0, 10, 0, Map.of("io.kubernetes.pod.namespace", "kube-system"))
                .bestEffort("/typo").annotate("/typo", Map.of("scheduling-class.resource-policy.nri.io", "realtme"));
        return h;
    }

    @Test
    void twoSocketFourNodeSixteenCpusClassesByAnnotationNamespaceAndQos() {
        Harness h = containers(new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, CONFIG));
        h.step();
        h.step();

        assertThat(scheduling(h)).isEqualTo("""
                as of cycle 2, 4 with a scheduling class
                container  class     from                   parameters
                /g2        realtime  annotation             policy fifo, priority 42
                /be        idle      qos BestEffort         policy idle, nice 17, ioClass be, ioPriority 6
                /ks        system    namespace kube-system  nice -5
                /typo      idle      qos BestEffort         policy idle, nice 17, ioClass be, ioPriority 6
                """);
        assertThat(h.context.log().lines().stream().filter(l -> l.message().contains("ignoring annotation")))
                .singleElement().satisfies(l -> assertThat(l.message()).contains(
                        "annotation scheduling-class=\"realtme\" ignored: unknown scheduling class \"realtme\""));

        h.remove("/g2").step();
        assertThat(scheduling(h)).startsWith("as of cycle 3, 3 with a scheduling class\n")
                .doesNotContain("/g2");
    }

    @Test
    void twoSocketFourNodeSixteenCpusClassesLeaveThePlacementAlone() {
        Harness withClasses = containers(new Harness(TestMachine.twoSocketFourNodeSixteenCpus(),
                state.resolve("with"), CONFIG));
        Harness without = containers(new Harness(TestMachine.twoSocketFourNodeSixteenCpus(),
                state.resolve("without"), Map.of()));

        List<Decision> a = withClasses.step();
        List<Decision> b = without.step();

        assertThat(a).isEqualTo(b).isNotEmpty();
        assertThat(withClasses.placement()).isEqualTo(without.placement());
        assertThat(scheduling(without)).isEqualTo("as of cycle 1, 0 with a scheduling class\n");
    }
}
