package io.numaagent.api.testing;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds small synthetic snapshots for tests from bare nodes: one socket, each of the nodes' CPUs a
 * core of its own, swap off; tasks, outcomes and warnings as given. The platform and kernel state
 * come from a {@link TestMachine}; tests that need a detailed machine (sockets, SMT siblings,
 * measurements) describe it as a {@code TestMachine} directly.
 */
public final class SnapshotBuilder {

    private static final long GIB = 1L << 30;

    private final List<NumaNode> nodes;
    private final List<Task> tasks = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<ReadWarning> warnings = new ArrayList<>();
    private long sequence = 1;
    private Instant time = Instant.EPOCH;
    private int numaBalancing = KernelState.NUMA_BALANCING_DISABLED;

    private SnapshotBuilder(List<NumaNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** A snapshot of these nodes. */
    public static SnapshotBuilder of(List<NumaNode> nodes) {
        return new SnapshotBuilder(nodes);
    }

    /** Two nodes of 1 GiB, half free, CPUs 0-1 and 2-3, distance 21 between them. */
    public static SnapshotBuilder twoNode() {
        return of(List.of(
                node(0, "0-1", GIB, GIB / 2, List.of(10, 21)),
                node(1, "2-3", GIB, GIB / 2, List.of(21, 10))));
    }

    /** A node with no memory tier; used memory is total minus free. */
    public static NumaNode node(int id, String cpus, long totalBytes, long freeBytes, List<Integer> distances) {
        return new NumaNode(id, CpuSet.parse(cpus), totalBytes, freeBytes, totalBytes - freeBytes, distances, -1);
    }

    /**
     * A task whose id is its cgroup path, named after the path's last segment, with these pids and
     * nothing else known.
     */
    public static Task task(String cgroupPath, Integer... pids) {
        return new Task(cgroupPath, cgroupPath.substring(cgroupPath.lastIndexOf('/') + 1), cgroupPath, List.of(),
                Arrays.asList(pids), Map.of(), Map.of(), Resources.NONE, QosClass.UNKNOWN, TaskMeasurements.NONE);
    }

    public SnapshotBuilder sequence(long sequence) {
        this.sequence = sequence;
        return this;
    }

    public SnapshotBuilder time(Instant time) {
        this.time = time;
        return this;
    }

    /** The {@code kernel.numa_balancing} mode, one of {@code KernelState.NUMA_BALANCING_*}. */
    public SnapshotBuilder numaBalancing(int mode) {
        this.numaBalancing = mode;
        return this;
    }

    public SnapshotBuilder tasks(List<Task> tasks) {
        this.tasks.addAll(tasks);
        return this;
    }

    public SnapshotBuilder tasks(Task... tasks) {
        return tasks(List.of(tasks));
    }

    public SnapshotBuilder outcomes(List<Outcome> outcomes) {
        this.outcomes.addAll(outcomes);
        return this;
    }

    public SnapshotBuilder warnings(List<ReadWarning> warnings) {
        this.warnings.addAll(warnings);
        return this;
    }

    public Snapshot build() {
        List<Cpu> cpus = new ArrayList<>();
        for (NumaNode n : nodes) {
            n.cpus().stream().forEach(id -> cpus.add(new Cpu(id, 0, 0, id, n.id(), CpuSet.of(id), true, false)));
        }
        cpus.sort((a, b) -> Integer.compare(a.id(), b.id()));
        Snapshot machine = TestMachine.of(cpus, nodes).numaBalancing(numaBalancing).snapshot(sequence, time);
        return new Snapshot(sequence, time, machine.platform(), machine.kernel(), tasks, outcomes, warnings);
    }
}
