package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.plugin.PluginLogger;
import io.numaagent.plugins.topologyaware.pools.MemoryType;
import io.numaagent.plugins.topologyaware.pools.Pool;
import io.numaagent.plugins.topologyaware.pools.PoolTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places containers into the pool tree and takes them out again. A request goes to the best-ranked
 * pool ({@link PoolRanking}); reserved and CPU-preserving requests always go to the root. In that pool
 * its whole CPUs are taken from the isolated CPUs (when it prefers them and there are enough) or sliced
 * off the shared CPUs, and its fraction is counted against the shared (or reserved) capacity. Exclusive
 * CPUs leave the free sets of the pool's ancestors and descendants too, and come back on release; the
 * shared cpuset of every other container follows from the pools' free sets, so a release widens them.
 */
public final class Allocator {

    private final PoolTree tree;
    private final CpuPicker picker;
    private final MemoryZones zones;
    private final HintPick hintPick;
    private final PoolRanking ranking;
    private final PluginLogger log;
    private final Map<String, Grant> grants = new LinkedHashMap<>();
    private final int[][] colocated;

    public Allocator(PoolTree tree, CpuPicker picker, PluginLogger log) {
        this.tree = tree;
        this.picker = picker;
        this.zones = new MemoryZones(tree.memory());
        this.hintPick = new HintPick(picker, tree.platform(), tree.memory());
        this.log = log;
        this.colocated = new int[tree.pools().size()][CpuType.values().length];
        this.ranking = new PoolRanking(tree, this);
    }

    public PoolTree tree() {
        return tree;
    }

    CpuPicker picker() {
        return picker;
    }

    MemoryZones zones() {
        return zones;
    }

    HintPick hintPick() {
        return hintPick;
    }

    int colocated(Pool pool, CpuType type) {
        return colocated[pool.id()][type.ordinal()];
    }

    /** The grant of a container, or null. */
    public Grant grant(String id) {
        return grants.get(id);
    }

    /** Every grant, in the order they were made. */
    public Collection<Grant> grants() {
        return Collections.unmodifiableCollection(grants.values());
    }

    /** Pools best first for a request (for tests and the pool dump). */
    public List<Pool> rank(Request req) {
        return ranking.rank(normalize(req)).stream().map(PoolScore::pool).toList();
    }

    private Request normalize(Request req) {
        if (req.cpuType() == CpuType.RESERVED && tree.root().reserved().isEmpty()) {
            return req.withCpuType(CpuType.NORMAL);
        }
        return req;
    }

    /**
     * Places a container.
     *
     * @param poolHint the pool to use if it is among the candidates (its previous pool), or null
     * @param now      the time cold start is counted from
     */
    public Grant allocate(Request request, String poolHint, Instant now) throws AllocationException {
        if (grants.containsKey(request.id())) {
            throw new IllegalStateException(request.id() + " is already placed");
        }
        Request req = normalize(request);
        Pool pool;
        NodeSet offer;
        if (req.cpuType() == CpuType.RESERVED || req.cpuType() == CpuType.PRESERVE) {
            pool = tree.root();
            offer = ranking.score(pool, req, null).offer();
        } else {
            List<PoolScore> ranked = ranking.rank(req);
            PoolScore chosen = ranked.get(0);
            if (poolHint != null) {
                // unlike the reference, a hinted pool that can no longer hold the request is not forced
                // (nri-plugins#92: restoring after the available CPUs shrank failed until the cache was deleted)
                chosen = ranked.stream().filter(s -> s.pool().name().equals(poolHint) && sufficient(s, req))
                        .findFirst().orElse(chosen);
            }
            pool = chosen.pool();
            offer = chosen.offer();
        }
        if (offer == null) {
            throw new AllocationException("no memory zone of " + MemoryType.names(req.memTypes()) + " can hold "
                    + req.memAmount() + " bytes for " + req.id());
        }
        Grant g = allocateCpu(pool, req, offer, now);
        String misaligned = req.hints().strict() ? misaligned(g, req) : null;
        if (misaligned != null) {
            releaseCpu(g);
            throw new AllocationException(misaligned);
        }
        zones.commit(g.memZone(), req.memAmount());
        register(g, 1);
        return g;
    }

