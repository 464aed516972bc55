package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.plugin.Metrics;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.Snapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        List<String> warnings = new ArrayList<>();
        PluginFactory f = new TopologyAwarePluginFactory();
        var plugin = f.create(PluginConfig.defaults(f.configKeys()), context(warnings));
        NumaNode n0 = new NumaNode(0, CpuSet.parse("0-1"), 1L << 30, 1L << 29, 1L << 29, List.of(10, 21), -1);
        NumaNode n1 = new NumaNode(1, CpuSet.parse("2-3"), 1L << 30, 1L << 29, 1L << 29, List.of(21, 10), -1);
        Snapshot s = new Snapshot(1, Instant.EPOCH, new Platform(1, 1, 4, List.of(), CpuSet.parse("0-3"), CpuSet.EMPTY,
                List.of(n0, n1)), new KernelState(1, false, Map.of(), Map.of()), List.of(), List.of(), List.of());

        assertThat(plugin.decide(s)).isEmpty();
        assertThat(plugin.decide(s)).isEmpty();
        assertThat(warnings).containsExactly("{} is observe-only in this release and makes no decisions");
        assertThat(f.configKeys()).isEmpty();
    }

    private static PluginContext context(List<String> warnings) {
        return new PluginContext() {
            public String instanceName() {
                return "topology-aware";
            }

            public Clock clock() {
                return Clock.systemUTC();
            }

            public PluginLogger log() {
                return new PluginLogger() {
                    public void debug(String format, Object... args) {
                    }

                    public void info(String format, Object... args) {
                    }

                    public void warn(String format, Object... args) {
                        warnings.add(format);
                    }

                    public void error(String format, Object... args) {
                    }
                };
            }

            public Metrics metrics() {
                return null;
            }

            public Path stateDirectory() {
                return null;
            }
        };
    }
}
