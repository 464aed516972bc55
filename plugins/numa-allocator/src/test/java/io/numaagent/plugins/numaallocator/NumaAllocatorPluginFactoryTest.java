package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NumaAllocatorPluginFactoryTest {

    private final NumaAllocatorPluginFactory factory = new NumaAllocatorPluginFactory();

    @Test
    void foundByServiceLoader() {
        assertThat(ServiceLoader.load(PluginFactory.class).stream().map(ServiceLoader.Provider::get)
                .map(PluginFactory::name)).contains("numa-allocator");
    }

    @Test
    void everyKeyHasItsWcaDefaultAndDocumentation() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (ConfigKey<?> k : factory.configKeys()) {
            defaults.put(k.name(), k.defaultValue());
            assertThat(k.description()).as(k.name()).hasSizeGreaterThan(30);
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("algorithm", "fill_biggest_first");
        expected.put("loop_min_task_balance", 0.0);
        expected.put("free_space_check", false);
        expected.put("migrate_pages", true);
        expected.put("migrate_pages_min_task_balance", 0.95);
        expected.put("cgroups_memory_binding", false);
        expected.put("cgroups_memory_migrate", false);
        expected.put("dryrun", false);
        expected.put("max_pins_per_cycle", 1);
        expected.put("migration", "move_pages");
        expected.put("migrate_with_swap", false);
        expected.put("numa_balancing", "keep");
        expected.put("rebalance", false);
        expected.put("rebalance_hold_off", Duration.ofMinutes(5));
        assertThat(defaults).containsExactlyEntriesOf(expected);
        assertThat(NumaAllocatorPluginFactory.MIGRATE_PAGES_MIN_TASK_BALANCE.isNullable()).isTrue();
    }

    @Test
    void acceptsWcaSpellings() {
        PluginConfig c = PluginConfig.of(factory.configKeys(),
                Map.of("algorithm", "minimize_migrations", "loop_min_task_balance", 0));
        assertThat(AllocatorSettings.from(c).minimizeMigration()).isTrue();
        assertThat(AllocatorSettings.from(c).loopMinTaskBalance()).isEqualTo(0.0);
        Map<String, Object> nullThreshold = new HashMap<>();
        nullThreshold.put("migrate_pages_min_task_balance", null);
        assertThat(AllocatorSettings.from(PluginConfig.of(factory.configKeys(), nullThreshold))
                .migratePagesMinTaskBalance()).isNull();
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("algorithm", "biggest", "'algorithm' must be one of fill_biggest_first, minimize_migration"),
                Arguments.of("loop_min_task_balance", 1.5, "'loop_min_task_balance' = 1.5 is out of range"),
                Arguments.of("max_pins_per_cycle", 0, "'max_pins_per_cycle' = 0 is out of range"),
                Arguments.of("migration", "memcpy", "'migration' must be one of move_pages, migrate_pages"),
                Arguments.of("numa_balancing", "off", "'numa_balancing' must be one of keep, disable, enable"),
                Arguments.of("dryrun", "yes", "'dryrun' must be a boolean"),
                Arguments.of("free_space", true, "unknown key 'free_space'"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badValuesNameTheKey(String key, Object value, String message) {
        assertThatThrownBy(() -> PluginConfig.of(factory.configKeys(), Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo(key);
    }

    @Test
    void keysAreListedInDeclarationOrder() {
        List<String> names = factory.configKeys().stream().map(ConfigKey::name).toList();
        assertThat(names).startsWith("algorithm", "loop_min_task_balance", "free_space_check", "migrate_pages");
        assertThat(factory.name()).isEqualTo(NumaAllocatorPluginFactory.NAME);
    }
}
