package io.numaagent.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigKeyTest {

    static final ConfigKey<String> ALGORITHM = ConfigKey.choice("algorithm", "fill_biggest_first",
            List.of("fill_biggest_first", "minimize_migration"), "doc").withAlias("minimize_migrations", "minimize_migration");
    static final ConfigKey<Double> BALANCE = ConfigKey.decimal("migrate_pages_min_task_balance", 0.95, 0.0, 1.0, "doc").nullable();
    static final ConfigKey<Boolean> DRYRUN = ConfigKey.bool("dryrun", false, "doc");
    static final ConfigKey<Integer> PINS = ConfigKey.integer("max_pins_per_cycle", 1, 1, 1000, "doc");
    static final ConfigKey<Long> BANDWIDTH = ConfigKey.size("bandwidth", 0, 0, Long.MAX_VALUE, "doc");
    static final ConfigKey<Duration> INTERVAL = ConfigKey.duration("interval", Duration.ofSeconds(5), Duration.ofMillis(100),
            Duration.ofHours(1), "doc");
    static final List<ConfigKey<?>> KEYS = List.of(ALGORITHM, BALANCE, DRYRUN, PINS, BANDWIDTH, INTERVAL);

    static Stream<Arguments> goodValues() {
        return Stream.of(
                Arguments.of(ALGORITHM, "minimize_migration", "minimize_migration"),
                Arguments.of(ALGORITHM, "minimize_migrations", "minimize_migration"),
                Arguments.of(BALANCE, 0, 0.0),
                Arguments.of(BALANCE, 0.5, 0.5),
                Arguments.of(BALANCE, null, null),
                Arguments.of(DRYRUN, true, true),
                Arguments.of(PINS, 3, 3),
                Arguments.of(BANDWIDTH, "512Mi", 512L << 20),
                Arguments.of(BANDWIDTH, "2G", 2_000_000_000L),
                Arguments.of(BANDWIDTH, 4096, 4096L),
                Arguments.of(INTERVAL, "500ms", Duration.ofMillis(500)),
                Arguments.of(INTERVAL, "1.5m", Duration.ofSeconds(90)),
                Arguments.of(INTERVAL, 10, Duration.ofSeconds(10)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("goodValues")
    void convertsGoodValues(ConfigKey<?> key, Object raw, Object expected) {
        assertThat((Object) key.convert(raw)).isEqualTo(expected);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(ALGORITHM, "random", "'algorithm' must be one of fill_biggest_first, minimize_migration; got \"random\""),
                Arguments.of(BALANCE, 1.5, "'migrate_pages_min_task_balance' = 1.5 is out of range [0.0, 1.0]"),
                Arguments.of(BALANCE, "high", "'migrate_pages_min_task_balance' must be a number; got \"high\""),
                Arguments.of(DRYRUN, "yes", "'dryrun' must be a boolean (true or false); got \"yes\""),
                Arguments.of(DRYRUN, null, "'dryrun' must not be null; expected boolean"),
                Arguments.of(PINS, 0, "'max_pins_per_cycle' = 0 is out of range [1, 1000]"),
                Arguments.of(PINS, 1.5, "'max_pins_per_cycle' must be an integer; got 1.5 (double)"),
                Arguments.of(BANDWIDTH, "lots", "'bandwidth' must be a size like 512Mi or 2G; got \"lots\""),
                // found by config fuzzing: digits beyond a long escaped as a NumberFormatException
                Arguments.of(BANDWIDTH, "9".repeat(60), "'bandwidth' is too large: \"" + "9".repeat(40) + "... (60 characters)\""),
                Arguments.of(BANDWIDTH, "99999999999999999999Gi", "'bandwidth' is too large: \"99999999999999999999Gi\""),
                Arguments.of(INTERVAL, "10ms", "'interval' = 10ms is out of range [100ms, 3600s]"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void rejectsBadValuesNamingTheKey(ConfigKey<?> key, Object raw, String message) {
        assertThatThrownBy(() -> key.convert(raw)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e).hasMessage(message);
            assertThat(e.key()).isEqualTo(key.name());
        });
    }

    @Test
    void pluginConfigFillsDefaultsAndRejectsUnknownKeys() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("dryrun", true);
        raw.put("migrate_pages_min_task_balance", null);
        PluginConfig c = PluginConfig.of(KEYS, raw);
        assertThat(c.get(DRYRUN)).isTrue();
        assertThat(c.get(BALANCE)).isNull();
        assertThat(c.get(ALGORITHM)).isEqualTo("fill_biggest_first");
        assertThat(c.get(INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(PluginConfig.defaults(KEYS).get(BALANCE)).isEqualTo(0.95);

        assertThatThrownBy(() -> PluginConfig.of(KEYS, Map.of("dry_run", true)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown key 'dry_run'; known keys: algorithm, migrate_pages_min_task_balance, dryrun, "
                        + "max_pins_per_cycle, bandwidth, interval");
    }

    static Stream<Arguments> treeValues() {
        return Stream.of(
                Arguments.of(Map.of("name", "heat"), "mapping of 1"),
                Arguments.of("{\"IntervalMs\": 4000}", "string of 20"),
                Arguments.of(List.of(1, 2), "list of 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("treeValues")
    void treeKeyHandsNestedValuesToTheReaderAndDefaultsToNull(Object raw, String read) {
        ConfigKey<String> policy = ConfigKey.tree("policy", String.class, "policy: {name, config}",
                v -> v instanceof Map<?, ?> m ? "mapping of " + m.size() : v instanceof List<?> l ? "list of " + l.size()
                        : "string of " + ((String) v).length(), "doc");

        assertThat(policy.convert(raw)).isEqualTo(read);
        assertThat(policy.convert(null)).isNull();
        assertThat(PluginConfig.defaults(List.of(policy)).get(policy)).isNull();
        assertThat(policy.typeName()).isEqualTo("policy: {name, config}");
    }

    @Test
    void treeKeyReaderErrorsKeepTheirNestedKeyPath() {
        ConfigKey<Integer> policy = ConfigKey.tree("policy", Integer.class, "policy", v -> {
            throw new ConfigException("policy.config.intervalms", "'intervalms' must be > 0");
        }, "doc");

        assertThatThrownBy(() -> PluginConfig.of(List.of(policy), Map.of("policy", Map.of())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("policy.config.intervalms"));
    }

    /** Regression: a tree key with a default handed an explicit null to the plugin, which then failed to start. */
    @Test
    void treeKeyWithDefaultRefusesAnEmptyValueAtTheKey() {
        ConfigKey<String> available = ConfigKey.tree("availableResources", String.class, "mapping {cpu: ...}",
                v -> "read", "doc").withDefault("all");
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("availableResources", null);

        assertThat(PluginConfig.defaults(List.of(available)).get(available)).isEqualTo("all");
        assertThatThrownBy(() -> PluginConfig.of(List.of(available), raw))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("availableResources"))
                .hasMessage("'availableResources' must not be null; expected mapping {cpu: ...}");
        assertThat(available.withDefault("all").nullable().convert(null)).isNull();
    }
}
