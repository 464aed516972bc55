package io.numaagent.plugins.topologyaware;

import io.numaagent.api.plugin.Metrics;
import io.numaagent.plugins.topologyaware.alloc.Allocator;
import io.numaagent.plugins.topologyaware.alloc.Grant;
import io.numaagent.plugins.topologyaware.pools.Pool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin's metrics, one series per pool (pool names are bounded by the machine's topology) and
 * per grant kind.
 */
final class PoolMetrics {

    static final List<String> KINDS = List.of("shared", "exclusive", "exclusive+shared", "reserved", "preserve");

    private final Metrics.Gauge poolCpus;
    private final Metrics.Gauge sharedCpus;
    private final Metrics.Gauge granted;
    private final Metrics.Gauge containers;
    private final Metrics.Gauge grants;
    private final Metrics.Counter failures;

    PoolMetrics(Metrics m) {
        poolCpus = m.gauge("topology_aware_pool_cpus", "CPUs of a pool by class (isolated, reserved, sharable)",
                List.of("pool", "class"));
        sharedCpus = m.gauge("topology_aware_pool_shared_cpus",
                "CPUs of a pool's shared set now (its sharable CPUs less the exclusive grants)", List.of("pool"));
        granted = m.gauge("topology_aware_pool_granted_cpus",
                "CPUs granted at a pool from its shared or reserved CPUs (fractions of a CPU), or as exclusive CPUs",
                List.of("pool", "kind"));
        containers = m.gauge("topology_aware_pool_containers", "containers whose CPUs come from a pool", List.of("pool"));
        grants = m.gauge("topology_aware_grants", "containers by kind of grant", List.of("kind"));
        failures = m.counter("topology_aware_allocation_failures_total",
                "containers that could not be placed (tried again next cycle)", List.of());
        failures.add(0); // the series from the start, at 0, for rate() on a dashboard
    }

    void failed() {
        failures.increment();
    }

    void update(Allocator allocator) {
        Map<Pool, Integer> count = new HashMap<>();
        Map<Pool, Integer> exclusive = new HashMap<>();
        Map<String, Integer> byKind = new HashMap<>();
        for (Grant g : allocator.grants()) {
            count.merge(g.pool(), 1, Integer::sum);
            exclusive.merge(g.pool(), g.exclusive().size(), Integer::sum);
            byKind.merge(g.kind(), 1, Integer::sum);
        }
        for (Pool p : allocator.tree().pools()) {
            poolCpus.set(p.capacityIsolated().size(), p.name(), "isolated");
            poolCpus.set(p.reserved().size(), p.name(), "reserved");
            poolCpus.set(p.capacitySharable().size(), p.name(), "sharable");
            sharedCpus.set(p.freeSharable().size(), p.name());
            // grants are kept in milli-CPU; the series is in CPUs, Prometheus's base unit
            granted.set(p.grantedShared() / 1000.0, p.name(), "shared");
            granted.set(p.grantedReserved() / 1000.0, p.name(), "reserved");
            granted.set(exclusive.getOrDefault(p, 0), p.name(), "exclusive");
            containers.set(count.getOrDefault(p, 0), p.name());
        }
        for (String k : KINDS) {
            grants.set(byKind.getOrDefault(k, 0), k);
        }
    }
}
