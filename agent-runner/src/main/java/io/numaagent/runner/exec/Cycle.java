package io.numaagent.runner.exec;

import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Snapshot;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The state of one {@code Executor.execute} call, handed to the checks and appliers: the snapshot
 * the decisions were made on, the moment the cycle's migration time runs out, and which plugin
 * claimed each resource first.
 */
final class Cycle {

    private final Snapshot snapshot;
    private final long migrationDeadline;
    /** "resource|task" to the plugin that decided it first in this cycle. */
    private final Map<String, String> claims = new HashMap<>();
    /** "file|cgroup" to the cpuset list written there in this cycle (per-container writes build on it). */
    private final Map<String, BitSet> cpusetsWritten = new HashMap<>();

    /** @param migrationDeadline {@link Sleeper#nanoTime()} at which memory moves stop for this cycle */
    Cycle(Snapshot snapshot, long migrationDeadline) {
        this.snapshot = snapshot;
        this.migrationDeadline = migrationDeadline;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    long sequence() {
        return snapshot.sequence();
    }

    /** Whether the cycle's migration time has run out at {@code now}. */
    boolean outOfMigrationTime(long now) {
        return now >= migrationDeadline;
    }

    /** Claims {@code key} for {@code plugin}; returns the plugin that claimed it first (maybe {@code plugin}). */
    String claim(String key, String plugin) {
        String first = claims.putIfAbsent(key, plugin);
        return first == null ? plugin : first;
    }

    /** The set written to a cgroup's cpuset file in this cycle, or {@code null}. */
    BitSet cpusetWritten(String cgroup, String file) {
        return cpusetsWritten.get(file + "|" + cgroup);
    }

    void wroteCpuset(String cgroup, String file, BitSet value) {
        cpusetsWritten.put(file + "|" + cgroup, value);
    }

    /** Nodes of the snapshot that have memory. */
    NodeSet nodesWithMemory() {
        return NodeSet.of(snapshot.platform().nodes().stream().filter(NumaNode::hasMemory).map(NumaNode::id).toList());
    }

    /** The nodes a migration takes pages from: {@code from}, or every other node with memory. */
    NodeSet sources(MigrateMemory mm) {
        return mm.from().isEmpty() ? nodesWithMemory().difference(NodeSet.of(mm.node())) : mm.from();
    }

    Outcome outcome(Decision d, Outcome.Status status, String detail) {
        return Outcome.of(sequence(), d, status, detail);
    }

    /** A failed write of a cgroup file or sysctl, naming the file and errno. */
    Outcome writeFailed(Decision d, HostWriteException e, String after) {
        return new Outcome(sequence(), d, Outcome.Status.FAILED, e.getMessage() + after, e.errno(), 0, 0, 0, 0);
    }
}
