package io.numaagent.plugins.numaallocator;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The NUMA allocator: each cycle it pins up to {@code max_pins_per_cycle} tasks (biggest first) to
 * one NUMA node, chosen by {@code fill_biggest_first} or {@code minimize_migration}, moves their
 * memory there, re-migrates pinned tasks whose memory drifted, and optionally un-pins tasks whose
 * node can no longer hold them. Pure decision logic over the snapshot; see the module README.
 */
final class NumaAllocatorPlugin implements Plugin {

    /** WCA assumes 4 KiB pages throughout (hugepages are not supported there either). */
    static final long PAGE_BYTES = 4096;

    private final AllocatorSettings settings;
    private final String name;
    private final PluginLogger log;
    private final AllocatorMetrics metrics;

    private final Set<String> warnedNoNodeMemory = new HashSet<>();
    /** Every task seen, with the cycle it was last seen in and whether it has a pages-to-move series. */
    private final Map<String, SeenTask> seen = new HashMap<>();
    private final RetryTracker migrationRetries = new RetryTracker();
    private final RetryTracker pinRetries = new RetryTracker();
    private final Map<String, Instant> rebalanceHoldOff = new HashMap<>();
    private int warnedBalancingMode = Integer.MIN_VALUE;
    private boolean warnedBalancingUnknown;
    private boolean warnedSwap;

    NumaAllocatorPlugin(AllocatorSettings settings, PluginContext context) {
        this.settings = settings;
        this.name = context.instanceName();
        this.log = context.log();
        this.metrics = new AllocatorMetrics(context.metrics());
        log.info("{} started: {}", name, settings);
    }

    /** Per-task bookkeeping across cycles. */
    private static final class SeenTask {
        long cycle;
        boolean pagesSeries;
    }

    /** One task as the allocator sees it in this cycle. */
    private static final class TaskView {
        final Task task;
        final long memory;
        final int pinnedPosition;
        final boolean hasNodeMemory;
        /** Sum of the per-node figures; -1 until needed. */
        private long nodeMemoryTotal = -1;
        double[] preferences;
        SeenTask seen;
        /** Un-pinned by rebalance in this cycle. */
        boolean unpinned;
        /** Position of the node chosen for the task in this cycle, -1 if none. */
        int pinTarget = -1;

        TaskView(Task task, long memory, int pinnedPosition) {
            this.task = task;
            this.memory = memory;
            this.pinnedPosition = pinnedPosition;
            this.hasNodeMemory = task.measurements().hasMemoryPerNode();
        }

        long nodeMemoryTotal() {
            if (nodeMemoryTotal < 0) {
                nodeMemoryTotal = task.measurements().memoryBytesTotal();
            }
            return nodeMemoryTotal;
        }

        /** Bytes not on the node {@code nodeId}, in one pass over the per-node figures. */
        long bytesOffNode(int nodeId) {
            long[] sums = new long[2];
            task.measurements().memoryBytesPerNode().forEach((node, bytes) -> {
                sums[0] += bytes;
                if (node == nodeId) {
                    sums[1] += bytes;
                }
            });
            nodeMemoryTotal = sums[0];
            return sums[0] - sums[1];
        }

        String id() {
            return task.id();
        }
    }

    /** A task chosen for a node. */
    private record Pin(TaskView view, int position, String reason) {
    }

    /** The platform's nodes as arrays by position (ascending node id). */
    private static final class Nodes {
        final int[] ids;
        final long[] freeBytes;
        final boolean[] candidate;
        final CpuSet[] cpus;
        final long totalMemory;
        /** Position of the node with CPUs that holds each CPU id, -1 for none. */
        final int[] positionByCpu;

        Nodes(List<NumaNode> platformNodes) {
            List<NumaNode> nodes = new ArrayList<>(platformNodes);
            nodes.sort(Comparator.comparingInt(NumaNode::id));
            int n = nodes.size();
            ids = new int[n];
            freeBytes = new long[n];
            candidate = new boolean[n];
            cpus = new CpuSet[n];
            long total = 0;
            int maxCpu = -1;
            for (NumaNode node : nodes) {
                maxCpu = Math.max(maxCpu, node.cpus().isEmpty() ? -1 : node.cpus().stream().max().getAsInt());
            }
            positionByCpu = new int[maxCpu + 1];
            java.util.Arrays.fill(positionByCpu, -1);
            for (int i = 0; i < n; i++) {
                NumaNode node = nodes.get(i);
                ids[i] = node.id();
                freeBytes[i] = node.memFreeBytes();
                candidate[i] = node.hasCpus();
                cpus[i] = node.cpus();
                total += node.memFreeBytes() + node.memUsedBytes();
                for (int c : node.cpus().toArray()) {
                    if (positionByCpu[c] < 0) {
                        positionByCpu[c] = i;
                    }
                }
            }
            totalMemory = total;
        }

