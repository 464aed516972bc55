package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.RecordingLogger;
import io.numaagent.api.testing.RecordingPluginContext;
import io.numaagent.api.testing.TestMachine;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TopologyAwarePluginFactoryTest {

    @Test
    void serviceLoaderFindsTheFactoryByName() {
        List<String> names = ServiceLoader.load(PluginFactory.class).stream().map(p -> p.get().name()).toList();
        assertThat(names).containsExactly("topology-aware");
    }

    @Test
    void twoNodeObserveOnlyMakesNoDecisionsAndSaysSoOnce() {
        RecordingPluginContext context = new RecordingPluginContext("topology-aware");
        PluginFactory f = new TopologyAwarePluginFactory();
        var plugin = f.create(PluginConfig.defaults(f.configKeys()), context);
        Snapshot s = TestMachine.shape(1, 2, 2, 1, 0).numaBalancing(1).snapshot(1, Instant.EPOCH);

        assertThat(plugin.decide(s)).isEmpty();
        assertThat(plugin.decide(s)).isEmpty();
        assertThat(context.log().lines()).containsExactly(new RecordingLogger.Line("warn",
                "topology-aware is observe-only in this release and makes no decisions"));
        assertThat(f.configKeys()).isEmpty();
    }
}
