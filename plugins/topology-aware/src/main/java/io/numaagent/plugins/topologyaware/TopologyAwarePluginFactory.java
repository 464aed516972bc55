package io.numaagent.plugins.topologyaware;

import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import java.util.List;

/**
 * Factory of the {@code topology-aware} plugin: the cri-resource-manager / nri-plugins topology-aware
 * policy (pool tree, exclusive/shared/isolated/reserved CPUs, memory zones by kind) as pure decision
 * logic. See the module README for every key.
 */
public final class TopologyAwarePluginFactory implements PluginFactory {

    public static final String NAME = "topology-aware";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "places containers into a tree of CPU and memory pools (nri-plugins topology-aware policy)";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return TopologyAwareSettings.KEYS;
    }

    @Override
    public Plugin create(PluginConfig config, PluginContext context) {
        return new TopologyAwarePlugin(TopologyAwareSettings.from(config), context);
    }
}
