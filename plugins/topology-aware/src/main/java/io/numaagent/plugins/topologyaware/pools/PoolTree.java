package io.numaagent.plugins.topologyaware.pools;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pool tree, built as the reference builds it: a virtual {@code root} over the sockets when there
 * is more than one socket (else the socket is the root); under a socket its dies when it has more than
 * one and some die has more than one CPU cluster ({@code cluster_id}; dies whose clusters are unknown
 * count as having several), else its NUMA nodes when it has more than one; under a die its NUMA nodes
 * when it has more than one. A NUMA node without memory gets no pool (its CPUs stay with the parent).
 * Below the lowest of these pools (a NUMA node, or a socket or die without NUMA pools), one
 * {@code L3 cache #id} pool per L3 cache lying wholly in it, when it holds more than one. Pools are
 * numbered depth-first, children before parents, so leaves have the lowest ids and the root the highest.
 *
 * <p>Memory: the root has every node with memory; any other pool the nodes whose CPUs it holds (those
 * with memory), plus each CPU-less PMEM or HBM node whose closest CPU-ful DRAM nodes include one of
 * those.
 */
public final class PoolTree {

    private final List<Pool> pools;
    private final Pool root;
    private final Map<String, Pool> byName = new LinkedHashMap<>();
    private final MemoryNodes memory;
    private final Platform platform;

    private PoolTree(Pool root, MemoryNodes memory, Platform platform) {
        this.root = root;
        this.platform = platform;
        this.memory = memory;
        this.pools = root.subtree();
        for (int i = 0; i < pools.size(); i++) {
            Pool p = pools.get(i);
            int depth = 0;
            for (Pool a = p.parent(); a != null; a = a.parent()) {
                depth++;
            }
            p.number(i, depth);
            byName.put(p.name(), p);
        }
    }

    /**
     * Builds the tree of a machine.
     *
     * @throws IllegalArgumentException when the NUMA distance matrix is not symmetric
     */
    public static PoolTree build(Platform platform, CpuClasses classes) {
        checkDistances(platform);
        MemoryNodes memory = new MemoryNodes(platform);
        Builder b = new Builder(platform, classes, memory);
        return new PoolTree(b.buildRoot(), memory, platform);
    }

    private static void checkDistances(Platform platform) {
        for (NumaNode a : platform.nodes()) {
            for (NumaNode b : platform.nodes()) {
                int ab = platform.distance(a.id(), b.id());
                int ba = platform.distance(b.id(), a.id());
                if (ab != ba) {
                    throw new IllegalArgumentException("asymmetric NUMA distance (#" + a.id() + ", #" + b.id() + "): "
                            + ab + " != " + ba);
                }
            }
        }
    }

    public Pool root() {
        return root;
    }

    /** Every pool in id order. */
    public List<Pool> pools() {
        return pools;
    }

    /** The pool with this name, or null. */
    public Pool pool(String name) {
        return byName.get(name);
    }

    /** The machine the tree was built of. */
    public Platform platform() {
        return platform;
    }

    public MemoryNodes memory() {
        return memory;
    }

    /** One line per pool, indented by depth: name, CPUs by class, memory by kind. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        describe(root, sb);
        return sb.toString();
    }

    private static void describe(Pool p, StringBuilder sb) {
        sb.append("  ".repeat(p.depth())).append('#').append(p.id()).append(' ').append(p.name()).append(':');
        if (!p.capacityIsolated().isEmpty()) {
            sb.append(" isolated ").append(p.capacityIsolated());
        }
        if (!p.reserved().isEmpty()) {
            sb.append(" reserved ").append(p.reserved());
        }
        sb.append(" sharable ").append(p.capacitySharable().isEmpty() ? "-" : p.capacitySharable());
        for (MemoryType t : MemoryType.values()) {
            NodeSet m = p.memset(t.bit());
            if (!m.isEmpty()) {
                sb.append(' ').append(t.name()).append(' ').append(m);
            }
        }
        sb.append('\n');
        for (Pool c : p.children()) {
            describe(c, sb);
        }
    }

    /** Walks the platform once; keeps what building needs. */
    private static final class Builder {
        private final Platform platform;
        private final CpuClasses classes;
        private final MemoryNodes memory;
        private final Map<Integer, List<Cpu>> bySocket = new TreeMap<>();

        Builder(Platform platform, CpuClasses classes, MemoryNodes memory) {
            this.platform = platform;
            this.classes = classes;
            this.memory = memory;
            for (Cpu c : platform.cpus()) {
                if (c.online()) {
                    bySocket.computeIfAbsent(c.socket(), s -> new ArrayList<>()).add(c);
                }
            }
        }

        Pool buildRoot() {
            Pool root = null;
            if (bySocket.size() > 1) {
                CpuSet all = CpuSet.of(bySocket.values().stream().flatMap(List::stream).map(Cpu::id).toList());
                root = new Pool("root", PoolKind.VIRTUAL_ROOT, null, all, classes.allowed(), classes.isolated(),
                        classes.reserved(), memory.split(memory.withMemory()));
            }
            Pool first = null;
            for (Map.Entry<Integer, List<Cpu>> s : bySocket.entrySet()) {
                Pool socket = pool("socket #" + s.getKey(), PoolKind.SOCKET, root, s.getValue(), root == null);
                first = first == null ? socket : first;
                TreeMap<Integer, List<Cpu>> dies = new TreeMap<>();
                s.getValue().forEach(c -> dies.computeIfAbsent(c.die(), d -> new ArrayList<>()).add(c));
                if (dies.size() > 1 && !diesAreClusters(dies)) {
                    for (Map.Entry<Integer, List<Cpu>> d : dies.entrySet()) {
                        Pool die = pool("die #" + s.getKey() + "/" + d.getKey(), PoolKind.DIE, socket, d.getValue(),
                                false);
                        if (!numaPools(die, d.getValue())) {
                            l3Pools(die, d.getValue());
                        }
                    }
                } else if (!numaPools(socket, s.getValue())) {
                    l3Pools(socket, s.getValue());
                }
            }
            if (first == null) {
                throw new IllegalArgumentException("no online CPUs to build pools of");
            }
            return root != null ? root : first;
        }

        /** NUMA node pools under {@code parent} when its CPUs span more than one node; false when not. */
        private boolean numaPools(Pool parent, List<Cpu> cpus) {
            TreeSet<Integer> nodes = new TreeSet<>();
            cpus.forEach(c -> {
                if (c.node() >= 0) {
                    nodes.add(c.node());
                }
            });
            if (nodes.size() <= 1) {
                return false;
            }
            for (int id : nodes) {
                NumaNode n = platform.node(id).orElse(null);
                if (n == null || !n.hasMemory()) {
                    continue; // no memory: its CPUs stay with the parent, less appealing than a sibling with memory
                }
                List<Cpu> own = cpus.stream().filter(c -> c.node() == id).toList();
                Pool node = pool("NUMA node #" + id, PoolKind.NUMA_NODE, parent, own, false);
                l3Pools(node, own);
            }
            return true;
        }

        /**
         * Whether no die of the socket has more than one CPU cluster, in which case the reference leaves
         * the die pools out. A socket none of whose CPUs has a known cluster id (kernels before 5.16) keeps
         * its dies: the reference reads a missing id as cluster 0 and so drops the dies on such kernels,
         * which we take for an accident.
         */
        private static boolean diesAreClusters(Map<Integer, List<Cpu>> dies) {
            if (dies.values().stream().flatMap(List::stream).allMatch(c -> c.details().cluster() < 0)) {
                return false;
            }
            for (List<Cpu> die : dies.values()) {
                if (die.stream().map(c -> c.details().cluster()).distinct().count() > 1) {
                    return false;
                }
            }
            return true;
        }

        /** One pool per L3 cache of the socket lying wholly within {@code cpus}, when there is more than one. */
        private void l3Pools(Pool parent, List<Cpu> cpus) {
            CpuSet scope = CpuSet.of(cpus.stream().map(Cpu::id).toList());
            Map<Integer, CpuSet> inside = new TreeMap<>();
            l3CachesOfSocket(cpus.get(0).socket()).forEach((id, shared) -> {
                if (scope.containsAll(shared)) {
                    inside.put(id, shared);
                }
            });
            if (inside.size() <= 1) {
                return;
            }
            inside.forEach((id, shared) -> {
                List<Cpu> own = cpus.stream().filter(c -> shared.contains(c.id())).toList();
                pool(parent.name() + "/L3 cache #" + id, PoolKind.L3_CACHE, parent, own, false);
            });
        }

        /**
         * The socket's L3 caches by id: each CPU's first level-3 cache, its CPUs as the first CPU lists
         * them. Caches listing the same CPUs under different ids are one (the lowest id): QEMU guests
         * give each CPU its own L3 id with a shared CPU list, and two pools of the same CPUs would hand
         * out the same exclusive CPUs twice. Caches whose CPU lists overlap otherwise are contradictory:
         * then none (no L3 pools).
         */
        private Map<Integer, CpuSet> l3CachesOfSocket(int socket) {
            Map<Integer, CpuSet> caches = new TreeMap<>();
            for (Cpu c : bySocket.getOrDefault(socket, List.of())) {
                c.details().caches().stream().filter(k -> k.level() == 3 && k.id() >= 0).findFirst()
                        .ifPresent(k -> caches.putIfAbsent(k.id(), k.sharedCpus()));
            }
            Map<Integer, CpuSet> distinct = new TreeMap<>();
            for (Map.Entry<Integer, CpuSet> e : caches.entrySet()) {
                if (distinct.containsValue(e.getValue())) {
                    continue;
                }
                if (distinct.values().stream().anyMatch(other -> other.intersects(e.getValue()))) {
                    return Map.of();
                }
                distinct.put(e.getKey(), e.getValue());
            }
            return distinct;
        }

        private Pool pool(String name, PoolKind kind, Pool parent, List<Cpu> cpus, boolean isRoot) {
            CpuSet set = CpuSet.of(cpus.stream().map(Cpu::id).toList());
            NodeSet mems = isRoot ? memory.withMemory() : memsFor(set);
            return new Pool(name, kind, parent, set, classes.allowed(), classes.isolated(), classes.reserved(),
                    memory.split(mems));
        }

        /** The nodes with memory among those of the CPUs, plus the closest CPU-less special memory. */
        private NodeSet memsFor(CpuSet cpus) {
            List<Integer> local = new ArrayList<>();
            for (NumaNode n : platform.nodes()) {
                if (n.cpus().intersects(cpus) && n.hasMemory()) {
                    local.add(n.id());
                }
            }
            NodeSet mems = NodeSet.of(local);
            List<Integer> special = new ArrayList<>();
            for (MemoryType t : List.of(MemoryType.PMEM, MemoryType.HBM)) {
                for (int id : memory.memoryOnly(t)) {
                    if (memory.closestDramWithCpus(id).intersects(mems)) {
                        special.add(id);
                    }
                }
            }
            return mems.union(NodeSet.of(special));
        }
    }
}