    /**
     * strict.topologyhints: the first of the grant's shared, reserved or exclusive CPUs or memory nodes
     * outside a hint's CPUs (those listed, or of the NUMA nodes listed) or nodes (those listed, or of the
     * CPUs listed), as a message; null when all are aligned. Socket hints do not constrain, as in the
     * reference.
     */
    private String misaligned(Grant g, Request req) {
        for (TopologyHint h : req.hints().hints()) {
            CpuSet hintCpus = parseCpus(h.cpus());
            NodeSet hintNodes = parseNodes(h.numas());
            CpuSet numaCpus = CpuSet.EMPTY;
            NodeSet cpuNodes = NodeSet.EMPTY;
            for (var n : tree.platform().nodes()) {
                if (hintNodes.contains(n.id())) {
                    numaCpus = numaCpus.union(n.cpus());
                }
                if (n.cpus().intersects(hintCpus)) {
                    cpuNodes = cpuNodes.union(NodeSet.of(n.id()));
                }
            }
            List<String> parts = List.of("shared", "reserved", "exclusive");
            CpuSet[] sets = {g.sharedPortion() > 0 ? g.pool().freeSharable() : CpuSet.EMPTY,
                g.reservedPortion() > 0 ? g.pool().reserved() : CpuSet.EMPTY, g.exclusive()};
            for (int i = 0; i < sets.length; i++) {
                CpuSet off = CpuSet.EMPTY;
                if (!hintCpus.isEmpty()) {
                    off = off.union(sets[i].difference(hintCpus));
                }
                if (!numaCpus.isEmpty()) {
                    off = off.union(sets[i].difference(numaCpus));
                }
                if (!off.isEmpty()) {
                    return "granted " + parts.get(i) + " CPUs " + off + " fail strict hint " + h + " of " + req.id();
                }
            }
            NodeSet offNodes = NodeSet.EMPTY;
            if (!cpuNodes.isEmpty()) {
                offNodes = offNodes.union(g.memZone().difference(cpuNodes));
            }
            if (!hintNodes.isEmpty()) {
                offNodes = offNodes.union(g.memZone().difference(hintNodes));
            }
            if (!offNodes.isEmpty()) {
                return "granted memory nodes " + offNodes + " fail strict hint " + h + " of " + req.id();
            }
        }
        return null;
    }

    private static CpuSet parseCpus(String list) {
        try {
            return list.isEmpty() ? CpuSet.EMPTY : CpuSet.parse(list);
        } catch (IllegalArgumentException e) {
            return CpuSet.EMPTY;
        }
    }

    private static NodeSet parseNodes(String list) {
        try {
            return list.isEmpty() ? NodeSet.EMPTY : NodeSet.parse(list);
        } catch (IllegalArgumentException e) {
            return NodeSet.EMPTY;
        }
    }

    private static boolean sufficient(PoolScore s, Request req) {
        return req.cpuType() == CpuType.RESERVED ? s.reserved() >= 0 : s.isolated() >= 0 && s.shared() >= 0;
    }

    private Grant allocateCpu(Pool pool, Request req, NodeSet zone, Instant now) throws AllocationException {
        int full = req.full();
        int fraction = req.fraction();
        CpuType type = req.cpuType();
        if (type == CpuType.RESERVED && full > 0) {
            fraction += 1000 * full;
            full = 0;
        }
        if (type == CpuType.RESERVED && fraction > 0 && pool.allocatableReservedCpu() < fraction) {
            log.warn("possible misconfiguration of reserved resources: {} needs {}m reserved, {} has {}m; "
                    + "using normal CPUs instead", req.id(), fraction, pool.name(), pool.allocatableReservedCpu());
            type = CpuType.NORMAL;
        }
        CpuSet exclusive = pickExclusive(pool, req, full);
        account(pool, exclusive, true);
        if (fraction > 0) {
            if (type == CpuType.NORMAL && pool.allocatableSharedCpu() < fraction
                    || type == CpuType.RESERVED && pool.allocatableReservedCpu() < fraction) {
                undoExclusive(pool, exclusive);
                throw new AllocationException(pool.name() + ": not enough " + type.name().toLowerCase() + " CPU for "
                        + fraction + "m of " + req.id());
            }
            if (type == CpuType.NORMAL) {
                pool.addGrantedShared(fraction);
            } else if (type == CpuType.RESERVED) {
                pool.addGrantedReserved(fraction);
            }
        }
        Grant g = new Grant(req, pool, exclusive, type, fraction, zone, req.memTypes(),
                req.coldStart().isZero() ? null : now.plus(req.coldStart()));
        if (req.requireIsolated() && req.isolate() && full > 0 && g.isolated().size() < full) {
            releaseCpu(g);
            throw new AllocationException("granted isolated CPUs " + g.isolated() + " are fewer than the " + full
                    + " required for " + req.id());
        }
        return g;
    }

