package io.numaagent.plugins.numaallocator;

import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.InMemoryMetrics;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code decide()} hands its later steps for one snapshot, built the way {@code decide()} builds it
 * (node table, task views, biggest-first order, balanced memory), so that each step can be tested alone
 * on a {@link Machine}. Not a machine description: the machine comes from {@link Machine} or a
 * {@code TestMachine}.
 */
final class StepInputs {

    final Snapshot snapshot;
    final NodeTable nodes;
    final TaskView[] tasks;
    final List<TaskView> biggestFirst;
    final long[] balancedBytes;

    private StepInputs(Snapshot snapshot) {
        this.snapshot = snapshot;
        this.nodes = NodeTable.of(snapshot.platform());
        this.tasks = new TaskRegistry(metrics(new InMemoryMetrics()), List.of()).views(snapshot, nodes);
        this.biggestFirst = BiggestFirst.views(tasks);
        this.balancedBytes = BalancedMemory.of(biggestFirst, nodes).bytes;
    }

    /**
     * The run WCA's observed metrics come from, which several steps start from: task a (24 GB) pinned to node 1,
     * the node with the most free memory, with 0.8 of its memory there; b (33.6 GB) unpinned.
     */
    static Machine twoNodeObserved() {
        return Machine.twoNode().task("a", Map.of(0, 0.05, 1, 0.2), Machine.nodeCpus(1)).task("b", Map.of(0, 0.3, 1, 0.05));
    }

    /** The machine's snapshot of cycle 1. */
    static StepInputs of(Machine m) {
        return new StepInputs(m.snapshot(1));
    }

    static StepInputs of(Snapshot s) {
        return new StepInputs(s);
    }

    /** The view of one task. */
    TaskView task(String id) {
        return Arrays.stream(tasks).filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    /** Settings from raw config values (as YAML gives them), every other key at its default. */
    static AllocatorSettings settings(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        NumaAllocatorPluginFactory factory = new NumaAllocatorPluginFactory();
        return AllocatorSettings.from(PluginConfig.of(factory.configKeys(), m));
    }

    static AllocatorMetrics metrics(InMemoryMetrics m) {
        return new AllocatorMetrics(m);
    }
}
