package io.numaagent.benchmarks;

import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.ReadProblemLog;
import io.numaagent.runner.tasks.SnapshotCollector;
import io.numaagent.runner.tasks.TaskSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One snapshot of the {@link FootprintHost} tree (twoSocketFourNode, cgroup v2, {@code tasks} task
 * cgroups under {@code /batch}), as the agent takes it every cycle with a {@code cgroups} source
 * over {@code /batch}: topology, kernel state, and every task's cgroup files. The tree lives in a
 * temporary directory (on the file system of {@code java.io.tmpdir}: real cgroupfs reads cost
 * somewhat less than an ext4 or tmpfs file's); {@code withoutPeak} leaves out every
 * {@code memory.peak}, as on kernels before 5.19.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotBenchmark {

    @Param({"100", "1000"})
    public int tasks;

    @Param({"false", "true"})
    public boolean withoutPeak;

    private Path dir;
    private SnapshotCollector collector;
    private long sequence;

    @Setup(Level.Trial)
    public void writeTree() throws IOException {
        dir = Files.createTempDirectory("numa-agent-snapshot-bench");
        HostPaths paths = FootprintHost.write(dir, tasks, withoutPeak);
        Host host = Host.detect(paths, TestMachine.PAGE_SIZE);
        ReadProblemLog quiet = new ReadProblemLog(new ReadProblemLog.Output() {
            @Override
            public void warn(String line) {
            }

            @Override
            public void info(String line) {
            }
        }, ReadProblemLog.Counter.NONE);
        collector = new SnapshotCollector(host, TaskSources.create(List.of(
                new TaskSourceConfig.Cgroups(List.of(FootprintHost.PARENT), null, 1)), host), Clock.systemUTC(), quiet);
    }

    @Benchmark
    public Snapshot snapshot() {
        return collector.collect(++sequence, List.of());
    }

    @TearDown(Level.Trial)
    public void removeTree() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