    private CpuSet pickExclusive(Pool pool, Request req, int count) throws AllocationException {
        if (req.isolate() && pool.freeIsolated().size() >= count) {
            CpuSet pick = take(pool.freeIsolated(), count, req);
            pool.setFreeIsolated(pool.freeIsolated().difference(pick));
            return pick;
        }
        if (pool.allocatableSharedCpu() >= 1000 * count) {
            if (count == 0) {
                return CpuSet.EMPTY;
            }
            CpuSet pick = take(sliceable(pool), count, req);
            if (pick.size() != count) {
                throw new AllocationException(pool.name() + ": can't take " + count + " exclusive CPUs for " + req.id());
            }
            pool.setFreeSharable(pool.freeSharable().difference(pick));
            return pick;
        }
        throw new AllocationException(pool.name() + ": can't slice " + count + " exclusive CPUs from "
                + pool.freeSharable() + ", " + pool.allocatableSharedCpu() + "m available, for " + req.id());
    }

    /** {@code count} CPUs of {@code from} for the request: by its pod-resource hints with pick-resources-by-hints. */
    private CpuSet take(CpuSet from, int count, Request req) {
        return req.hints().pickResources() ? hintPick.cpus(from, count, req.priority(), req.hints().fromPodResources())
                : picker.take(from, count, req.priority());
    }

    /**
     * The CPUs exclusive CPUs may be sliced from: from every pool of the subtree (the pool itself only
     * when it is a leaf), its free sharable CPUs less whole CPUs enough for its shared grants.
     */
    CpuSet sliceable(Pool pool) {
        CpuSet out = CpuSet.EMPTY;
        for (Pool x : pool.subtree()) {
            if (x == pool && !pool.isLeaf()) {
                continue;
            }
            out = out.union(picker.take(x.freeSharable(), x.allocatableSharedCpu() / 1000, CpuPriority.NONE));
        }
        return out;
    }

    /** Takes exclusive CPUs out of (or puts them back into) the free sets of the pool's relatives. */
    private void account(Pool pool, CpuSet exclusive, boolean take) {
        if (exclusive.isEmpty()) {
            return;
        }
        List<Pool> relatives = new ArrayList<>(pool.subtree());
        relatives.remove(pool);
        for (Pool p = pool.parent(); p != null; p = p.parent()) {
            relatives.add(p);
        }
        for (Pool x : relatives) {
            if (take) {
                x.setFreeIsolated(x.freeIsolated().difference(exclusive));
                x.setFreeSharable(x.freeSharable().difference(exclusive));
            } else {
                x.setFreeIsolated(x.freeIsolated().union(exclusive.intersection(x.capacityIsolated())));
                x.setFreeSharable(x.freeSharable().union(exclusive.intersection(x.capacitySharable())));
            }
        }
    }

    private void undoExclusive(Pool pool, CpuSet exclusive) {
        CpuSet isolated = exclusive.intersection(pool.capacityIsolated());
        pool.setFreeIsolated(pool.freeIsolated().union(isolated));
        pool.setFreeSharable(pool.freeSharable().union(exclusive.difference(isolated)));
        account(pool, exclusive, false);
    }

    private void releaseCpu(Grant g) {
        undoExclusive(g.pool(), g.exclusive());
        g.pool().addGrantedShared(-g.sharedPortion());
        g.pool().addGrantedReserved(-g.reservedPortion());
    }

