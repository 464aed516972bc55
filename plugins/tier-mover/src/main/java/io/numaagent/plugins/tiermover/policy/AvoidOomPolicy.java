package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * memtierd's {@code avoid-oom} policy. Node sets are the selected tasks' allowed nodes plus the set of
 * all nodes; a set whose free memory is below the sum of its members' start watermarks puts them under
 * high pressure, below the stop watermarks under medium pressure. When some nodes are under high and
 * some under no pressure, for each set (least free first) holding both, the processes with at least
 * 16 MiB on high-pressure nodes offer their anonymous mappings there as candidates, largest score first;
 * each goes to the first node, in memtierd's order of preferred node sets, whose room above its stop
 * watermark is at least a quarter of the mapping, until the high-pressure nodes are back at their
 * stop watermarks.
 *
 * <p>Differences forced by the snapshot: free memory is the node's {@code MemFree} (memtierd adds
 * reclaimable slab and 80 % of inactive file pages); a mapping is a finder tracker's range with the node
 * holding most of it (memtierd sums numa_maps per node); the score is the process's resident bytes
 * times the mapping's KiB (memtierd uses {@code oom_score}, itself mostly resident memory per mille).
 */
public final class AvoidOomPolicy implements TieringPolicy {

    static final long MIN_PID_BYTES = 16L << 20;

    private final PolicySettings.AvoidOom settings;

    public AvoidOomPolicy(PolicySettings.AvoidOom settings) {
        this.settings = settings;
    }

    private record NodeSetState(NodeSet nodes, long avail, long start, long stop, List<String> tasks) {
    }

    private record Candidate(String task, int pid, RangeCounter range, long score, NodeSet pidNodes, NodeSet setNodes) {
    }

    @Override
    public List<Decision> round(Round round) {
        if (!round.moverIdle()) {
            return List.of();
        }
        Map<Integer, NumaNode> nodes = new LinkedHashMap<>();
        round.nodes().stream().filter(NumaNode::hasMemory).forEach(n -> nodes.put(n.id(), n));
        NodeSet all = NodeSet.of(nodes.keySet());
        Map<NodeSet, List<String>> setTasks = new LinkedHashMap<>();
        setTasks.put(all, new ArrayList<>());
        for (Task t : round.tasks().values()) {
            NodeSet allowed = t.measurements().allowedMems();
            NodeSet set = allowed.isEmpty() ? all : NodeSet.of(ids(allowed).stream().filter(nodes::containsKey).toList());
            setTasks.computeIfAbsent(set.isEmpty() ? all : set, k -> new ArrayList<>()).add(t.id());
        }
        List<NodeSetState> sets = new ArrayList<>();
        setTasks.forEach((set, tasks) -> {
            long avail = 0;
            long start = 0;
            long stop = 0;
            for (int id : ids(set)) {
                NumaNode n = nodes.get(id);
                avail += n.memFreeBytes();
                start += settings.startFreeing().bytesOn(n);
                stop += settings.stopFreeing().bytesOn(n);
            }
            sets.add(new NodeSetState(set, avail, start, stop, tasks));
        });
        sets.sort(Comparator.comparingLong(NodeSetState::avail));
        TreeSet<Integer> high = new TreeSet<>();
        TreeSet<Integer> med = new TreeSet<>();
        for (NodeSetState s : sets) {
            if (s.avail < s.start) {
                high.addAll(ids(s.nodes));
            } else if (s.avail < s.stop) {
                med.addAll(ids(s.nodes));
            }
        }
        TreeSet<Integer> none = new TreeSet<>(nodes.keySet());
        none.removeAll(high);
        none.removeAll(med);
        if (high.isEmpty() || high.size() == nodes.size() || none.isEmpty()) {
            return List.of();
        }
        Map<Integer, Long> toMove = new HashMap<>();
        high.forEach(n -> toMove.put(n, settings.stopFreeing().bytesOn(nodes.get(n)) - nodes.get(n).memFreeBytes()));
        Map<Integer, Long> availOn = new HashMap<>();
        none.forEach(n -> availOn.put(n, nodes.get(n).memFreeBytes() - settings.stopFreeing().bytesOn(nodes.get(n))));
        Moves moves = new Moves(round);
        for (NodeSetState s : sets) {
            if (positive(high, toMove) <= 0 || positive(none, availOn) <= 0) {
                break;
            }
            if (s.tasks.isEmpty() || ids(s.nodes).stream().noneMatch(high::contains)
                    || ids(s.nodes).stream().noneMatch(none::contains)) {
                continue;
            }
            for (Candidate c : candidates(round, s, high)) {
                int target = target(c, high, med, none, availOn, round.pageSize());
                if (target < 0) {
                    continue;
                }
                int from = c.range.node();
                long budget = toMove.getOrDefault(from, 0L);
                if (budget <= 0) {
                    continue;
                }
                // memtierd moves the mapping's pages while their node still has bytes to free
                long pages = Math.min(c.range.pages(), (budget + round.pageSize() - 1) / round.pageSize());
                moves.add(c.task, c.pid, c.range.start(), pages, target);
                toMove.merge(from, -pages * round.pageSize(), Long::sum);
                availOn.merge(target, -pages * round.pageSize(), Long::sum);
                if (positive(high, toMove) <= 0 || positive(none, availOn) <= 0) {
                    break;
                }
            }
        }
        return moves.decisions("avoid-oom: free memory on nodes " + NodeSet.of(high));
    }

