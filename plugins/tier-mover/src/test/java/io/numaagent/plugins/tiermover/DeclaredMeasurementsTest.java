package io.numaagent.plugins.tiermover;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.DeclaredMeasurements;
import io.numaagent.api.testing.RecordingPluginContext;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.tracking.AccessCounters;
import io.numaagent.api.tracking.RangeCounter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The tier-mover's {@link Plugin#measurements()} against what it reads, on cxlTwoMemoryOnlyNodes with
 * the heat policy over /batch/a (2 GiB in use) and /batch/b (1 MiB): it decides the same when the
 * snapshots hold only the declared kinds, and the usage it declares is what a {@code minvmrsskb}
 * filter reads.
 */
class DeclaredMeasurementsTest {

    static final long PS = 4096;
    static final long BASE = 0x7f0000000000L;

    /** The heat policy over both tasks; {@code FILTER} is the pid watcher's filter list. */
    static final String HEAT = """
            policy:
              name: heat
              config: |
                intervalms: 1000
                pidwatcher:
                  name: filter
                  config: |
                    source:
                      name: cgroups
                      config: |
                        cgroups: [/sys/fs/cgroup/batch/a, /sys/fs/cgroup/batch/b]
                    filters: FILTER
                tracker:
                  name: idlepage
                  config: |
                    pagesinregion: 512
                    scanintervalms: 1000
                heatmap: {heatmax: 0.01, heatretention: 0, heatclasses: 2}
                heatnumas: {0: [3], 1: [0]}
            """;

    @TempDir
    Path state;

    private Supplier<Plugin> fresh(String filters) {
        return () -> {
            TierMoverPluginFactory factory = new TierMoverPluginFactory();
            Map<String, Object> raw = new Yaml().load(HEAT.replace("FILTER", filters));
            return factory.create(PluginConfig.of(factory.configKeys(), raw),
                    new RecordingPluginContext("tier-mover", state.resolve("s" + System.nanoTime())));
        };
    }

    /** Four cycles a second apart: each task has a cold 512-page range on node 0 and a hot one. */
    static List<Snapshot> cycles() {
        TestMachine m = TestMachine.cxlTwoMemoryOnlyNodes();
        m.task("/batch/a").pids(101).memoryCurrent(2L << 30).memoryPeak(3L << 30).memoryMax(4L << 30)
                .cpuUsageNanos(7_000_000).anon(Map.of(0, 2L << 30)).cpuset("0-3", "0");
        m.task("/batch/b").pids(201).memoryCurrent(1L << 20).memoryPeak(2L << 20).cpuUsageNanos(9_000_000)
                .anon(Map.of(0, 1L << 20));
        return Stream.of(10_000L, 11_000L, 12_000L, 13_000L).map(ms -> m.snapshot(ms / 1000, Instant.ofEpochMilli(ms),
                List.of(), List.of()).withAccessCounters(List.of(counters("/batch/a", 101, ms),
                counters("/batch/b", 201, ms)))).toList();
    }

    private static AccessCounters counters(String task, int pid, long ms) {
        return new AccessCounters("tier-mover", task, pid, ms - 1000, ms, 1, List.of(
                new RangeCounter(BASE, 512, 6, 0, 0, ms - 1000, 0),
                new RangeCounter(BASE + 512 * PS, 512, 0, 0, 0, ms - 1000, 0)));
    }

    @Test
    void declaresUsageAndCpusets() {
        assertThat(DeclaredMeasurements.declared(fresh("[]")))
                .containsExactlyInAnyOrder(Measurement.MEMORY_USAGE, Measurement.CPUSETS);
    }

    @Test
    void cxlTwoMemoryOnlyNodesDecidesTheSameOnTheDeclaredKindsAlone() {
        for (String filters : List.of("[]", "[{minvmrsskb: 1048576}]")) {
            Supplier<Plugin> fresh = fresh(filters);
            List<List<Decision>> everything = DeclaredMeasurements.decisions(fresh, cycles(), Measurement.all());
            assertThat(everything.get(0)).as("filters %s decide something", filters).isNotEmpty();
            assertThat(DeclaredMeasurements.decisions(fresh, cycles(), DeclaredMeasurements.declared(fresh)))
                    .as("filters %s", filters).isEqualTo(everything);
        }
    }

    @Test
    void cxlTwoMemoryOnlyNodesMinimumRssReadsTheDeclaredUsage() {
        Supplier<Plugin> fresh = fresh("[{minvmrsskb: 1048576}]");
        var declared = DeclaredMeasurements.declared(fresh);
        assertThat(DeclaredMeasurements.decisions(fresh, cycles(),
                DeclaredMeasurements.without(declared, Measurement.MEMORY_USAGE)))
                .isNotEqualTo(DeclaredMeasurements.decisions(fresh, cycles(), declared));
    }
}
