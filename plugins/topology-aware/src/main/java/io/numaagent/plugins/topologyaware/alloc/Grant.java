package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.plugins.topologyaware.pools.Pool;
import java.time.Instant;

/**
 * What one container was given: the pool its CPUs come from, its exclusive CPUs, its milli-CPU share
 * of the pool's shared (or reserved) CPUs, and its memory zone. The memory zone and kinds change when
 * a cold start ends.
 */
public final class Grant {

    private final Request request;
    private final Pool pool;
    private final CpuSet exclusive;
    private final CpuType cpuType;
    private final int portion;
    private NodeSet memZone;
    private int memTypes;
    private Instant coldStartEnds;

    Grant(Request request, Pool pool, CpuSet exclusive, CpuType cpuType, int portion, NodeSet memZone, int memTypes,
          Instant coldStartEnds) {
        this.request = request;
        this.pool = pool;
        this.exclusive = exclusive;
        this.cpuType = cpuType;
        this.portion = portion;
        this.memZone = memZone;
        this.memTypes = memTypes;
        this.coldStartEnds = coldStartEnds;
    }

    public String id() {
        return request.id();
    }

    public Request request() {
        return request;
    }

    /** The pool the CPUs come from. */
    public Pool pool() {
        return pool;
    }

    /** Exclusive CPUs, isolated or sliced off the shared ones. */
    public CpuSet exclusive() {
        return exclusive;
    }

    /** The CPU type granted (a reserved request may have fallen back to normal). */
    public CpuType cpuType() {
        return cpuType;
    }

    /** Milli-CPU of the shared or reserved CPUs. */
    public int portion() {
        return portion;
    }

    public int sharedPortion() {
        return cpuType == CpuType.NORMAL ? portion : 0;
    }

    public int reservedPortion() {
        return cpuType == CpuType.RESERVED ? portion : 0;
    }

    /** The exclusive CPUs that are kernel-isolated. */
    public CpuSet isolated() {
        return pool.capacityIsolated().intersection(exclusive);
    }

    /** The memory nodes granted; empty when none could be. */
    public NodeSet memZone() {
        return memZone;
    }

    /** The memory kinds granted (mask). */
    public int memTypes() {
        return memTypes;
    }

    /** When the cold start ends and DRAM is added, or null. */
    public Instant coldStartEnds() {
        return coldStartEnds;
    }

    void endColdStart(NodeSet zone, int types) {
        memZone = zone;
        memTypes = types;
        coldStartEnds = null;
    }

    /** {@code shared}, {@code exclusive}, {@code exclusive+shared}, {@code reserved} or {@code preserve}. */
    public String kind() {
        return switch (cpuType) {
            case RESERVED -> "reserved";
            case PRESERVE -> "preserve";
            case NORMAL -> exclusive.isEmpty() ? "shared" : portion > 0 ? "exclusive+shared" : "exclusive";
        };
    }

    @Override
    public String toString() {
        return id() + " in " + pool.name() + " (" + kind() + (exclusive.isEmpty() ? "" : " " + exclusive)
                + (portion > 0 ? " " + portion + "m" : "") + ", mems " + memZone + ")";
    }
}