        int size() {
            return ids.length;
        }
    }

    @Override
    public List<Decision> decide(Snapshot snapshot) {
        Nodes nodes = new Nodes(snapshot.platform().nodes());
        long cycle = snapshot.sequence();
        List<Task> tasks = snapshot.tasks();
        TaskView[] unsorted = new TaskView[tasks.size()];
        long[] memory = new long[tasks.size()];
        int current = 0;
        for (int i = 0; i < unsorted.length; i++) {
            Task t = tasks.get(i);
            memory[i] = taskMemory(t, nodes.totalMemory);
            unsorted[i] = new TaskView(t, memory[i], pinnedPosition(t.measurements(), nodes));
            SeenTask st = seen.get(t.id());
            if (st == null) {
                st = new SeenTask();
                seen.put(t.id(), st);
            }
            if (st.cycle != cycle) {
                st.cycle = cycle;
                current++;
            }
            unsorted[i].seen = st;
        }
        if (current != seen.size()) {
            forgetGoneTasks(cycle);
        }
        readOutcomes(snapshot, cycle);

        // biggest first, stable: equal tasks keep the order of the snapshot (as WCA's sorted(reverse=True))
        int[] order = BiggestFirst.order(memory);
        List<TaskView> views = new ArrayList<>(order.length);
        for (int i : order) {
            views.add(unsorted[i]);
        }
        // loops that do not need the order walk the snapshot's order: the task objects lie in memory that way
        warnAboutMissingNodeMemory(unsorted);

        int n = nodes.size();
        long[] balancedBytes = new long[n];
        int[] balancedCount = new int[n];
        int pinnedTasks = 0;
        for (TaskView v : views) {
            if (v.pinnedPosition >= 0) {
                balancedBytes[v.pinnedPosition] += v.memory;
                balancedCount[v.pinnedPosition]++;
                pinnedTasks++;
            }
        }
        for (int i = 0; i < n; i++) {
            String node = Integer.toString(nodes.ids[i]);
            metrics.balancedTasks.set(balancedCount[i], node);
            metrics.balancedMemoryBytes.set(balancedBytes[i], node);
        }
        metrics.tasks.set(views.size());

        List<Decision> decisions = new ArrayList<>();
        numaBalancing(snapshot.kernel(), pinnedTasks, decisions);

        // un-pinning first: an un-pinned task no longer weighs on its node's balance
        if (settings.rebalance()) {
            rebalance(views, nodes, snapshot, balancedBytes, decisions);
        }

        List<Pin> pins = choosePins(views, nodes, balancedBytes.clone(), snapshot);
        List<MigrateMemory> migrations = new ArrayList<>();
        for (Pin p : pins) {
            pinDecisions(p, nodes, decisions, migrations);
        }
        decisions.addAll(remigrations(views, nodes, cycle, migrations));
        if (refuseMigrationsWithSwap(snapshot.kernel(), migrations)) {
            decisions.removeIf(d -> d instanceof MigrateMemory);
        }

        publishTaskMetrics(unsorted, nodes);
        for (Decision d : decisions) {
            metrics.decisions.increment(d.action());
        }
        if (settings.dryrun()) {
            for (Decision d : decisions) {
                log.info("dryrun: would {} for {}: {}", d.action(), d.task() == null ? "the machine" : d.task(), d.reason());
            }
            return List.of();
        }
        return decisions;
    }

    // ---- inputs ---------------------------------------------------------------------------------

