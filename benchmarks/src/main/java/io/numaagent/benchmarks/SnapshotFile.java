package io.numaagent.benchmarks;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the side-by-side snapshot file that {@code benchmarks/wca/make_snapshot.py} writes and
 * {@code benchmarks/wca/wca_allocate.py} gives to WCA's allocator, as the agent's {@link Snapshot}:
 * <pre>
 * node ID CPU_LIST FREE_BYTES USED_BYTES
 * task ID MEMORY_REQUEST_BYTES CPU_LIST PAGES_NODE0,PAGES_NODE1,...
 * </pre>
 * Each field maps to the one WCA reads: the request to {@code resources['mem']} (memory request), the pages
 * (4 KiB) to {@code task_mem_numa_pages} (bytes per node), the CPU list to {@code cpuset_cpus}, free and used
 * bytes to {@code platform_mem_numa_free/used_bytes}. Swap is off and {@code kernel.numa_balancing} 0, as WCA's
 * inputs carry neither. Lines may end in a {@code #} comment.
 */
final class SnapshotFile {

    static final long PAGE_BYTES = 4096;

    private SnapshotFile() {
    }

    static Snapshot read(Path path) throws IOException {
        return parse(path.toString(), Files.readAllLines(path));
    }

    /** @throws IllegalArgumentException naming {@code source:line} and the problem */
    static Snapshot parse(String source, List<String> lines) {
        List<NumaNode> nodes = new ArrayList<>();
        List<Cpu> cpus = new ArrayList<>();
        List<Task> tasks = new ArrayList<>();
        List<Map<Integer, Long>> pendingBytes = new ArrayList<>();
        List<String[]> pendingTasks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (f.length == 1 && f[0].isEmpty()) {
                continue;
            }
            String where = source + ":" + (i + 1);
            try {
                switch (f[0]) {
                    case "node" -> {
                        expect(f, 5);
                        int id = Integer.parseInt(f[1]);
                        CpuSet nodeCpus = CpuSet.parse(f[2]);
                        long free = Long.parseLong(f[3]);
                        long used = Long.parseLong(f[4]);
                        nodes.add(new NumaNode(id, nodeCpus, free + used, free, used, List.of(), 0));
                        for (int c : nodeCpus.toArray()) {
                            cpus.add(new Cpu(c, 0, 0, c, id, CpuSet.of(c), true, false));
                        }
                    }
                    case "task" -> {
                        expect(f, 5);
                        Map<Integer, Long> bytes = new LinkedHashMap<>();
                        String[] pages = f[4].split(",");
                        for (int n = 0; n < pages.length; n++) {
                            bytes.put(n, Long.parseLong(pages[n]) * PAGE_BYTES);
                        }
                        pendingBytes.add(bytes);
                        pendingTasks.add(f);
                    }
                    default -> throw new IllegalArgumentException("unknown record '" + f[0] + "'");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        for (int t = 0; t < pendingTasks.size(); t++) {
            String[] f = pendingTasks.get(t);
            long request = Long.parseLong(f[2]);
            CpuSet taskCpus = CpuSet.parse(f[3]);
            Map<Integer, Long> bytes = pendingBytes.get(t);
            long usage = bytes.values().stream().mapToLong(Long::longValue).sum();
            TaskMeasurements m = new TaskMeasurements(bytes, usage, -1, usage, 0, taskCpus, NodeSet.EMPTY, taskCpus,
                    NodeSet.EMPTY, false);
            tasks.add(new Task(f[1], f[1], f[1], List.of(), List.of(10_000 + t), Map.of(), Map.of(),
                    new Resources(0, 0, request, 0), QosClass.BURSTABLE, m));
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(source + ": no node records");
        }
        CpuSet online = CpuSet.of(cpus.stream().map(Cpu::id).toList());
        Platform platform = new Platform(nodes.size() > 2 ? 2 : 1, 1, cpus.size(), cpus, online, CpuSet.EMPTY, nodes,
                PAGE_BYTES, Platform.CGROUP_V2);
        return new Snapshot(1, Instant.parse("2026-01-01T00:00:00Z"), platform,
                new KernelState(0, false, Map.of(), Map.of()), tasks, List.of(), List.of());
    }

    private static void expect(String[] fields, int count) {
        if (fields.length != count) {
            throw new IllegalArgumentException(fields[0] + " record needs " + count + " fields, has " + fields.length);
        }
    }
}
