package io.numaagent.benchmarks;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
 * One numa-allocator {@code decide()} on the snapshot file that WCA's allocator gets too
 * ({@code benchmarks/wca/run.sh} writes it and passes {@code -p snapshot=FILE}); plugin at its defaults but
 * for the algorithm, metrics kept in maps as a registry would ({@link NumaAllocatorBenchmark.MapMetrics}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SideBySideBenchmark {

    /** Path of the snapshot file; no default: the run script makes the file first. */
    @Param({""})
    public String snapshot;

    @Param({"fill_biggest_first", "minimize_migration"})
    public String algorithm;

    private Plugin plugin;
    private Snapshot machine;

    @Setup
    public void setUp() throws IOException {
        if (snapshot.isEmpty()) {
            throw new IllegalArgumentException("pass the snapshot file: -p snapshot=FILE (benchmarks/wca/run.sh)");
        }
        machine = SnapshotFile.read(Path.of(snapshot));
        plugin = SideBySideDecisions.plugin(algorithm);
    }

    @Benchmark
    public List<Decision> decideCycle() {
        return plugin.decide(machine);
    }
}