    /**
     * WCA's {@code memory_limit}: the requested memory (request, else limit) when the task source gives one,
     * else the first measured value of limit, peak usage, usage that is known and not above the machine's
     * total memory, else 0 (a "ghost" task that is never pinned).
     */
    static long taskMemory(Task task, long totalMemory) {
        Resources r = task.requested();
        if (r.memoryRequestBytes() > 0) {
            return r.memoryRequestBytes();
        }
        if (r.memoryLimitBytes() > 0) {
            return r.memoryLimitBytes();
        }
        TaskMeasurements m = task.measurements();
        if (m.memoryLimitBytes() >= 0 && m.memoryLimitBytes() <= totalMemory) {
            return m.memoryLimitBytes();
        }
        if (m.memoryMaxUsageBytes() >= 0 && m.memoryMaxUsageBytes() <= totalMemory) {
            return m.memoryMaxUsageBytes();
        }
        if (m.memoryUsageBytes() >= 0 && m.memoryUsageBytes() <= totalMemory) {
            return m.memoryUsageBytes();
        }
        return 0;
    }

    /** The position of the node whose CPUs equal the task's cpuset exactly, else -1 (unpinned, as WCA). */
    private static int pinnedPosition(TaskMeasurements m, Nodes nodes) {
        CpuSet cpus = m.cpus().isEmpty() ? m.effectiveCpus() : m.cpus();
        if (cpus.isEmpty()) {
            return -1;
        }
        int first = cpus.first();
        if (first >= nodes.positionByCpu.length) {
            return -1;
        }
        int p = nodes.positionByCpu[first];
        return p >= 0 && nodes.cpus[p].equals(cpus) ? p : -1;
    }

    /**
     * Share of the task's memory on each node, rounded half-even to 4 places as WCA does. CPU-less nodes
     * have a share like any other (their pages count in the total), but no node choice uses it.
     */
    private static double[] preferences(TaskView v, Nodes nodes) {
        if (v.preferences == null) {
            TaskMeasurements m = v.task.measurements();
            double total = Math.max(1, v.nodeMemoryTotal());
            double[] p = new double[nodes.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = WcaRounding.round(m.memoryBytesOnNode(nodes.ids[i]) / total, 4);
            }
            v.preferences = p;
        }
        return v.preferences;
    }

    /** The preference for one node, without computing the others. */
    private static double preference(TaskView v, Nodes nodes, int position) {
        if (v.preferences != null) {
            return v.preferences[position];
        }
        double total = Math.max(1, v.nodeMemoryTotal());
        return WcaRounding.round(v.task.measurements().memoryBytesOnNode(nodes.ids[position]) / total, 4);
    }

    /** 4 KiB pages of the task that are not on the node at {@code position}. */
    private static long pagesOffNode(TaskView v, Nodes nodes, int position) {
        return v.bytesOffNode(nodes.ids[position]) / PAGE_BYTES;
    }

    // ---- bookkeeping ---------------------------------------------------------------------------

