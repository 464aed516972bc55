package io.numaagent.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time of one snapshot, beside {@link SnapshotBenchmark}'s wall time: on a shared machine
 * the wall time of a file-reading loop grows with everyone else's load, its CPU time much less.
 * {@code java -cp benchmarks/target/benchmarks.jar io.numaagent.benchmarks.SnapshotCpuTime TASKS
 * [SNAPSHOTS [--without-peak]]}: writes the {@link FootprintHost} tree, takes as many snapshots
 * again to warm up, then prints the mean CPU and wall time of {@code SNAPSHOTS} (default 200).
 */
public final class SnapshotCpuTime {

    private SnapshotCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: SnapshotCpuTime TASKS [SNAPSHOTS [--without-peak]]");
            System.exit(2);
        }
        SnapshotBenchmark b = new SnapshotBenchmark();
        b.tasks = Integer.parseInt(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        b.withoutPeak = args.length > 2 && args[2].equals("--without-peak");
        b.writeTree();
        try {
            for (int i = 0; i < n; i++) {
                b.snapshot();
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < n; i++) {
                b.snapshot();
            }
            double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / n;
            double wallMs = (System.nanoTime() - wall) / 1e6 / n;
            System.out.printf("%d tasks%s: %.1f ms CPU, %.1f ms wall per snapshot (mean of %d)%n", b.tasks,
                    b.withoutPeak ? " without memory.peak" : "", cpuMs, wallMs, n);
        } finally {
            b.removeTree();
        }
    }
}
