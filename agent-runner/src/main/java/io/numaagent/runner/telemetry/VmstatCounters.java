package io.numaagent.runner.telemetry;

import io.numaagent.api.snapshot.KernelState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NUMA and migration counters of {@code /proc/vmstat} as Prometheus counters
 * {@code numa_agent_vmstat_<field>_total}, each reporting the kernel's own running total. A
 * counter the kernel does not have (e.g. {@code pgpromote_success} before 5.18) has no series.
 */
final class VmstatCounters {

    /** The {@code /proc/vmstat} fields exported, with what each counts. */
    static final Map<String, String> FIELDS = fields(
            "numa_hit", "Pages allocated on the node the allocation asked for (summed over nodes)",
            "numa_miss", "Pages allocated on a node other than the one asked for, because it was short of memory",
            "numa_foreign", "Pages meant for a node but allocated elsewhere (the other side of numa_miss)",
            "numa_local", "Pages allocated on the node of the CPU that asked",
            "numa_other", "Pages allocated on a node other than that of the CPU that asked",
            "numa_pages_migrated", "Pages migrated by automatic NUMA balancing",
            "pgmigrate_success", "Pages migrated successfully (all causes: NUMA balancing, move_pages, compaction)",
            "pgmigrate_fail", "Pages the kernel failed to migrate",
            "numa_hint_faults", "NUMA hinting faults taken by automatic NUMA balancing",
            "numa_hint_faults_local", "NUMA hinting faults on pages already on the faulting CPU's node",
            "pgpromote_success", "Pages promoted from a slow memory tier to a fast one",
            "pgdemote_kswapd", "Pages demoted to a slower memory tier by kswapd",
            "pgdemote_direct", "Pages demoted to a slower memory tier by direct reclaim");

    private final Map<String, InstrumentRegistry.ObservedCounter> counters = new LinkedHashMap<>();

    VmstatCounters(InstrumentRegistry registry) {
        FIELDS.forEach((field, help) -> counters.put(field,
                registry.observedCounter(metricName(field), help + " (/proc/vmstat " + field + ")", List.of())));
    }

    /** {@code numa_agent_vmstat_<field>_total}. */
    static String metricName(String field) {
        return "numa_agent_vmstat_" + field + "_total";
    }

    /** Sets each counter to the kernel's value; fields missing from this kernel's vmstat drop their series. */
    void record(KernelState kernel) {
        counters.forEach((field, counter) -> {
            Long value = kernel.vmstat().get(field);
            if (value != null && value >= 0) {
                counter.set(value);
            } else {
                counter.remove();
            }
        });
    }

    private static Map<String, String> fields(String... fieldAndHelp) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldAndHelp.length; i += 2) {
            fields.put(fieldAndHelp[i], fieldAndHelp[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(fields);
    }
}