    private void register(Grant g, int delta) {
        if (delta > 0) {
            grants.put(g.id(), g);
        }
        colocated[g.pool().id()][g.cpuType().ordinal()] += delta;
        if (g.cpuType() != CpuType.RESERVED && g.exclusive().isEmpty() && g.portion() == 0) {
            g.pool().addZeroRequest(delta);
        }
    }

    /** Takes a container out; returns its grant, or null when it had none. */
    public Grant release(String id) {
        Grant g = grants.remove(id);
        if (g == null) {
            return null;
        }
        releaseCpu(g);
        zones.release(g.memZone(), g.request().memAmount());
        register(g, -1);
        return g;
    }

    /**
     * Puts back a grant saved before a restart, exactly as it was, if its pool still exists and its CPUs
     * and capacity are still free.
     */
    public Grant reinstate(Request req, String poolName, CpuType type, CpuSet exclusive, int portion, NodeSet zone,
                           int memTypes, Instant coldStartEnds) throws AllocationException {
        Pool pool = tree.pool(poolName);
        if (pool == null) {
            throw new AllocationException("pool " + poolName + " of " + req.id() + " no longer exists");
        }
        CpuSet isolated = exclusive.intersection(pool.capacityIsolated());
        CpuSet sliced = exclusive.difference(isolated);
        if (!pool.freeIsolated().containsAll(isolated) || !pool.freeSharable().containsAll(sliced)) {
            throw new AllocationException("CPUs " + exclusive + " of " + req.id() + " are no longer free in " + poolName);
        }
        int shared = type == CpuType.NORMAL ? portion : 0;
        int reserved = type == CpuType.RESERVED ? portion : 0;
        if (type == CpuType.NORMAL && pool.allocatableSharedCpu() < 1000 * sliced.size() + shared
                || reserved > 0 && pool.allocatableReservedCpu() < reserved) {
            throw new AllocationException("not enough capacity left in " + poolName + " for " + req.id());
        }
        pool.setFreeIsolated(pool.freeIsolated().difference(isolated));
        pool.setFreeSharable(pool.freeSharable().difference(sliced));
        account(pool, exclusive, true);
        pool.addGrantedShared(shared);
        pool.addGrantedReserved(reserved);
        Grant g = new Grant(req, pool, exclusive, type, portion, zone, memTypes, coldStartEnds);
        zones.commit(zone, req.memAmount());
        register(g, 1);
        return g;
    }

    /** Ends the cold starts due by {@code now}: DRAM joins their memory. Returns the grants changed. */
    public List<Grant> endColdStarts(Instant now) {
        List<Grant> done = new ArrayList<>();
        for (Grant g : grants.values()) {
            if (g.coldStartEnds() != null && !now.isBefore(g.coldStartEnds())) {
                int types = g.memTypes() | MemoryType.DRAM.bit();
                long bytes = g.request().memAmount();
                zones.release(g.memZone(), bytes);
                NodeSet zone = zones.offer(g.pool().memset(types), types, bytes);
                zone = zone == null ? g.memZone() : zone;
                zones.commit(zone, bytes);
                g.endColdStart(zone, types);
                done.add(g);
            }
        }
        return done;
    }

    /** The cpuset a grant's container should have now, or null when its CPUs are not to be pinned. */
    public CpuSet cpusOf(Grant g) {
        CpuSet cpus = switch (g.cpuType()) {
            case PRESERVE -> null;
            case RESERVED -> g.pool().reserved();
            case NORMAL -> g.exclusive().isEmpty() ? g.pool().freeSharable()
                    : g.portion() > 0 ? g.exclusive().union(g.pool().freeSharable()) : g.exclusive();
        };
        if (cpus != null && g.request().hideHyperthreads()) {
            cpus = picker.singleThreadPerCore(cpus);
        }
        return cpus == null || cpus.isEmpty() ? null : cpus;
    }

    /** The memory nodes a grant's container should have, or null when its memory is not to be pinned. */
    public NodeSet memsOf(Grant g) {
        return g.request().memoryPreserve() || g.memZone().isEmpty() ? null : g.memZone();
    }
}
