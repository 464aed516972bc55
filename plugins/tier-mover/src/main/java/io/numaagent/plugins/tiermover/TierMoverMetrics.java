package io.numaagent.plugins.tiermover;

import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.api.plugin.Metrics;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.heat.Heatmap;
import io.numaagent.plugins.tiermover.policy.NodeValues;
import io.numaagent.plugins.tiermover.policy.ProcessCounters;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plugin's metrics. Per task and tier (node) they are gauges, removed when the task leaves, so label
 * sets stay bounded by the tasks and nodes present; machine-wide totals are counters. The {@code node}
 * label is a node id, {@code swap} or {@code unknown}; {@code class} a heat class. A task's counted
 * gauges (tracked, accessed, heat class) hold the values of its latest round with counters: trackers
 * scan less often than policy rounds run (softdirty every 5 s, rounds every second), and a series that
 * vanished in the rounds between would show up on a dashboard as gaps four scrapes in five.
 */
final class TierMoverMetrics {

    static final String TRACKED = "tier_mover_task_tracked_pages";
    static final String ACCESSED = "tier_mover_task_accessed_pages";
    static final String MOVED = "tier_mover_task_moved_pages";
    static final String SWAPPED = "tier_mover_task_swapped_out_pages";
    static final String SCAN = "tier_mover_task_scan_seconds";
    static final String HEAT_CLASS = "tier_mover_task_heat_class_pages";
    static final String MOVED_TOTAL = "tier_mover_moved_pages_total";
    static final String SWAPPED_TOTAL = "tier_mover_swapped_out_pages_total";
    static final String ROUNDS = "tier_mover_rounds_total";
    static final String PENDING = "tier_mover_pending_decisions";

    private final Metrics.Gauge tracked;
    private final Metrics.Gauge accessed;
    private final Metrics.Gauge moved;
    private final Metrics.Gauge swapped;
    private final Metrics.Gauge scan;
    private final Metrics.Gauge heatClass;
    private final Metrics.Counter movedTotal;
    private final Metrics.Counter swappedTotal;
    private final Metrics.Counter rounds;
    private final Metrics.Gauge pending;

    /** Series set per task, to remove them when it leaves: gauge name -> label values. */
    private final Map<String, Set<List<String>>> series = new HashMap<>();
    private final Map<String, Map<String, Double>> movedByTaskNode = new HashMap<>();
    private final Map<String, Double> swappedByTask = new HashMap<>();

    TierMoverMetrics(Metrics m) {
        tracked = m.gauge(TRACKED, "Pages in the task's tracked ranges in the last round, by the node they are on",
                List.of("task", "node"));
        accessed = m.gauge(ACCESSED, "Pages of the task's ranges with any access counted in the last round", List.of("task"));
        moved = m.gauge(MOVED, "Pages of the task moved to the node since it was first tracked (executor outcomes)",
                List.of("task", "node"));
        swapped = m.gauge(SWAPPED, "Pages of the task swapped out since it was first tracked (executor outcomes)",
                List.of("task"));
        scan = m.gauge(SCAN, "Time per tracker scan of the task's processes in the last counting window (window / scans)",
                List.of("task"));
        heatClass = m.gauge(HEAT_CLASS, "Pages of the task in each heat class (heat policy)", List.of("task", "class"));
        movedTotal = m.counter(MOVED_TOTAL, "Pages moved by this plugin's decisions, by target node", List.of("node"));
        swappedTotal = m.counter(SWAPPED_TOTAL, "Pages swapped out by this plugin's decisions", List.of());
        rounds = m.counter(ROUNDS, "Policy rounds run", List.of());
        pending = m.gauge(PENDING, "Decisions of earlier rounds still being carried out (new moves wait for them)",
                List.of());
        swappedTotal.add(0); // from the start, at 0, for rate() on a dashboard (so movedTotal per node, in round)
    }

    static String nodeLabel(int node) {
        return node >= 0 ? String.valueOf(node) : node == RangeCounter.NODE_SWAP ? "swap" : "unknown";
    }