    private static List<Integer> ids(NodeSet s) {
        return s.stream().boxed().toList();
    }

    private static long positive(java.util.Collection<Integer> nodes, Map<Integer, Long> bytes) {
        return nodes.stream().mapToLong(n -> Math.max(0, bytes.getOrDefault(n, 0L))).sum();
    }

    private static List<Candidate> candidates(Round round, NodeSetState s, java.util.Set<Integer> high) {
        List<Candidate> out = new ArrayList<>();
        for (ProcessCounters p : round.processes()) {
            if (!s.tasks.contains(p.task())) {
                continue;
            }
            long onHigh = 0;
            long resident = 0;
            List<Integer> pidNodes = new ArrayList<>();
            for (RangeCounter r : p.ranges()) {
                if (r.node() >= 0) {
                    long b = r.pages() * round.pageSize();
                    resident += b;
                    pidNodes.add(r.node());
                    if (high.contains(r.node())) {
                        onHigh += b;
                    }
                }
            }
            if (onHigh < MIN_PID_BYTES) {
                continue;
            }
            for (RangeCounter r : p.ranges()) {
                if (r.node() >= 0 && high.contains(r.node())) {
                    long size = r.pages() * round.pageSize();
                    out.add(new Candidate(p.task(), p.pid(), r, resident * (size >> 10), NodeSet.of(pidNodes), s.nodes));
                }
            }
        }
        out.sort(Comparator.comparingLong(Candidate::score).reversed()
                .thenComparingInt(Candidate::pid).thenComparingLong(c -> c.range.start()));
        return out;
    }

    /** The first node in memtierd's preferred masks with room for a quarter of the mapping, or -1. */
    private static int target(Candidate c, java.util.Set<Integer> high, java.util.Set<Integer> med,
                              java.util.Set<Integer> none, Map<Integer, Long> availOn, long pageSize) {
        long quarter = c.range.pages() * pageSize / 4;
        List<List<Integer>> masks = List.of(
                ids(c.pidNodes).stream().filter(none::contains).toList(),
                ids(c.setNodes).stream().filter(none::contains).toList(),
                ids(c.pidNodes).stream().filter(n -> none.contains(n) || med.contains(n)).toList(),
                ids(c.setNodes).stream().filter(n -> none.contains(n) || med.contains(n)).toList());
        for (List<Integer> mask : masks) {
            for (int n : mask) {
                if (availOn.getOrDefault(n, 0L) >= quarter) {
                    return n;
                }
            }
        }
        return -1;
    }
}
