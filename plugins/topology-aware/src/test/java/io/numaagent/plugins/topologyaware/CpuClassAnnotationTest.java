package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.CpuPowerState;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.RecordingLogger;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which class a container's exclusive CPUs get, on twoSocketFourNodeSixteenCpus with {@link CpuClassTest}'s
 * classes and {@code defaultExclusiveCPUClass: fast}, and what is left out where the CPUs cannot take a setting.
 */
class CpuClassAnnotationTest {

    @TempDir
    Path state;

    private Harness harness(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(CpuClassTest.CONFIG);
        config.put("defaultExclusiveCPUClass", "fast");
        config.putAll(extra);
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, config);
        h.power = CpuClassTest.booted(16);
        return h;
    }

    /** The class each CPU of {@code cpus} was last given, or "-". */
    private static String classOf(List<Decision> decisions, int cpu) {
        return decisions.stream().filter(d -> d instanceof SetCpuClass c && c.cpus().contains(cpu))
                .map(d -> ((SetCpuClass) d).cpuClass()).findFirst().orElse("-");
    }

    static Stream<Arguments> twoSocketFourNodeSixteenCpusExclusiveClass() {
        return Stream.of(
                Arguments.of("annotated Guaranteed", QosClass.GUARANTEED, 2000,
                        Map.of("cpu-class.resource-policy.nri.io/pod", "turbo"), "turbo", ""),
                Arguments.of("unannotated Guaranteed: defaultExclusiveCPUClass", QosClass.GUARANTEED, 2000, Map.of(),
                        "fast", ""),
                Arguments.of("CRI-RM's key", QosClass.GUARANTEED, 2000,
                        Map.of("cpu-class.cri-resource-manager.intel.com/container.c", "turbo"), "turbo", ""),
                Arguments.of("an unknown class: logged, the default", QosClass.GUARANTEED, 2000,
                        Map.of("cpu-class.resource-policy.nri.io/pod", "turbp"), "fast",
                        "ignoring annotation: annotation cpu-class=\"turbp\" ignored: unknown CPU class \"turbp\""),
                Arguments.of("Burstable: pod-wide class ignored quietly", QosClass.BURSTABLE, 2000,
                        Map.of("cpu-class.resource-policy.nri.io/pod", "turbo"), "normal", ""),
                Arguments.of("Burstable: a container-scoped class is logged", QosClass.BURSTABLE, 2000,
                        Map.of("cpu-class.resource-policy.nri.io/container.c", "turbo"), "normal",
                        "cpu-class applies to Guaranteed containers only; this one is Burstable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void twoSocketFourNodeSixteenCpusExclusiveClass(String name, QosClass qos, long milliCpu,
                                                    Map<String, String> annotations, String cpuClass, String logged) {
        Harness h = harness(Map.of());
        h.add("/c", qos, milliCpu, milliCpu, 100, 100, Map.of("io.kubernetes.container.name", "c"))
                .annotate("/c", annotations);

        List<Decision> first = h.step();
        h.step();

        int cpu = Integer.parseInt(h.placement().get("/c").split("[-, /]")[0]);
        assertThat(classOf(first, cpu)).isEqualTo(cpuClass);
        List<String> warnings = h.context.log().lines().stream().filter(l -> l.message().contains("ignoring "
                + "annotation")).map(RecordingLogger.Line::message).toList();
        if (logged.isEmpty()) {
            assertThat(warnings).isEmpty();
        } else {
            assertThat(warnings).singleElement().asString().contains(logged);
        }
    }

    @Test
    void twoSocketFourNodeSixteenCpusContainerScopedClassWithoutExclusiveCpusIsLoggedAndIgnored() {
        Harness h = harness(Map.of());
        h.add("/small", QosClass.GUARANTEED, 500, 500, 100, 100, Map.of("io.kubernetes.container.name", "small"))
                .annotate("/small", Map.of("cpu-class.resource-policy.nri.io/container.small", "turbo"));

        List<Decision> first = h.step();

        assertThat(first).filteredOn(d -> d instanceof SetCpuClass c && c.cpuClass().equals("turbo")).isEmpty();
        assertThat(h.context.log().lines()).extracting(RecordingLogger.Line::message).anyMatch(m -> m.contains(
                "CPU class \"turbo\" needs exclusive CPUs; this container has none"));
    }

    @Test
    void twoSocketFourNodeSixteenCpusWithoutPinCpuExclusiveCpusKeepTheSharedClass() {
        Harness h = harness(Map.of("pinCPU", false));
        h.guaranteed("/g", 2000).annotate("/g", Map.of("cpu-class.resource-policy.nri.io/pod", "turbo"));

        List<Decision> first = h.step();

        assertThat(first).filteredOn(d -> d instanceof SetCpuClass).extracting(d -> ((SetCpuClass) d).cpuClass())
                .containsExactly("system", "normal");
    }

    /** A QEMU guest: no cpufreq, no cpuidle. Nothing is decided, and that is said once. */
    @Test
    void qemuGuestWithoutCpufreqDecidesNothingAndSaysSoOnce() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, CpuClassTest.CONFIG);
        h.guaranteed("/g", 2000).annotate("/g", Map.of("cpu-class.resource-policy.nri.io/pod", "turbo"));

        List<Decision> first = h.step();
        h.step();

        assertThat(first).noneMatch(d -> d instanceof SetCpuClass);
        assertThat(h.context.log().lines()).extracting(RecordingLogger.Line::message)
                .filteredOn(m -> m.startsWith("CPU classes: ")).containsExactly(
                        "CPU classes: cpu 0 shows neither cpufreq nor cpuidle states: class system not applied there",
                        "CPU classes: cpus 1-3,6-15 show neither cpufreq nor cpuidle states: class normal not applied "
                                + "there",
                        "CPU classes: cpus 4-5 show neither cpufreq nor cpuidle states: class turbo not applied there",
                        "CPU classes: no uncore frequency domain package_00_die_00 (intel_uncore_frequency not loaded): "
                                + "uncore limits of classes turbo not set");
    }

    /** acpi-cpufreq: no EPP, no idle states; the frequencies and governor are set, the rest said once. */
    @Test
    void acpiCpufreqWithoutPreferenceOrIdleStatesGetsTheRest() {
        CpuPower acpi = new CpuPower(CpuClassTest.booted(16).cpus().stream().map(c -> new CpuPowerState(c.cpu(), true,
                "acpi-cpufreq", "schedutil", List.of("ondemand", "performance", "schedutil"), 1200000, 2600000,
                1200000, 2600000, 0, "", List.of(), List.of())).toList(), List.of());
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, CpuClassTest.CONFIG);
        h.power = acpi;
        h.guaranteed("/g", 2000).annotate("/g", Map.of("cpu-class.resource-policy.nri.io/pod", "turbo"));

        List<Decision> first = h.step();

        assertThat(first).filteredOn(d -> d instanceof SetCpuClass c && c.cpuClass().equals("turbo")).singleElement()
                .isEqualTo(new SetCpuClass("topology-aware", "turbo", io.numaagent.api.CpuSet.parse("4-5"), 0,
                        2600000, "performance", "", null, "class turbo of exclusive CPUs of /g"));
        assertThat(h.context.log().lines()).extracting(RecordingLogger.Line::message).contains(
                "CPU classes: cpus 4-5: class turbo's minFreq (3000000 kHz) is outside its range 1200000..2600000 kHz; "
                        + "not set",
                "CPU classes: cpus 1-15 have no energy_performance_preference (driver acpi-cpufreq)",
                "CPU classes: cpus 1-3,6-15 have no governor powersave (available: ondemand performance schedutil)",
                "CPU classes: cpus 4-5 have no cpuidle states: class turbo's disabledCstates not applied there",
                "CPU classes: no uncore frequency domain package_00_die_00 (intel_uncore_frequency not loaded): "
                        + "uncore limits of classes turbo not set");
    }
}
