package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.plugins.topologyaware.irq.InterruptPatterns;
import io.numaagent.plugins.topologyaware.cpuclass.CpuClassSettings;
import io.numaagent.plugins.topologyaware.sched.SchedulingClasses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopologyAwarePluginFactoryTest {

    private final TopologyAwarePluginFactory factory = new TopologyAwarePluginFactory();

    @Test
    void serviceLoaderFindsTheFactoryByName() {
        List<String> names = ServiceLoader.load(PluginFactory.class).stream().map(p -> p.get().name()).toList();
        assertThat(names).contains("topology-aware");
    }

    @Test
    void everyKeyHasTheReferenceDefault() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (ConfigKey<?> k : factory.configKeys()) {
            defaults.put(k.name(), k.defaultValue());
            assertThat(k.description()).as(k.name()).hasSizeGreaterThan(30);
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("pinCPU", true);
        expected.put("pinMemory", true);
        expected.put("preferIsolatedCPUs", true);
        expected.put("preferSharedCPUs", false);
        expected.put("colocatePods", false);
        expected.put("colocateNamespaces", false);
        expected.put("reservedPoolNamespaces", List.of());
        expected.put("availableResources", CpuResource.ALL);
        expected.put("reservedResources", new CpuResource("750m"));
        expected.put("defaultCPUPriority", "none");
        expected.put("unlimitedBurstable", "package");
        expected.put("schedulingClasses", SchedulingClasses.ClassList.EMPTY);
        expected.put("namespaceSchedulingClasses", SchedulingClasses.ClassNames.EMPTY);
        expected.put("podQoSSchedulingClasses", SchedulingClasses.ClassNames.EMPTY);
        expected.put("controllableInterrupts", InterruptPatterns.read("controllableInterrupts", List.of("*")));
        expected.put("cpuClasses", CpuClassSettings.ClassList.EMPTY);
        expected.put("sharedPoolCPUClass", "");
        expected.put("reservedPoolCPUClass", "");
        expected.put("defaultExclusiveCPUClass", "");
        expected.put("enableTestAPIs", false);
        assertThat(defaults).containsExactlyEntriesOf(expected);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("reservedResources", Map.of(), "'reservedResources.cpu' is required: cannot start without "
                        + "CPU reservation"),
                Arguments.of("reservedResources", Map.of("cpu", "lots"), "'reservedResources.cpu' must be "
                        + "cpuset:<list>, exclude-cpuset:<list> or a CPU quantity such as 750m, 2 or 1.5; got \"lots\""),
                Arguments.of("reservedResources", Map.of("cpu", "0m"), "'reservedResources.cpu' must reserve some CPU"),
                // found by numa-allocator's ConfigFuzzTest: 1e309 is Infinity to SnakeYAML, which BigDecimal refused with a trace
                Arguments.of("reservedResources", Map.of("cpu", Double.POSITIVE_INFINITY),
                        "'reservedResources.cpu' must be a finite CPU quantity; got Infinity"),
                Arguments.of("reservedResources", Map.of("cpu", Double.NaN),
                        "'reservedResources.cpu' must be a finite CPU quantity; got NaN"),
                Arguments.of("reservedResources", Map.of("cpu", new java.math.BigInteger("99999999999999999999")),
                        "'reservedResources.cpu' reserves more CPUs than any machine has (at most 1000000); got "
                                + "\"99999999999999999999\""),
                Arguments.of("reservedResources", Map.of("cpu", "1e3"), "'reservedResources.cpu' must be "),
                Arguments.of("reservedResources", Map.of("cpu", "cpuset:3-x"), "'reservedResources.cpu': bad CPU "
                        + "list in \"cpuset:3-x\""),
                Arguments.of("reservedResources", Map.of("memory", "1Gi"), "unknown key 'memory'; the topology-aware "
                        + "policy uses only cpu in reservedResources"),
                Arguments.of("reservedResources", "750m", "'reservedResources' must be a mapping such as {cpu: 750m}; "
                        + "got \"750m\""),
                Arguments.of("availableResources", Map.of("cpu", "750m"), "'availableResources.cpu' must be "
                        + "cpuset:<list>, exclude-cpuset:<list> (a quantity is only for reservedResources); got"),
                // found by numa-allocator's ConfigFuzzTest: an empty key reached the plugin as null and failed its start
                Arguments.of("availableResources", null, "'availableResources' must not be null; expected mapping"),
                Arguments.of("reservedResources", null, "'reservedResources' must not be null; expected mapping"),
                Arguments.of("reservedCPUs", "750m", "unknown key 'reservedCPUs'; known keys:"),
                Arguments.of("defaultCPUPriority", "urgent", "'defaultCPUPriority' must be one of high, normal, low, none"),
                Arguments.of("unlimitedBurstable", "core", "'unlimitedBurstable' must be one of system, package, die"),
                Arguments.of("pinCPU", "yes", "'pinCPU' must be a boolean"),
                Arguments.of("schedulingClasses", List.of(Map.of("name", "rt", "policy", "fifo", "priority", 0)),
                        "'schedulingClasses[0].priority' must be 1..99 for fifo; got 0"),
                // defaults are checked against the classes defined (none here)
                Arguments.of("namespaceSchedulingClasses", Map.of("media", "realtime"),
                        "'namespaceSchedulingClasses.media': unknown scheduling class \"realtime\"; defined: none"),
                Arguments.of("podQoSSchedulingClasses", Map.of("Burstable", "idle"),
                        "'podQoSSchedulingClasses.burstable': unknown scheduling class \"idle\""),
                Arguments.of("podQoSSchedulingClasses", List.of("idle"), "'podQoSSchedulingClasses' must be a mapping "
                        + "of QoS class to scheduling class name; got a list"),
                Arguments.of("availableCPUs", "cpuset:0-3", "unknown key 'availableCPUs'"),
                Arguments.of("cpuClasses", List.of(Map.of("name", "turbo")), "'sharedPoolCPUClass' is required when "
                        + "cpuClasses are defined: the class of the shared CPUs, which exclusive CPUs return to when "
                        + "released"),
                Arguments.of("sharedPoolCPUClass", "normal", "'sharedPoolCPUClass': unknown CPU class \"normal\"; "
                        + "defined: none (cpuClasses is empty)"),
                Arguments.of("cpuClasses", List.of(Map.of("name", "t", "minFreq", "3GHz", "maxFreq", "2.5GHz")),
                        "'cpuClasses[0].minFreq' (3000000 kHz) is above maxFreq (2500000 kHz)"),
                Arguments.of("cpuClasses", List.of(Map.of("name", "t", "minFreq", "turbo", "maxFreq", "base")),
                        "'cpuClasses[0].minFreq' (turbo) is above maxFreq (base)"),
                Arguments.of("cpuClasses", List.of(Map.of("name", "t", "maxFreq", "fast")), "'cpuClasses[0].maxFreq' "
                        + "must be a frequency such as 3.2GHz, 2900MHz, 2900000 (kHz), min, base or turbo; got \"fast\""),
                Arguments.of("cpuClasses", List.of(Map.of("name", "t", "uncoreMaxFreq", "turbo")),
                        "'cpuClasses[0].uncoreMaxFreq' must be a frequency (min, base and turbo are core frequencies)"),
                Arguments.of("cpuClasses", List.of(Map.of("name", "t", "energyPerformancePreference", 300)),
                        "'cpuClasses[0].energyPerformancePreference' must be a preference name (performance, "
                                + "balance_performance, balance_power, power, ...) or a number 0..255; got 300"),
                Arguments.of("cpuClasses", List.of(Map.of("name", "t", "pctPriority", "high")),
                        "'cpuClasses[0].pctPriority': Intel Priority Core Turbo (SST-CP) is not supported"),
                Arguments.of("cpuClasses", List.of(Map.of("name", "t", "disabledCstates", "C6")),
                        "'cpuClasses[0].disabledCstates' must be a list of idle state names such as [C6, C1E]; got \"C6\""),
                Arguments.of("cpuClasses", List.of(Map.of("name", "t"), Map.of("name", "t")),
                        "'cpuClasses[1].name': CPU class \"t\" is defined twice"),
                Arguments.of("cpuClasses", List.of(Map.of("name", "t", "minfreq", "3GHz")),
                        "unknown key 'minfreq' in a CPU class; known keys: disabledCstates, energyPerformancePreference, "
                                + "freqGovernor, maxFreq, minFreq, name, turboPriority, uncoreMaxFreq, uncoreMinFreq"));
    }

    static Stream<Arguments> cpuAmounts() {
        return Stream.of(
                Arguments.of("750m", "750m"), Arguments.of(2, "2000m"), Arguments.of(1.5, "1500m"),
                Arguments.of("1.5", "1500m"), Arguments.of("2250m", "2250m"), Arguments.of("0.0001", "1m"),
                Arguments.of(" cpuset:0-1 ", "cpuset:0-1"), Arguments.of("exclude-cpuset:4-7", "exclude-cpuset:4-7"));
    }

    /** The reference's forms of reservedResources.cpu: a quantity (normalised to milli-CPU) or a CPU set. */
    @ParameterizedTest(name = "reservedResources: '{cpu: {0}}'")
    @MethodSource("cpuAmounts")
    void reservedResourcesCpuForms(Object value, String normalised) {
        PluginConfig c = PluginConfig.of(factory.configKeys(), Map.of("reservedResources", Map.of("cpu", value)));

        assertThat(TopologyAwareSettings.from(c).reservedCpus()).isEqualTo(normalised);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badValues")
    void badValuesNameTheKey(String key, Object value, String message) {
        assertThatThrownBy(() -> factory.create(PluginConfig.of(factory.configKeys(),
                        java.util.Collections.singletonMap(key, value)),
                new io.numaagent.api.testing.RecordingPluginContext(TopologyAwarePluginFactory.NAME)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
