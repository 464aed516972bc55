package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.NodeSet;
import io.numaagent.plugins.topologyaware.pools.MemoryNodes;
import io.numaagent.plugins.topologyaware.pools.MemoryType;
import java.util.HashMap;
import java.util.Map;

/**
 * Memory zones (sets of NUMA nodes) and the bytes granted in each, standing in for the reference's
 * libmem: a request's zone starts from its pool's nodes of the requested kinds, gains the closest
 * nodes of any requested kind the pool lacks, and widens to the next closest nodes while the bytes
 * granted in the zone (and every tracked zone containing it) would exceed their {@code MemTotal}.
 * Unlike libmem it never moves other containers' memory to wider zones.
 */
public final class MemoryZones {

    private final MemoryNodes nodes;
    private final Map<NodeSet, Long> granted = new HashMap<>();
    private final Map<NodeSet, NodeSet[]> initial = new HashMap<>();
    private Map<NodeSet, Long> usedCache;

    public MemoryZones(MemoryNodes nodes) {
        this.nodes = nodes;
    }

    /** The zone a request for {@code bytes} of the given kinds would get around {@code affinity}, or null. */
    public NodeSet offer(NodeSet affinity, int types, long bytes) {
        NodeSet all = nodes.ofTypes(nodes.withMemory(), types);
        if (all.isEmpty()) {
            return null;
        }
        NodeSet zone = initialZone(affinity, types & MemoryType.ALL, all);
        while (!fits(zone, bytes)) {
            NodeSet more = closest(zone, all.difference(zone));
            if (more.isEmpty()) {
                return null;
            }
            zone = zone.union(more);
        }
        return zone;
    }

    /** The affinity's nodes of the kinds, with the closest nodes of each kind it lacks (depends on nothing else). */
    private NodeSet initialZone(NodeSet affinity, int types, NodeSet all) {
        NodeSet[] cached = initial.computeIfAbsent(affinity, a -> new NodeSet[MemoryType.ALL + 1]);
        if (cached[types] == null) {
            NodeSet zone = nodes.ofTypes(affinity, types);
            for (MemoryType t : MemoryType.values()) {
                if ((types & t.bit()) != 0 && nodes.ofTypes(zone, t.bit()).isEmpty()) {
                    zone = zone.union(closest(zone.isEmpty() ? affinity : zone, nodes.ofTypes(all, t.bit())));
                }
            }
            cached[types] = zone;
        }
        return cached[types];
    }

    /** Of {@code candidates}, those at the smallest distance from any node of {@code from}. */
    private NodeSet closest(NodeSet from, NodeSet candidates) {
        if (from.isEmpty()) {
            return candidates;
        }
        int best = Integer.MAX_VALUE;
        NodeSet out = NodeSet.EMPTY;
        for (int c : candidates.toArray()) {
            int d = Integer.MAX_VALUE;
            for (int f : from.toArray()) {
                d = Math.min(d, nodes.distance(f, c));
            }
            if (d < best) {
                best = d;
                out = NodeSet.of(c);
            } else if (d == best) {
                out = out.union(NodeSet.of(c));
            }
        }
        return out;
    }

    private boolean fits(NodeSet zone, long bytes) {
        if (bytes == 0) {
            return true;
        }
        if (used(zone) + bytes > nodes.capacity(zone)) {
            return false;
        }
        for (Map.Entry<NodeSet, Long> z : usedOfGranted().entrySet()) {
            if (!z.getKey().equals(zone) && z.getKey().containsAll(zone)
                    && z.getValue() + bytes > nodes.capacity(z.getKey())) {
                return false;
            }
        }
        return true;
    }

    /** Bytes granted in each granted zone and the zones inside it; computed once per change of the grants. */
    private Map<NodeSet, Long> usedOfGranted() {
        if (usedCache == null) {
            usedCache = new HashMap<>();
            for (NodeSet z : granted.keySet()) {
                usedCache.put(z, sumInside(z));
            }
        }
        return usedCache;
    }

    private long sumInside(NodeSet zone) {
        long sum = 0;
        for (Map.Entry<NodeSet, Long> e : granted.entrySet()) {
            if (zone.containsAll(e.getKey())) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** Bytes granted in the zone and the zones inside it. */
    public long used(NodeSet zone) {
        Long known = usedOfGranted().get(zone);
        return known != null ? known : sumInside(zone);
    }

    /** {@code MemTotal} of the zone's nodes. */
    public long capacity(NodeSet zone) {
        return nodes.capacity(zone);
    }

    public void commit(NodeSet zone, long bytes) {
        if (bytes > 0 && !zone.isEmpty()) {
            granted.merge(zone, bytes, Long::sum);
            usedCache = null;
        }
    }

    public void release(NodeSet zone, long bytes) {
        if (bytes > 0 && !zone.isEmpty()) {
            granted.computeIfPresent(zone, (z, b) -> b - bytes <= 0 ? null : b - bytes);
            usedCache = null;
        }
    }
}
