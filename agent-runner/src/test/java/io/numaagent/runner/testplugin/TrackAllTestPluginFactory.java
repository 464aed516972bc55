package io.numaagent.runner.testplugin;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.api.tracking.TrackingRequest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A third-party-style plugin for the tracking tests: declares one tracker ({@code tracker: idlepage |
 * softdirty | damon}, idlepage/softdirty scanning every {@code scan_ms}, default 100 ms) and asks for every task to be tracked; decides nothing. Packed
 * into its own JAR by the tests, like {@link PinAllTestPluginFactory}.
 */
public final class TrackAllTestPluginFactory implements PluginFactory {

    public static final String NAME = "track-all-test";
    static final ConfigKey<String> TRACKER = ConfigKey.string("tracker", "softdirty", "idlepage, softdirty or damon");
    static final ConfigKey<Integer> SCAN_MS = ConfigKey.integer("scan_ms", 100, 1, 3_600_000, "idlepage/softdirty scan interval");
    static final ConfigKey<Integer> REGIONS_UPDATE_MS = ConfigKey.integer("regions_update_ms", 0, 0, 3_600_000,
            "idlepage/softdirty regions re-read interval (0: before every scan)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test plugin: tracks the pages of every task";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(TRACKER, SCAN_MS, REGIONS_UPDATE_MS);
    }

    static TrackerSpec spec(String kind, int scanMs, int regionsMs) {
        return switch (kind) {
            case "idlepage" -> new TrackerSpec.IdlePage(512, 0, scanMs, regionsMs, 0, 0, 0);
            case "damon" -> new TrackerSpec.Damon(5000, 100_000, 1_000_000, 10, 1000, -1, List.of(0), 1, false, false);
            default -> new TrackerSpec.SoftDirty(512, 0, scanMs, regionsMs, 0, 0);
        };
    }

    @Override
    public Plugin create(PluginConfig config, PluginContext context) {
        TrackerSpec spec = spec(config.get(TRACKER), config.get(SCAN_MS), config.get(REGIONS_UPDATE_MS));
        return new Plugin() {
            @Override
            public List<Decision> decide(Snapshot snapshot) {
                return List.of();
            }

            @Override
            public Optional<TrackerSpec> tracker() {
                return Optional.of(spec);
            }

            @Override
            public Optional<TrackingRequest> tracking(Snapshot snapshot) {
                return Optional.of(new TrackingRequest(spec,
                        snapshot.tasks().stream().map(Task::id).collect(Collectors.toSet())));
            }
        };
    }
}
