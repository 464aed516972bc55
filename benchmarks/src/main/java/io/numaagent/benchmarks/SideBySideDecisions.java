package io.numaagent.benchmarks;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.plugins.numaallocator.NumaAllocatorPluginFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The numa-allocator's side of the WCA comparison, outside JMH: one {@code decide()} on a snapshot file
 * ({@link SnapshotFile}), its decisions written as sorted lines in the form {@code wca_allocate.py} writes
 * WCA's ({@code TASK set-cpus CPU_LIST}, {@code TASK migrate-memory NODE}), then the thread CPU time of
 * {@code CALLS} more cycles after {@code WARMUP} (CPU time, because wall time on a shared machine mostly
 * measures the other jobs; JMH gives the wall time).
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.numaagent.benchmarks.SideBySideDecisions \
 *     SNAPSHOT ALGORITHM DECISIONS_OUT [WARMUP CALLS]
 * </pre>
 * Prints one JSON object: tasks, algorithm, decisions, CPU seconds per call (median, min, max).
 */
public final class SideBySideDecisions {

    private SideBySideDecisions() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 5) {
            System.err.println("usage: SideBySideDecisions SNAPSHOT ALGORITHM DECISIONS_OUT [WARMUP CALLS]");
            System.exit(2);
        }
        Snapshot snapshot = SnapshotFile.read(Path.of(args[0]));
        String algorithm = args[1];
        int warmup = args.length == 5 ? Integer.parseInt(args[3]) : 0;
        int calls = args.length == 5 ? Integer.parseInt(args[4]) : 0;
        Plugin plugin = plugin(algorithm);
        List<String> lines = lines(plugin.decide(snapshot));
        Files.write(Path.of(args[2]), lines);
        for (int i = 0; i < warmup; i++) {
            plugin.decide(snapshot);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] cpu = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = threads.getCurrentThreadCpuTime();
            plugin.decide(snapshot);
            cpu[i] = (threads.getCurrentThreadCpuTime() - start) / 1e9;
        }
        Arrays.sort(cpu);
        String stats = calls == 0 ? "null" : String.format(Locale.ROOT, "{\"median\": %.9f, \"min\": %.9f, \"max\": %.9f}",
                calls % 2 == 1 ? cpu[calls / 2] : (cpu[calls / 2 - 1] + cpu[calls / 2]) / 2, cpu[0], cpu[calls - 1]);
        System.out.printf(Locale.ROOT, "{\"tasks\": %d, \"nodes\": %d, \"algorithm\": \"%s\", \"decisions\": %d, "
                        + "\"warmup\": %d, \"calls\": %d, \"cpu_s\": %s, \"java\": \"%s\"}%n", snapshot.tasks().size(),
                snapshot.platform().nodes().size(), algorithm, lines.size(), warmup, calls, stats,
                System.getProperty("java.version"));
    }

    /** The numa-allocator at its defaults but for the algorithm, with a registry-like metrics stand-in. */
    static Plugin plugin(String algorithm) {
        NumaAllocatorPluginFactory factory = new NumaAllocatorPluginFactory();
        return factory.create(PluginConfig.of(factory.configKeys(), Map.of("algorithm", algorithm)),
                new NumaAllocatorBenchmark.Context(true));
    }

    /** Decisions as sorted {@code TASK ACTION VALUE} lines; an action WCA's allocator cannot return stays visible. */
    static List<String> lines(List<Decision> decisions) {
        List<String> lines = new ArrayList<>();
        for (Decision d : decisions) {
            String value;
            if (d instanceof SetCpus s) {
                value = s.cpus().toString();
            } else if (d instanceof MigrateMemory m) {
                value = Integer.toString(m.node());
            } else {
                value = d.toString();
            }
            lines.add(d.task() + " " + d.action() + " " + value);
        }
        lines.sort(null);
        return lines;
    }
}
