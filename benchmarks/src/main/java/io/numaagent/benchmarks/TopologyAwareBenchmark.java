package io.numaagent.benchmarks;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.CpuCache;
import io.numaagent.api.snapshot.CpuDetails;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.plugins.topologyaware.alloc.AllocationException;
import io.numaagent.plugins.topologyaware.alloc.Allocator;
import io.numaagent.plugins.topologyaware.alloc.ContainerPreferences;
import io.numaagent.plugins.topologyaware.alloc.CpuPicker;
import io.numaagent.plugins.topologyaware.alloc.CpuPriority;
import io.numaagent.plugins.topologyaware.alloc.CpuReservation;
import io.numaagent.plugins.topologyaware.alloc.Grant;
import io.numaagent.plugins.topologyaware.alloc.Request;
import io.numaagent.plugins.topologyaware.alloc.RequestBuilder;
import io.numaagent.plugins.topologyaware.pools.MemoryType;
import io.numaagent.plugins.topologyaware.pools.PoolTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Allocating and releasing one container in the topology-aware pool tree of a 4-socket machine of
 * 448 CPUs (4 NUMA nodes per socket, 14 cores × 2 threads per node, so 21 pools) that already holds
 * 1,000 containers: 50 Guaranteed of 2 exclusive CPUs, 50 Guaranteed of 1.5 CPUs (one exclusive, the
 * rest shared), 600 Burstable of 100m-400m and 300 BestEffort (325 of the 446 unreserved CPUs granted). The container measured is a Guaranteed
 * one of 2 CPUs (exclusive CPUs sliced off a pool) or a Burstable one (shared CPUs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TopologyAwareBenchmark {

    static final int SOCKETS = 4;
    static final int NODES_PER_SOCKET = 4;
    static final int CORES_PER_NODE = 14;
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Param({"guaranteed-2", "burstable"})
    public String container;

    /** {@code none}: no caches known (no L3 pools, no cache groups); {@code ccx}: an L3 per 7 cores. */
    @Param({"none", "ccx"})
    public String caches;

    private Allocator allocator;
    private Request request;

    @Setup
    public void setUp() throws AllocationException {
        Platform platform = machine("ccx".equals(caches));
        CpuPicker picker = new CpuPicker(platform);
        PoolTree tree = PoolTree.build(platform, CpuReservation.resolve(platform, "", "2", picker));
        allocator = new Allocator(tree, picker, new NumaAllocatorBenchmark.Context(false).log());
        RequestBuilder builder = new RequestBuilder(new RequestBuilder.Settings(true, false, List.of(),
                CpuPriority.NONE, 2, MemoryType.DRAM.bit(), false));
        for (int i = 0; i < 1000; i++) {
            Task t = i < 50 ? task("g2-" + i, QosClass.GUARANTEED, 2000, 2000)
                    : i < 100 ? task("g15-" + i, QosClass.GUARANTEED, 1500, 1500)
                    : i < 700 ? task("bu-" + i, QosClass.BURSTABLE, 100 + i % 4 * 100, 2000)
                    : task("be-" + i, QosClass.BEST_EFFORT, 0, 0);
            allocator.allocate(builder.build(t, ContainerPreferences.NONE, Map.of()), null, NOW);
        }
        request = builder.build("burstable".equals(container) ? task("measured", QosClass.BURSTABLE, 500, 1000)
                : task("measured", QosClass.GUARANTEED, 2000, 2000), ContainerPreferences.NONE, Map.of());
    }

    @Benchmark
    public Grant allocateAndRelease() throws AllocationException {
        allocator.allocate(request, null, NOW);
        return allocator.release(request.id());
    }

    static Task task(String id, QosClass qos, long cpuReq, long cpuLim) {
        long mem = qos == QosClass.BEST_EFFORT ? 0 : 256L << 20;
        return new Task("/" + id, id, "/" + id, List.of(), List.of(), Map.of(), Map.of(),
                new Resources(cpuReq, cpuLim, mem, qos == QosClass.BURSTABLE ? 2 * mem : mem), qos, TaskMeasurements.NONE);
    }

    /**
     * 4 sockets × 4 nodes × 14 cores × 2 threads, Intel numbering (thread 1 of core c is CPU c + 224); with
     * {@code ccx}, an L3 per 7 cores (two per node: 32 more pools, and cache groups in the CPU picking).
     */
    static Platform machine(boolean ccx) {
        int nodes = SOCKETS * NODES_PER_SOCKET;
        int cores = nodes * CORES_PER_NODE;
        List<Cpu> cpus = new ArrayList<>();
        List<List<Integer>> nodeCpus = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            nodeCpus.add(new ArrayList<>());
        }
        for (int id = 0; id < 2 * cores; id++) {
            int core = id % cores;
            int node = core / CORES_PER_NODE;
            CpuSet siblings = CpuSet.of(core, core + cores);
            CpuDetails details = CpuDetails.UNKNOWN;
            if (ccx) {
                int first = core / 7 * 7;
                CpuSet l3 = CpuSet.range(first, first + 6).union(CpuSet.range(first + cores, first + cores + 6));
                details = new CpuDetails(core, List.of(new CpuCache(1, "Data", core, siblings),
                        new CpuCache(1, "Instruction", core, siblings), new CpuCache(2, "Unified", core, siblings),
                        new CpuCache(3, "Unified", core / 7, l3)), 0, 0, "", CpuDetails.CoreKind.UNKNOWN);
            }
            cpus.add(new Cpu(id, node / NODES_PER_SOCKET, 0, core, node, siblings, true, false, details));
            nodeCpus.get(node).add(id);
        }
        List<NumaNode> nodeList = new ArrayList<>();
        long bytes = 64L << 30;
        for (int n = 0; n < nodes; n++) {
            List<Integer> distances = new ArrayList<>();
            for (int o = 0; o < nodes; o++) {
                distances.add(o == n ? 10 : o / NODES_PER_SOCKET == n / NODES_PER_SOCKET ? 12 : 32);
            }
            nodeList.add(new NumaNode(n, CpuSet.of(nodeCpus.get(n)), bytes, bytes / 2, bytes / 2, distances, 0));
        }
        return new Platform(SOCKETS, SOCKETS, cores, cpus, CpuSet.range(0, 2 * cores - 1), CpuSet.EMPTY, nodeList, 4096,
                Platform.CGROUP_V2);
    }
}
