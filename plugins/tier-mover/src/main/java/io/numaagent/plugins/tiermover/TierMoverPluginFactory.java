package io.numaagent.plugins.tiermover;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.plugins.tiermover.config.PolicyReader;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import java.util.List;
import java.util.Map;

/**
 * Factory of the {@code tier-mover} plugin: memtierd's policies (age, heat, ratio, demote-idle,
 * avoid-oom) over the runner's page-access trackers, configured with memtierd's own policy config.
 */
public final class TierMoverPluginFactory implements PluginFactory {

    public static final String NAME = "tier-mover";

    /** memtierd's {@code policy: {name, config}}, pasted as is. */
    public static final ConfigKey<PolicySettings> POLICY = ConfigKey.tree("policy", PolicySettings.class,
            "memtierd policy: {name, config}", PolicyReader::read,
            "memtierd's policy config as is: name (age, heat, ratio, demote-idle, avoid-oom) and config (a mapping, "
                    + "or a string of JSON or YAML as memtierd nests it); keys case-insensitive");

    /** memtierd's {@code routines:}, refused with a reason, so that a pasted memtierd file says what to drop. */
    public static final ConfigKey<Object> ROUTINES = ConfigKey.tree("routines", Object.class, "memtierd routines (not supported)",
            v -> {
                if (v instanceof List<?> l && l.isEmpty()) {
                    return v;
                }
                throw new ConfigException("routines", "memtierd routines (statactions) run commands, which a plugin does "
                        + "not do; remove them (numa-agent's metrics and `numa-agent snapshot` report the statistics)");
            }, "memtierd's routines: not supported (they run commands); only an empty list is accepted");

    public static final ConfigKey<Boolean> HEATMAP_DUMP = ConfigKey.bool("heatmap_dump", true,
            "heat policy: write memtierd's `policy -dump heatmap` output to heatmap.txt in the plugin's state "
                    + "directory after each round");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "memtierd's memory tiering policies (age, heat, ratio, demote-idle, avoid-oom) over page-access trackers";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(POLICY, ROUTINES, HEATMAP_DUMP);
    }

    @Override
    public Plugin create(PluginConfig config, PluginContext context) {
        PolicySettings policy = config.get(POLICY);
        if (policy == null) {
            throw new ConfigException("policy", "'policy' is required: memtierd's policy: {name: age|heat|ratio|"
                    + "demote-idle|avoid-oom, config: ...}");
        }
        return new TierMoverPlugin(policy, context, config.get(HEATMAP_DUMP));
    }

    /** Reads a policy the way the config loader does, for tests and tools: {@code policy} as parsed YAML. */
    public static PolicySettings readPolicy(Map<String, Object> policy) {
        return PolicyReader.read(policy);
    }
}