    /** Counts what the executor did with this plugin's decisions of the previous cycle. */
    void outcomes(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            if (o.pagesMoved() <= 0) {
                continue;
            }
            if (o.decision() instanceof MovePages mp) {
                String node = String.valueOf(mp.node());
                movedTotal.add(o.pagesMoved(), node);
                double v = movedByTaskNode.computeIfAbsent(mp.task(), t -> new HashMap<>()).merge(node,
                        (double) o.pagesMoved(), Double::sum);
                set(moved, v, mp.task(), node);
            } else if (o.decision() instanceof SwapOut so) {
                swappedTotal.add(o.pagesMoved());
                set(swapped, swappedByTask.merge(so.task(), (double) o.pagesMoved(), Double::sum), so.task());
            }
        }
    }

    /**
     * Per task: pages by node and pages accessed in the round's counters. The moved-pages series start
     * at 0: the totals for each of the machine's nodes ({@code nodeIds}), and each counted task's per node and
     * swapped out, so that they exist before the first move.
     */
    void round(List<ProcessCounters> processes, Set<String> tasks, Heatmap heatmap, List<Integer> nodeIds) {
        rounds.increment();
        for (int node : nodeIds) {
            movedTotal.add(0, String.valueOf(node));
        }
        Map<String, NodeValues> pagesByNode = new HashMap<>();
        Map<String, Long> accessedPages = new HashMap<>();
        Map<Integer, String> taskOfPid = new HashMap<>();
        for (ProcessCounters p : processes) {
            taskOfPid.put(p.pid(), p.task());
            NodeValues nodes = pagesByNode.computeIfAbsent(p.task(), t -> new NodeValues(0));
            long acc = 0;
            for (RangeCounter c : p.ranges()) {
                nodes.add(c.node(), c.pages());
                if (c.heat() > 0) {
                    acc += c.pages();
                }
            }
            accessedPages.merge(p.task(), acc, Long::sum);
        }
        Map<String, Map<String, Long>> byNode = new HashMap<>();
        pagesByNode.forEach((task, nodes) -> {
            Map<String, Long> labelled = new HashMap<>();
            nodes.forEach((n, v) -> labelled.merge(nodeLabel(n), v, Long::sum));
            byNode.put(task, labelled);
        });
        Set<String> counted = pagesByNode.keySet();
        for (String task : counted) {
            Map<String, Double> movedTo = movedByTaskNode.computeIfAbsent(task, t -> new HashMap<>());
            for (int node : nodeIds) {
                if (movedTo.putIfAbsent(String.valueOf(node), 0.0) == null) {
                    set(moved, 0, task, String.valueOf(node));
                }
            }
            if (swappedByTask.putIfAbsent(task, 0.0) == null) {
                set(swapped, 0, task);
            }
        }
        replace(tracked, byNode, counted);
        Map<String, Map<String, Long>> acc = new HashMap<>();
        accessedPages.forEach((t, v) -> acc.put(t, Map.of("", v)));
        replace(accessed, acc, counted);
        if (heatmap != null) {
            Map<String, Map<String, Long>> classes = new HashMap<>();
            Map<String, long[]> perClassPages = new HashMap<>();
            for (int pid : heatmap.pids()) {
                String task = taskOfPid.get(pid);
                if (task == null) {
                    continue;
                }
                long[] pages = perClassPages.computeIfAbsent(task, t -> new long[heatmap.settings().heatClasses()]);
                for (Heatmap.HeatRange r : heatmap.ranges(pid)) {
                    pages[heatmap.heatClass(r.heat())] += r.pages();
                }
            }
            perClassPages.forEach((task, pages) -> {
                Map<String, Long> perClass = new HashMap<>();
                for (int c = 0; c < pages.length; c++) {
                    perClass.put(String.valueOf(c), pages[c]);
                }
                classes.put(task, perClass);
            });
            replace(heatClass, classes, counted);
        }
        forgetTasksNotIn(tasks);
    }

    void scanSeconds(String task, long msPerScan) {
        if (msPerScan >= 0) {
            set(scan, msPerScan / 1000.0, task);
        }
    }

    void pending(int decisions) {
        pending.set(decisions);
    }

    /**
     * Sets the series of the {@code counted} tasks to exactly {@code values} (task -> second label ->
     * value; "" for none); other tasks' series keep their values.
     */
    private void replace(Metrics.Gauge g, Map<String, Map<String, Long>> values, Set<String> counted) {
        String name = nameOf(g);
        Set<List<String>> now = new HashSet<>();
        values.forEach((task, inner) -> inner.forEach((label, v) -> {
            List<String> labels = label.isEmpty() ? List.of(task) : List.of(task, label);
            now.add(labels);
            g.set(v, labels.toArray(String[]::new));
        }));
        for (List<String> old : series.getOrDefault(name, Set.of())) {
            if (!counted.contains(old.get(0))) {
                now.add(old);
            } else if (!now.contains(old)) {
                g.remove(old.toArray(String[]::new));
            }
        }
        series.put(name, now);
    }

    private void set(Metrics.Gauge g, double v, String... labels) {
        g.set(v, labels);
        series.computeIfAbsent(nameOf(g), k -> new HashSet<>()).add(List.of(labels));
    }

    private String nameOf(Metrics.Gauge g) {
        return g == tracked ? TRACKED : g == accessed ? ACCESSED : g == moved ? MOVED : g == swapped ? SWAPPED
                : g == scan ? SCAN : HEAT_CLASS;
    }

    /** Drops every per-task series of tasks no longer selected. */
    private void forgetTasksNotIn(Set<String> tasks) {
        Metrics.Gauge[] gauges = {tracked, accessed, moved, swapped, scan, heatClass};
        for (Metrics.Gauge g : gauges) {
            Set<List<String>> s = series.getOrDefault(nameOf(g), new HashSet<>());
            s.removeIf(labels -> {
                if (!tasks.contains(labels.get(0))) {
                    g.remove(labels.toArray(String[]::new));
                    return true;
                }
                return false;
            });
        }
        movedByTaskNode.keySet().retainAll(tasks);
        swappedByTask.keySet().retainAll(tasks);
    }
}
