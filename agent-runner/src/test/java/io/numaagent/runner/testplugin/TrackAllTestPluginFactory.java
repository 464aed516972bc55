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
 * softdirty | damon}, scanning every 100 ms) and asks for every task to be tracked; decides nothing. Packed
 * into its own JAR by the tests, like {@link PinAllTestPluginFactory}.
 */
public final class TrackAllTestPluginFactory implements PluginFactory {

    public static final String NAME = "track-all-test";
    static final ConfigKey<String> TRACKER = ConfigKey.string("tracker", "softdirty", "idlepage, softdirty or damon");

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
        return List.of(TRACKER);
    }

    static TrackerSpec spec(String kind) {
        return switch (kind) {
            case "idlepage" -> new TrackerSpec.IdlePage(512, 0, 100, 0, 0, 0, 0);
            case "damon" -> new TrackerSpec.Damon(5000, 100_000, 1_000_000, 10, 1000, -1, List.of(0), 1, false, false);
            default -> new TrackerSpec.SoftDirty(512, 0, 100, 0, 0, 0);
        };
    }

    @Override
    public Plugin create(PluginConfig config, PluginContext context) {
        TrackerSpec spec = spec(config.get(TRACKER));
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
