package io.numaagent.plugins.tiermover;

import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import java.util.List;

/**
 * Factory of the {@code tier-mover} plugin. This release ships the module as a drop-in JAR that loads
 * and runs in observe-only mode: it makes no decisions yet (its placement logic is a later issue).
 * It logs once at start so that a config naming it is not silently inert.
 */
public final class TierMoverPluginFactory implements PluginFactory {

    public static final String NAME = "tier-mover";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "observe-only in this release: loads, validates its config, makes no decisions";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of();
    }

    @Override
    public Plugin create(PluginConfig config, PluginContext context) {
        context.log().warn("{} is observe-only in this release and makes no decisions", NAME);
        return snapshot -> List.of();
    }
}