    /** Drops all state of tasks not in this cycle's snapshot, including their metric series. */
    private void forgetGoneTasks(long cycle) {
        java.util.function.Predicate<String> gone = id -> {
            SeenTask st = seen.get(id);
            return st == null || st.cycle != cycle;
        };
        warnedNoNodeMemory.removeIf(gone);
        migrationRetries.removeIf(gone);
        pinRetries.removeIf(gone);
        rebalanceHoldOff.keySet().removeIf(gone);
        var it = seen.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getValue().cycle != cycle) {
                metrics.taskNode.remove(e.getKey());
                if (e.getValue().pagesSeries) {
                    metrics.taskPagesToMove.remove(e.getKey());
                }
                it.remove();
            }
        }
    }

    /** Feeds the previous cycle's outcomes of this plugin's decisions into the retry trackers. */
    private void readOutcomes(Snapshot snapshot, long cycle) {
        for (Outcome o : snapshot.outcomes()) {
            Decision d = o.decision();
            if (!name.equals(d.plugin()) || d.task() == null) {
                continue;
            }
            List<Integer> pids = snapshot.task(d.task()).map(Task::pids).orElse(List.of());
            if (d instanceof MigrateMemory) {
                migrationRetries.record(d.task(), o, cycle, pids);
            } else if (d instanceof SetCpus && !rebalanceHoldOff.containsKey(d.task())) {
                pinRetries.record(d.task(), o, cycle, pids);
            }
        }
    }

    /** Logs once per task (not every cycle) that a task has no per-node memory figures and is left alone. */
    private void warnAboutMissingNodeMemory(TaskView[] views) {
        for (TaskView v : views) {
            if (v.hasNodeMemory) {
                if (!warnedNoNodeMemory.isEmpty()) {
                    warnedNoNodeMemory.remove(v.id());
                }
            } else if (warnedNoNodeMemory.add(v.id())) {
                log.warn("task {} has no per-node memory figures (memory.numa_stat); it is not pinned or migrated "
                        + "until they are available", v.id());
            }
        }
    }

    // ---- kernel.numa_balancing ----------------------------------------------------------------

    private void numaBalancing(KernelState kernel, int pinnedTasks, List<Decision> decisions) {
        int mode = kernel.numaBalancing();
        metrics.numaBalancing.set(mode);
        String wanted = settings.numaBalancing();
        if (mode == KernelState.NUMA_BALANCING_UNKNOWN) {
            if (!"keep".equals(wanted) && !warnedBalancingUnknown) {
                log.warn("numa_balancing: {} has nothing to change: this kernel has no kernel.numa_balancing", wanted);
                warnedBalancingUnknown = true;
            }
            return;
        }
        warnedBalancingUnknown = false;
        if ("disable".equals(wanted) && mode > 0) {
            decisions.add(new SetNumaBalancing(name, 0, "numa_balancing: disable, and kernel.numa_balancing is " + mode
                    + ": automatic balancing would move the pages of pinned tasks off their node"));
            return;
        }
        if ("enable".equals(wanted) && mode == 0) {
            decisions.add(new SetNumaBalancing(name, 1, "numa_balancing: enable, and kernel.numa_balancing is 0"));
            return;
        }
        // with numa_balancing: enable the operator asked for it on; no point warning about it
        if (mode > 0 && pinnedTasks > 0 && "keep".equals(wanted)) {
            if (warnedBalancingMode != mode) {
                log.warn("kernel.numa_balancing is {} while {} task(s) are pinned to one node; the kernel documents that "
                        + "it should be disabled for bound workloads (numa_balancing: disable)", mode, pinnedTasks);
                warnedBalancingMode = mode;
            }
        } else {
            warnedBalancingMode = Integer.MIN_VALUE;
        }
    }

    // ---- rebalance (un-pinning) ----------------------------------------------------------------

    /**
     * Un-pins every pinned task whose node can no longer hold it: the part of the task's memory that is
     * not on its node is at least the node's free memory (the opposite of {@code free_space_check}'s
     * test, applied to the node the task is on).
     */
    private void rebalance(List<TaskView> views, Nodes nodes, Snapshot snapshot, long[] balancedBytes,
                           List<Decision> decisions) {
        CpuSet allCpus = CpuSet.EMPTY;
        List<Integer> memoryNodes = new ArrayList<>();
        for (NumaNode node : snapshot.platform().nodes()) {
            allCpus = allCpus.union(node.cpus());
            if (node.hasMemory()) {
                memoryNodes.add(node.id());
            }
        }
        CpuSet withoutIsolated = allCpus.difference(snapshot.platform().isolatedCpus());
        CpuSet wide = withoutIsolated.isEmpty() ? allCpus : withoutIsolated;
        for (TaskView v : views) {
            int p = v.pinnedPosition;
            if (p < 0 || v.memory == 0 || !v.hasNodeMemory) {
                continue;
            }
            long missing = v.memory - v.task.measurements().memoryBytesOnNode(nodes.ids[p]);
            long free = nodes.freeBytes[p];
            if (missing < free) {
                continue;
            }
            String reason = String.format(Locale.ROOT,
                    "rebalance: node %d cannot hold the task: %s of its %s are elsewhere but only %s are free there; "
                            + "widening to all nodes", nodes.ids[p], gb(missing), gb(v.memory), gb(free));
            decisions.add(new SetCpus(name, v.id(), wide, reason));
            if (settings.memoryBinding() && !memoryNodes.isEmpty()) {
                decisions.add(new SetMems(name, v.id(), NodeSet.of(memoryNodes), reason));
            }
            log.info("un-pin {}: {}", v.id(), reason);
            v.unpinned = true;
            balancedBytes[p] -= v.memory;
            rebalanceHoldOff.put(v.id(), snapshot.time().plus(settings.rebalanceHoldOff()));
        }
    }

    // ---- choosing tasks to pin ------------------------------------------------------------------

    private List<Pin> choosePins(List<TaskView> views, Nodes nodes, long[] balancedBytes, Snapshot snapshot) {
        List<Pin> pins = new ArrayList<>();
        int max = settings.maxPinsPerCycle();
        // free memory as it will be once this cycle's pins have pulled their memory in (measured, for the first pin)
        long[] freeBytes = nodes.freeBytes.clone();
        for (TaskView v : views) {
            if (pins.size() >= max) {
                break;
            }
            if (v.pinnedPosition >= 0 || v.memory == 0 || !v.hasNodeMemory || v.unpinned) {
                continue;
            }
            Instant holdUntil = rebalanceHoldOff.get(v.id());
            if (holdUntil != null) {
                if (snapshot.time().isBefore(holdUntil)) {
                    continue;
                }
                rebalanceHoldOff.remove(v.id());
            }
            String blocked = pinRetries.blocked(v.id(), snapshot.sequence(), v.task.pids());
            if (blocked != null) {
                log.debug("not pinning {}: {}", v.id(), blocked);
                continue;
            }
            Pin pin = settings.minimizeMigration() ? minimizeMigration(v, nodes, balancedBytes, freeBytes)
                    : fillBiggestFirst(v, nodes, balancedBytes);
            if (pin == null) {
                continue;
            }
            long missing = v.memory - v.task.measurements().memoryBytesOnNode(nodes.ids[pin.position]);
            if (settings.freeSpaceCheck() && missing >= freeBytes[pin.position]) {
                log.debug("not pinning {} to node {}: {} would have to move there, {} free (free_space_check)",
                        v.id(), nodes.ids[pin.position], gb(missing), gb(freeBytes[pin.position]));
                continue;
            }
            pins.add(pin);
            v.pinTarget = pin.position;
            // WCA pins one task per cycle and never needed this; with several pins each must see the others
            balancedBytes[pin.position] += v.memory;
            freeBytes[pin.position] -= Math.max(0, missing);
        }
        return pins;
    }

    private Pin fillBiggestFirst(TaskView v, Nodes nodes, long[] balancedBytes) {
        int p = NodeSelection.bestMemoryNode(v.memory, balancedBytes, nodes.candidate);
        if (p < 0) {
            return null;
        }
        return new Pin(v, p, String.format(Locale.ROOT, "fill_biggest_first: node %d has the best balance %.4f for %s",
                nodes.ids[p], NodeSelection.balance(v.memory, balancedBytes[p]), gb(v.memory)));
    }

    private Pin minimizeMigration(TaskView v, Nodes nodes, long[] balancedBytes, long[] freeBytes) {
        double[] pref = preferences(v, nodes);
        double top = 0;
        for (int i = 0; i < pref.length; i++) {
            if (nodes.candidate[i]) {
                top = Math.max(top, pref[i]);
            }
        }
        if (top < settings.loopMinTaskBalance()) {
            return null;
        }
        BitSet mostUsed = NodeSelection.mostUsedNodes(pref, nodes.candidate);
        BitSet bestMemory = NodeSelection.bestMemoryNodes(v.memory, balancedBytes, nodes.candidate);
        BitSet mostFree = NodeSelection.mostFreeMemoryNodes(v.memory, freeBytes, nodes.candidate);
        NodeSelection.Choice c = NodeSelection.migrationMinimizerCore(mostUsed, bestMemory, mostFree);
        if (c == null) {
            return null;
        }
        return new Pin(v, c.position(), String.format(Locale.ROOT,
                "minimize_migration: node %d is among the %s nodes for %s (%.4f of its memory is there)",
                nodes.ids[c.position()], c.match().text, gb(v.memory), pref[c.position()]));
    }

    private void pinDecisions(Pin p, Nodes nodes, List<Decision> decisions, List<MigrateMemory> migrations) {
        String task = p.view.id();
        int node = nodes.ids[p.position];
        decisions.add(new SetCpus(name, task, nodes.cpus[p.position], p.reason));
        if (settings.memoryBinding()) {
            if (settings.memoryMigrate()) {
                decisions.add(new SetMemoryMigrate(name, task, true, "memory_migrate before binding to node " + node
                        + " (cgroups_memory_migrate)"));
            }
            decisions.add(new SetMems(name, task, NodeSet.of(node), "bind memory to node " + node
                    + " (cgroups_memory_binding): " + p.reason));
        }
        if (settings.migratePages()) {
            long pages = pagesOffNode(p.view, nodes, p.position);
            MigrateMemory mm = new MigrateMemory(name, task, node, NodeSet.EMPTY, settings.migrationMode(),
                    "move memory to node " + node + " after pinning: " + pages + " pages elsewhere");
            decisions.add(mm);
            migrations.add(mm);
        }
        log.info("pin {} to node {}: {}", task, node, p.reason);
    }

    // ---- re-migration of pinned tasks ------------------------------------------------------------

    /**
     * WCA's step 4: a task pinned (before this cycle) to the node with the most free memory, whose share of
     * memory there is below {@code migrate_pages_min_task_balance}, has its memory moved there again. Unlike
     * WCA it is skipped while an earlier migration of it failed (see {@link RetryTracker}) and when nothing
     * is off the node.
     */
    private List<MigrateMemory> remigrations(List<TaskView> views, Nodes nodes, long cycle,
                                             List<MigrateMemory> migrations) {
        Double threshold = settings.migratePagesMinTaskBalance();
        if (!settings.migratePages() || threshold == null) {
            return List.of();
        }
        int leastUsed = NodeSelection.leastUsedNode(nodes.freeBytes, nodes.candidate);
        if (leastUsed < 0) {
            return List.of();
        }
        List<MigrateMemory> remigrations = new ArrayList<>();
        int node = nodes.ids[leastUsed];
        for (TaskView v : views) {
            if (v.pinnedPosition != leastUsed || !v.hasNodeMemory || v.unpinned) {
                continue;
            }
            double share = preference(v, nodes, leastUsed);
            if (share >= threshold) {
                continue;
            }
            long pages = pagesOffNode(v, nodes, leastUsed);
            if (pages == 0) {
                continue;
            }
            String blocked = migrationRetries.blocked(v.id(), cycle, v.task.pids());
            if (blocked != null) {
                metrics.migrationsRefused.increment("earlier_failure");
                log.debug("not re-migrating {} to node {}: {}", v.id(), node, blocked);
                continue;
            }
            MigrateMemory mm = new MigrateMemory(name, v.id(), node, NodeSet.EMPTY, settings.migrationMode(),
                    String.format(Locale.ROOT, "re-migrate: only %.4f of the memory is on node %d (below %s), which has "
                            + "the most free memory; %d pages elsewhere", share, node, threshold, pages));
            remigrations.add(mm);
            migrations.add(mm);
        }
        return remigrations;
    }

    /**
     * Whether every migration of this cycle must be dropped: swap is on and {@code migrate_with_swap} is false
     * (the pins stay). Counts and logs the refusals.
     */
    private boolean refuseMigrationsWithSwap(KernelState kernel, List<MigrateMemory> migrations) {
        if (!kernel.swapEnabled() || settings.migrateWithSwap()) {
            warnedSwap = false;
            return false;
        }
        if (!migrations.isEmpty()) {
            metrics.migrationsRefused.add(migrations.size(), "swap_enabled");
            List<String> tasks = migrations.stream().map(MigrateMemory::task).toList();
            if (!warnedSwap) {
                log.warn("memory migration refused for {}: swap is enabled and migrate_with_swap is false "
                        + "(moving memory with swap on risks OOM kills); the pins are kept", tasks);
                warnedSwap = true;
            } else {
                log.debug("memory migration refused for {}: swap is enabled", tasks);
            }
        }
        return true;
    }

    // ---- metrics ------------------------------------------------------------------------------

    private void publishTaskMetrics(TaskView[] views, Nodes nodes) {
        long sum = 0;
        for (TaskView v : views) {
            metrics.taskNode.set(v.pinnedPosition < 0 ? -1 : nodes.ids[v.pinnedPosition], v.id());
            int position = v.unpinned ? -1 : v.pinTarget >= 0 ? v.pinTarget : v.pinnedPosition;
            SeenTask st = v.seen;
            if (position >= 0 && v.hasNodeMemory) {
                long pages = pagesOffNode(v, nodes, position);
                metrics.taskPagesToMove.set(pages, v.id());
                sum += pages;
                st.pagesSeries = true;
            } else if (st.pagesSeries) {
                metrics.taskPagesToMove.remove(v.id());
                st.pagesSeries = false;
            }
        }
        metrics.pagesToMove.set(sum);
    }

    /** Bytes as decimal gigabytes with one decimal, as WCA's logs print them. */
    static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
