package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.snapshot.QosClass;
import java.time.Duration;
import java.util.Map;

/**
 * What one container asks for, in the reference's terms: {@code full} whole (exclusive) CPUs and a
 * {@code fraction} of milli-CPU on shared (or reserved) CPUs, memory by request and limit and kind.
 *
 * @param id             the task id
 * @param qos            QoS class (derived from the resources where the source gave none)
 * @param full           whole CPUs to slice off exclusively
 * @param fraction       milli-CPU from the shared (or reserved) CPUs
 * @param limit          CPU limit in milli-CPU, {@link Integer#MAX_VALUE} for a Burstable without limit
 * @param isolate        prefer kernel-isolated CPUs for the whole CPUs
 * @param requireIsolated fail unless the whole CPUs are all isolated
 * @param cpuType        normal, reserved or preserve
 * @param priority       preferred CPU priority of exclusive picks
 * @param memRequest     memory request in bytes
 * @param memLimit       memory limit in bytes
 * @param memTypes       memory kinds to allocate from (mask)
 * @param memoryPreserve leave memory pinning alone
 * @param coldStart      how long to keep DRAM out of the memory set (zero: no cold start)
 * @param hideHyperthreads keep one thread per core in the cpuset
 * @param burstableLevel target topology level value for a Burstable without CPU limit
 * @param affinity       weight towards other containers by task id
 * @param hints          topology hints, scored per pool (strict: checked against the grant)
 */
public record Request(String id, QosClass qos, int full, int fraction, int limit, boolean isolate,
                      boolean requireIsolated, CpuType cpuType, CpuPriority priority, long memRequest, long memLimit,
                      int memTypes, boolean memoryPreserve, Duration coldStart, boolean hideHyperthreads,
                      int burstableLevel, Map<String, Integer> affinity, TopologyHints hints) {

    public Request {
        affinity = Map.copyOf(affinity);
    }

    /** A request without topology hints. */
    public Request(String id, QosClass qos, int full, int fraction, int limit, boolean isolate,
                   boolean requireIsolated, CpuType cpuType, CpuPriority priority, long memRequest, long memLimit,
                   int memTypes, boolean memoryPreserve, Duration coldStart, boolean hideHyperthreads,
                   int burstableLevel, Map<String, Integer> affinity) {
        this(id, qos, full, fraction, limit, isolate, requireIsolated, cpuType, priority, memRequest, memLimit,
                memTypes, memoryPreserve, coldStart, hideHyperthreads, burstableLevel, affinity, TopologyHints.NONE);
    }

    /** Memory to allocate: the request, or the limit when there is no request. */
    public long memAmount() {
        return memRequest != 0 ? memRequest : memLimit;
    }

    /** The same request on another kind of CPUs. */
    public Request withCpuType(CpuType type) {
        return new Request(id, qos, full, fraction, limit, isolate, requireIsolated, type, priority, memRequest,
                memLimit, memTypes, memoryPreserve, coldStart, hideHyperthreads, burstableLevel, affinity, hints);
    }

    @Override
    public String toString() {
        String cpu = switch (cpuType) {
            case RESERVED -> "reserved " + fraction + "m";
            case PRESERVE -> "preserve";
            case NORMAL -> full > 0 && fraction > 0 ? (isolate ? "isolated " : "") + "exclusive " + full + " + shared "
                    + fraction + "m" : full > 0 ? (isolate ? "isolated " : "") + "exclusive " + full
                    : "shared " + fraction + "m";
        };
        return qos.name().toLowerCase(java.util.Locale.ROOT) + " " + cpu;
    }
}
