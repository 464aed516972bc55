package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginFactory;
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
        expected.put("availableCPUs", "");
        expected.put("reservedCPUs", "750m");
        expected.put("defaultCPUPriority", "none");
        expected.put("unlimitedBurstable", "package");
        assertThat(defaults).containsExactlyEntriesOf(expected);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("reservedCPUs", "", "'reservedCPUs' must not be empty: cannot start without CPU reservation"),
                Arguments.of("reservedCPUs", "0.75", "'reservedCPUs' must be cpuset:<list>, exclude-cpuset:<list> or a CPU quantity"),
                Arguments.of("availableCPUs", "750m", "'availableCPUs' must be cpuset:<list>, exclude-cpuset:<list>; got"),
                Arguments.of("defaultCPUPriority", "urgent", "'defaultCPUPriority' must be one of high, normal, low, none"),
                Arguments.of("unlimitedBurstable", "core", "'unlimitedBurstable' must be one of system, package, die"),
                Arguments.of("pinCPU", "yes", "'pinCPU' must be a boolean"),
                Arguments.of("reservedResources", "750m", "unknown key 'reservedResources'"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badValues")
    void badValuesNameTheKey(String key, Object value, String message) {
        assertThatThrownBy(() -> factory.create(PluginConfig.of(factory.configKeys(), Map.of(key, value)),
                new io.numaagent.api.testing.RecordingPluginContext(TopologyAwarePluginFactory.NAME)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
