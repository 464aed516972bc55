package io.numaagent.benchmarks;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.api.tracking.AccessCounters;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.TierMoverPluginFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * One tier-mover {@code decide()} that runs a heat policy round over 100,000 address ranges: 10 processes
 * of 10,000 idlepage regions (512 pages, 2 MiB) each, on a machine with DRAM nodes 0 and 1 and CPU-less
 * nodes 2 and 3. Each call is a new round (the snapshot is 4 s later): the counters are added up, the
 * heatmap updated, and ranges placed with fill-fast-free ({@code heatnumas {0: [2, 3], 3: [0, 1]},
 * numasize {2: 10G}}). Accesses per range are random (a quarter of the ranges accessed). Scenario
 * {@code settled}: every range already is on a node of its class (the usual round, nothing to move);
 * {@code moving}: nodes are random and stay so, so every round moves about half of the ranges again
 * (the worst case).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HeatPolicyBenchmark {

    static final int PROCESSES = 10;
    static final int RANGES_PER_PROCESS = 10_000;
    static final long PAGES = 512;
    static final long PAGE_SIZE = 4096;

    @Param({"settled", "moving"})
    public String scenario = "settled";

    private Plugin plugin;
    private Platform platform;
    private KernelState kernel;
    private List<Task> tasks;
    private List<List<RangeCounter>> ranges;
    private long sequence;

    @Setup
    public void setUp() {
        TierMoverPluginFactory factory = new TierMoverPluginFactory();
        Map<String, Object> policy = Map.of("name", "heat", "config", Map.of(
                "intervalms", 4000,
                "pidwatcher", Map.of("name", "proc"),
                "tracker", Map.of("name", "idlepage"),
                "heatmap", Map.of("heatmax", 0.01, "heatretention", 0.8, "heatclasses", 4),
                "heatnumas", Map.of("0", List.of(2, 3), "3", List.of(0, 1)),
                "numasize", Map.of("2", "10G")));
        plugin = factory.create(PluginConfig.of(factory.configKeys(), Map.of("policy", policy, "heatmap_dump", false)),
                new NumaAllocatorBenchmark.Context(true, TierMoverPluginFactory.NAME));
        List<NumaNode> nodes = new ArrayList<>();
        List<Cpu> cpus = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            List<Integer> distances = List.of(n == 0 ? 10 : 21, n == 1 ? 10 : 21, n == 2 ? 10 : 24, n == 3 ? 10 : 24);
            CpuSet nodeCpus = n < 2 ? CpuSet.range(n * 8, n * 8 + 7) : CpuSet.EMPTY;
            nodes.add(new NumaNode(n, nodeCpus, 64L << 30, 32L << 30, 32L << 30, distances, n < 2 ? 4 : 22));
        }
        for (int c = 0; c < 16; c++) {
            cpus.add(new Cpu(c, c / 8, 0, c % 8, c / 8, CpuSet.of(c), true, false));
        }
        platform = new Platform(2, 2, 16, cpus, CpuSet.range(0, 15), CpuSet.EMPTY, nodes, PAGE_SIZE, Platform.CGROUP_V2);
        kernel = new KernelState(0, true, Map.of(), Map.of());
        SplittableRandom random = new SplittableRandom(7);
        tasks = new ArrayList<>();
        ranges = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            int pid = 1000 + p;
            String id = "/batch/w" + p;
            tasks.add(new Task(id, "w" + p, id, List.of(), List.of(pid), Map.of(), Map.of(), Resources.NONE,
                    QosClass.UNKNOWN, TaskMeasurements.NONE));
            List<RangeCounter> process = new ArrayList<>(RANGES_PER_PROCESS);
            for (int r = 0; r < RANGES_PER_PROCESS; r++) {
                long accesses = random.nextInt(4) == 0 ? 1 + random.nextInt(8) : 0;
                // settled: idle ranges (class 0) on CPU-less 2 or 3, busy ones (3+ accesses: class 3) on DRAM 0 or 1
                int node = !"settled".equals(scenario) ? random.nextInt(4)
                        : accesses == 0 ? 2 + random.nextInt(2) : accesses >= 3 ? random.nextInt(2) : random.nextInt(4);
                process.add(new RangeCounter(0x7f0000000000L + r * PAGES * PAGE_SIZE, PAGES, accesses, 0, 0, 0, node));
            }
            ranges.add(List.copyOf(process));
        }
        plugin.decide(snapshot());
    }

    /** The next round's snapshot: 4 s later, the counters of a scan that ended just before it. */
    private Snapshot snapshot() {
        sequence++;
        long now = sequence * 4000;
        List<AccessCounters> counters = new ArrayList<>(PROCESSES);
        for (int p = 0; p < PROCESSES; p++) {
            counters.add(new AccessCounters(TierMoverPluginFactory.NAME, tasks.get(p).id(), 1000 + p, now - 4000, now - 1, 1,
                    ranges.get(p)));
        }
        return new Snapshot(sequence, Instant.ofEpochMilli(now), platform, kernel, tasks, List.of(), List.of(), counters);
    }

    @Benchmark
    public List<Decision> heatRound100kRanges() {
        return plugin.decide(snapshot());
    }
}
