package io.numaagent.plugins.numaallocator;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.testing.TestCgroup;
import io.numaagent.api.testing.TestMachine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WCA's test sizes over a {@link TestMachine} (the one test description of a machine): the topology is
 * {@link TestMachine#shape} with one thread per core (numbering, distances and tiers as it gives them),
 * and this helper only sizes it the way WCA's tests do and adds tasks in their convention, then takes
 * the snapshot. Every node has {@link #NODE_SIZE} bytes and {@link #CPUS_PER_NODE} CPUs (node i: CPUs
 * 10i..10i+9), a task is given as {@code {node: share of a node}},
 * its per-node memory is {@code int(share * 23 437 500)} pages, its requested memory {@code int(Σ shares * 96e9)},
 * and a task with exactly one node in its shares is pinned to that node (otherwise its cpuset is all CPUs).
 * Node free memory is {@code int((1 - 0.04 - Σ shares on the node) * 96e9)}, used the rest.
 */
final class Machine {

    static final long GB = 1_000_000_000L;
    static final long NODE_SIZE = 96 * GB;
    static final long NODE_PAGES = NODE_SIZE / 4096;
    static final int CPUS_PER_NODE = 10;
    static final double RESERVED_SHARE = 0.04;

    private final int sockets;
    private final int nodesPerSocket;
    private final int memoryOnlyNodes;
    private final List<TaskSpec> tasks = new ArrayList<>();
    private final Map<Integer, Long> freeOverride = new HashMap<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private int numaBalancing = 0;
    private boolean swap;
    private Instant time = Instant.parse("2026-01-01T00:00:00Z");

    private Machine(int sockets, int nodesPerSocket, int memoryOnlyNodes) {
        this.sockets = sockets;
        this.nodesPerSocket = nodesPerSocket;
        this.memoryOnlyNodes = memoryOnlyNodes;
    }

    /** Two nodes, one per socket. */
    static Machine twoNode() {
        return new Machine(2, 1, 0);
    }

    /** Four nodes, one per socket (as WCA's tests mock it). */
    static Machine fourNode() {
        return new Machine(4, 1, 0);
    }

    /** Two sockets with two sub-NUMA clusters each: nodes 0,1 on socket 0 and 2,3 on socket 1. */
    static Machine twoSocketFourNode() {
        return new Machine(2, 2, 0);
    }

    /** Two nodes with CPUs (0, 1), one per socket, and two CPU-less memory nodes (2, 3), e.g. CXL expanders. */
    static Machine cxlTwoMemoryOnlyNodes() {
        return new Machine(2, 1, 2);
    }

    /** CPUs of a node with CPUs. */
    static CpuSet nodeCpus(int node) {
        return CpuSet.range(node * CPUS_PER_NODE, node * CPUS_PER_NODE + CPUS_PER_NODE - 1);
    }

    CpuSet allCpus() {
        return CpuSet.range(0, sockets * nodesPerSocket * CPUS_PER_NODE - 1);
    }

    /** A task in WCA's convention. */
    Machine task(String id, Map<Integer, Double> shares) {
        return add(spec(id, shares));
    }

    /** A task in WCA's convention, with an explicit cpuset. */
    Machine task(String id, Map<Integer, Double> shares, CpuSet cpus) {
        TaskSpec t = spec(id, shares);
        t.cpus = cpus;
        return add(t);
    }

    /** A task in WCA's convention, as a spec to adjust before {@link #add}. */
    TaskSpec spec(String id, Map<Integer, Double> shares) {
        TaskSpec t = new TaskSpec(id);
        double sum = 0;
        for (var e : shares.entrySet()) {
            t.bytesPerNode.put(e.getKey(), (long) (e.getValue() * NODE_PAGES) * 4096);
            sum += e.getValue();
        }
        t.shares.putAll(shares);
        t.requested = new Resources(0, 0, (long) (sum * NODE_SIZE), 0);
        t.cpus = shares.size() == 1 ? nodeCpus(shares.keySet().iterator().next()) : allCpus();
        return t;
    }

    Machine add(TaskSpec t) {
        tasks.add(t);
        return this;
    }

    Machine remove(String id) {
        tasks.removeIf(t -> t.id.equals(id));
        return this;
    }

    TaskSpec taskSpec(String id) {
        return tasks.stream().filter(t -> t.id.equals(id)).findFirst().orElseThrow();
    }

    Machine free(int node, long bytes) {
        freeOverride.put(node, bytes);
        return this;
    }

    Machine numaBalancing(int mode) {
        numaBalancing = mode;
        return this;
    }

    Machine swap(boolean on) {
        swap = on;
        return this;
    }

    Machine time(Instant t) {
        time = t;
        return this;
    }

    Machine outcomes(List<Outcome> o) {
        outcomes.clear();
        outcomes.addAll(o);
        return this;
    }

    /** The snapshot of this machine, described as a {@link TestMachine}. */
    Snapshot snapshot(long sequence) {
        return machine().snapshot(sequence, time, outcomes, List.of());
    }

    /**
     * The machine in the one test description: {@link TestMachine#shape} sized as WCA's, and the tasks,
     * each in {@code /kubepods.slice}.
     */
    TestMachine machine() {
        Map<Integer, Double> sharesOnNode = new LinkedHashMap<>();
        for (TaskSpec t : tasks) {
            t.shares.forEach((node, share) -> sharesOnNode.merge(node, share, Double::sum));
        }
        TestMachine m = TestMachine.shape(sockets, nodesPerSocket, CPUS_PER_NODE, 1, memoryOnlyNodes)
                .numaBalancing(numaBalancing).swapBytes(swap ? NODE_SIZE : 0);
        for (NumaNode node : m.nodes()) {
            long free = freeOverride.getOrDefault(node.id(),
                    (long) ((1 - RESERVED_SHARE - sharesOnNode.getOrDefault(node.id(), 0.0)) * NODE_SIZE));
            m.nodeMemory(node.id(), NODE_SIZE, free);
        }
        for (TaskSpec t : tasks) {
            t.describe(m);
        }
        return m;
    }

    /** A task's inputs; fields are adjusted by tests before {@link #add}. */
    static final class TaskSpec {
        final String id;
        final Map<Integer, Double> shares = new LinkedHashMap<>();
        Map<Integer, Long> bytesPerNode = new LinkedHashMap<>();
        Resources requested = Resources.NONE;
        long limit = -1;
        long peak = -1;
        long usage = -1;
        CpuSet cpus = CpuSet.EMPTY;
        CpuSet effectiveCpus = CpuSet.EMPTY;
        List<Integer> pids = List.of(1000);

        TaskSpec(String id) {
            this.id = id;
        }

        TaskSpec requested(Resources r) {
            requested = r;
            return this;
        }

        TaskSpec measured(long limit, long peak, long usage) {
            this.limit = limit;
            this.peak = peak;
            this.usage = usage;
            return this;
        }

        TaskSpec cpus(CpuSet c) {
            cpus = c;
            return this;
        }

        TaskSpec effectiveCpus(CpuSet c) {
            effectiveCpus = c;
            return this;
        }

        TaskSpec noNodeMemory() {
            bytesPerNode = new LinkedHashMap<>();
            return this;
        }

        TaskSpec pids(Integer... p) {
            pids = List.of(p);
            return this;
        }

        /** The snapshot's task of this spec. */
        Task toTask() {
            TestMachine m = TestMachine.of(List.of(), List.of());
            describe(m);
            return m.tasks().get(0);
        }

        void describe(TestMachine m) {
            TestCgroup c = m.cgroup("/kubepods.slice/" + id).task(id).name(id).labels(Map.of("uid", id)).pids(pids)
                    .requested(requested).anon(bytesPerNode).memoryCurrent(usage).memoryMax(limit).memoryPeak(peak)
                    .cpuUsageNanos(0).cpuset(cpus.toString(), "");
            if (!effectiveCpus.isEmpty()) {
                c.effective(effectiveCpus.toString(), "");
            }
        }
    }
}
