package io.numaagent.benchmarks;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.Metrics;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.plugins.numaallocator.NumaAllocatorPluginFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One {@code decide()} cycle of the numa-allocator on a two-socket, eight-node machine (16 CPUs and 256 GB
 * per node) with 10,000 tasks: 70 % pinned to one node with 90-100 % of their memory there, 30 % unpinned
 * with their memory spread over two or three nodes; tasks ask for 64 MB to 2 GB. Metrics go to an in-memory
 * map (as cheap as a real registry's series update, without the export), logging is discarded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NumaAllocatorBenchmark {

    static final int NODES = 8;
    static final int CPUS_PER_NODE = 16;
    static final long NODE_BYTES = 256L << 30;
    static final int TASKS = 10_000;

    @Param({"fill_biggest_first", "minimize_migration"})
    public String algorithm;

    /** {@code map}: series kept in concurrent maps, as a registry would; {@code none}: instruments do nothing. */
    @Param({"map", "none"})
    public String metrics;

    private Plugin plugin;
    private Snapshot snapshot;

    @Setup
    public void setUp() {
        NumaAllocatorPluginFactory factory = new NumaAllocatorPluginFactory();
        plugin = factory.create(PluginConfig.of(factory.configKeys(), Map.of("algorithm", algorithm)), new Context("map".equals(metrics)));
        snapshot = machine(new SplittableRandom(7));
    }

    @Benchmark
    public List<Decision> decideCycle() {
        return plugin.decide(snapshot);
    }

    static Snapshot machine(SplittableRandom random) {
        List<Cpu> cpus = new ArrayList<>();
        long[] used = new long[NODES];
        List<Task> tasks = new ArrayList<>(TASKS);
        CpuSet all = CpuSet.range(0, NODES * CPUS_PER_NODE - 1);
        for (int i = 0; i < TASKS; i++) {
            long memory = (64L << 20) + random.nextLong(2L << 30);
            Map<Integer, Long> perNode = new TreeMap<>();
            CpuSet taskCpus;
            if (random.nextInt(10) < 7) {
                int home = random.nextInt(NODES);
                long local = (long) (memory * (0.9 + random.nextDouble() * 0.1)) & ~4095L;
                perNode.put(home, local);
                perNode.put((home + 1) % NODES, (memory - local) & ~4095L);
                taskCpus = nodeCpus(home);
            } else {
                int spread = 2 + random.nextInt(2);
                int first = random.nextInt(NODES);
                for (int k = 0; k < spread; k++) {
                    perNode.merge((first + k * 3) % NODES, (memory / spread) & ~4095L, Long::sum);
                }
                taskCpus = all;
            }
            perNode.forEach((n, b) -> used[n] += b);
            TaskMeasurements m = new TaskMeasurements(perNode, memory * 8 / 10, -1, memory, 0, taskCpus, NodeSet.EMPTY,
                    taskCpus, NodeSet.EMPTY, false);
            String id = "/kubepods.slice/pod" + i;
            tasks.add(new Task(id, "pod" + i, id, List.of(), List.of(10_000 + i), Map.of(), Map.of(),
                    new Resources(500, 1000, memory, memory), QosClass.BURSTABLE, m));
        }
        List<NumaNode> nodes = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            List<Integer> distances = new ArrayList<>();
            for (int o = 0; o < NODES; o++) {
                distances.add(o == n ? 10 : o / 4 == n / 4 ? 12 : 32);
            }
            long u = Math.min(NODE_BYTES, used[n] + (4L << 30));
            nodes.add(new NumaNode(n, nodeCpus(n), NODE_BYTES, NODE_BYTES - u, u, distances, 0));
            for (int c : nodeCpus(n).toArray()) {
                cpus.add(new Cpu(c, n / 4, 0, c, n, CpuSet.of(c), true, false));
            }
        }
        Platform platform = new Platform(2, 2, cpus.size(), cpus, all, CpuSet.EMPTY, nodes, 4096, Platform.CGROUP_V2);
        return new Snapshot(1, Instant.parse("2026-01-01T00:00:00Z"), platform,
                new KernelState(0, false, Map.of(), Map.of()), tasks, List.of(), List.of());
    }

    static CpuSet nodeCpus(int node) {
        return CpuSet.range(node * CPUS_PER_NODE, node * CPUS_PER_NODE + CPUS_PER_NODE - 1);
    }

    /** A context whose metrics keep series in maps and whose logger discards everything. */
    static final class Context implements PluginContext {
        private final Metrics metrics;
        private final String name;

        Context(boolean keepSeries) {
            this(keepSeries, NumaAllocatorPluginFactory.NAME);
        }

        /** A context for the plugin instance {@code name}. */
        Context(boolean keepSeries, String name) {
            metrics = keepSeries ? new MapMetrics() : new NoMetrics();
            this.name = name;
        }

        @Override
        public String instanceName() {
            return name;
        }

        @Override
        public Clock clock() {
            return Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        }

        @Override
        public PluginLogger log() {
            return new PluginLogger() {
                @Override
                public void debug(String format, Object... args) {
                }

                @Override
                public void info(String format, Object... args) {
                }

                @Override
                public void warn(String format, Object... args) {
                }

                @Override
                public void error(String format, Object... args) {
                }
            };
        }

        @Override
        public Metrics metrics() {
            return metrics;
        }

        @Override
        public Path stateDirectory() {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
    }

    static final class NoMetrics implements Metrics {
        @Override
        public Gauge gauge(String name, String help, List<String> labelNames) {
            return new Gauge() {
                @Override
                public void set(double value, String... labelValues) {
                }

                @Override
                public void remove(String... labelValues) {
                }

                @Override
                public void clear() {
                }
            };
        }

        @Override
        public Counter counter(String name, String help, List<String> labelNames) {
            return (amount, labelValues) -> {
            };
        }

        @Override
        public Histogram histogram(String name, String help, List<String> labelNames, List<Double> buckets) {
            return (value, labelValues) -> {
            };
        }
    }

    static final class MapMetrics implements Metrics {
        @Override
        public Gauge gauge(String name, String help, List<String> labelNames) {
            Map<List<String>, Double> series = new ConcurrentHashMap<>();
            return new Gauge() {
                @Override
                public void set(double value, String... labelValues) {
                    series.put(List.of(labelValues), value);
                }

                @Override
                public void remove(String... labelValues) {
                    series.remove(List.of(labelValues));
                }

                @Override
                public void clear() {
                    series.clear();
                }
            };
        }

        @Override
        public Counter counter(String name, String help, List<String> labelNames) {
            Map<List<String>, Double> series = new ConcurrentHashMap<>();
            return (amount, labelValues) -> series.merge(List.of(labelValues), amount, Double::sum);
        }

        @Override
        public Histogram histogram(String name, String help, List<String> labelNames, List<Double> buckets) {
            return (value, labelValues) -> {
            };
        }
    }
}
