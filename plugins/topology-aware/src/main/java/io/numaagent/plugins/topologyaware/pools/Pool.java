package io.numaagent.plugins.topologyaware.pools;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One pool of the tree: its capacity (set once when the tree is built), what of it is free now, and
 * the milli-CPU granted from its shared and reserved CPUs. The allocator changes the free sets and
 * the granted amounts; the subtree sums are kept up to date as it does, so that every capacity query
 * costs one walk to the root rather than a walk of the subtree.
 */
public final class Pool {

    private final String name;
    private final PoolKind kind;
    private final Pool parent;
    private final List<Pool> children = new ArrayList<>();
    private final CpuSet cpus;
    private final CpuSet capIsolated;
    private final CpuSet capReserved;
    private final CpuSet capSharable;
    private final NodeSet[] memByType;
    private final NodeSet[] memsetByMask = new NodeSet[MemoryType.ALL + 1];
    private int id = -1;
    private int depth;
    private List<Pool> subtree;

    private CpuSet freeIsolated;
    private CpuSet freeSharable;
    private int grantedShared;
    private int grantedReserved;
    private int subtreeGrantedShared;
    private int subtreeGrantedReserved;
    private int subtreeZeroRequests;

    Pool(String name, PoolKind kind, Pool parent, CpuSet cpus, CpuSet allowed, CpuSet isolated, CpuSet reserved,
         NodeSet[] memByType) {
        this.name = name;
        this.kind = kind;
        this.parent = parent;
        this.cpus = cpus;
        CpuSet usable = cpus.intersection(allowed);
        this.capIsolated = usable.intersection(isolated);
        this.capReserved = usable.intersection(reserved);
        this.capSharable = usable.difference(capIsolated).difference(capReserved);
        this.memByType = memByType.clone();
        this.freeIsolated = capIsolated;
        this.freeSharable = capSharable;
        if (parent != null) {
            parent.children.add(this);
        }
    }

    void number(int id, int depth) {
        this.id = id;
        this.depth = depth;
    }

    public String name() {
        return name;
    }

    /** Depth-first post-order number: leaves first, the root last. */
    public int id() {
        return id;
    }

    public PoolKind kind() {
        return kind;
    }

    /** Links from the root. */
    public int depth() {
        return depth;
    }

    /** The parent, or null for the root. */
    public Pool parent() {
        return parent;
    }

    public List<Pool> children() {
        return Collections.unmodifiableList(children);
    }

    public boolean isLeaf() {
        return children.isEmpty();
    }

    /** This pool and everything below it, children before their parents (the reference's DepthFirst). */
    public List<Pool> subtree() {
        if (subtree == null) {
            List<Pool> out = new ArrayList<>();
            collect(this, out);
            subtree = List.copyOf(out);
        }
        return subtree;
    }

    private static void collect(Pool p, List<Pool> out) {
        for (Pool c : p.children) {
            collect(c, out);
        }
        out.add(p);
    }

    /** Every online CPU of the pool's scope, allowed or not. */
    public CpuSet cpus() {
        return cpus;
    }

    public CpuSet capacityIsolated() {
        return capIsolated;
    }

    public CpuSet reserved() {
        return capReserved;
    }

    public CpuSet capacitySharable() {
        return capSharable;
    }

    public CpuSet freeIsolated() {
        return freeIsolated;
    }

    /** The pool's shared CPUs now: its sharable CPUs less every exclusive grant cut from them. */
    public CpuSet freeSharable() {
        return freeSharable;
    }

    public void setFreeIsolated(CpuSet cpus) {
        freeIsolated = cpus;
    }

    public void setFreeSharable(CpuSet cpus) {
        freeSharable = cpus;
    }

    /** Memory nodes of the given kinds (a {@link MemoryType} mask). */
    public NodeSet memset(int typeMask) {
        int mask = typeMask & MemoryType.ALL;
        if (memsetByMask[mask] == null) {
            NodeSet out = NodeSet.EMPTY;
            for (MemoryType t : MemoryType.values()) {
                if ((mask & t.bit()) != 0) {
                    out = out.union(memByType[t.ordinal()]);
                }
            }
            memsetByMask[mask] = out;
        }
        return memsetByMask[mask];
    }

    /** The mask of memory kinds the pool has nodes of. */
    public int memoryTypes() {
        int mask = 0;
        for (MemoryType t : MemoryType.values()) {
            if (!memByType[t.ordinal()].isEmpty()) {
                mask |= t.bit();
            }
        }
        return mask;
    }

    /** Whether the pool has every kind in the mask. */
    public boolean hasMemoryTypes(int typeMask) {
        return (memoryTypes() & typeMask) == typeMask;
    }

    public int grantedShared() {
        return grantedShared;
    }

    public int grantedReserved() {
        return grantedReserved;
    }

    /** Shared milli-CPU granted at this pool and below it. */
    public int subtreeGrantedShared() {
        return subtreeGrantedShared;
    }

    public int subtreeGrantedReserved() {
        return subtreeGrantedReserved;
    }

    /** Adds (or with a negative amount removes) a shared grant at this pool. */
    public void addGrantedShared(int milli) {
        grantedShared += milli;
        for (Pool p = this; p != null; p = p.parent) {
            p.subtreeGrantedShared += milli;
        }
    }

    public void addGrantedReserved(int milli) {
        grantedReserved += milli;
        for (Pool p = this; p != null; p = p.parent) {
            p.subtreeGrantedReserved += milli;
        }
    }

    /**
     * Counts a container without a CPU request (BestEffort, or Burstable with 0 request) placed on this
     * pool's shared CPUs; {@code delta} -1 when it goes.
     */
    public void addZeroRequest(int delta) {
        for (Pool p = this; p != null; p = p.parent) {
            p.subtreeZeroRequests += delta;
        }
    }

    /**
     * Shared milli-CPU that can still be granted here: the free sharable CPUs less the shared grants of
     * the subtree, capped by the same figure of every ancestor, less 1 when a container without a CPU
     * request runs in the subtree (so that its shared set never becomes empty).
     */
    public int allocatableSharedCpu() {
        int shared = 1000 * freeSharable.size() - subtreeGrantedShared;
        for (Pool p = parent; p != null; p = p.parent) {
            shared = Math.min(shared, 1000 * p.freeSharable.size() - p.subtreeGrantedShared);
        }
        return subtreeZeroRequests > 0 ? shared - 1 : shared;
    }

    /** Reserved milli-CPU that can still be granted here, -1 when the pool has no reserved CPUs. */
    public int allocatableReservedCpu() {
        if (capReserved.isEmpty()) {
            return -1;
        }
        int reserved = 1000 * capReserved.size() - subtreeGrantedReserved;
        for (Pool p = parent; p != null; p = p.parent) {
            reserved = Math.min(reserved, 1000 * p.capReserved.size() - p.subtreeGrantedReserved);
        }
        return reserved;
    }

    @Override
    public String toString() {
        return name;
    }
}
