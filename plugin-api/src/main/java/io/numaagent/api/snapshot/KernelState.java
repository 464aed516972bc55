package io.numaagent.api.snapshot;

import java.util.List;
import java.util.Map;

/**
 * Kernel state that affects placement.
 *
 * @param numaBalancing {@code /proc/sys/kernel/numa_balancing}: 0 off, 1 normal (AutoNUMA),
 *                      2 memory tiering, 3 both; -1 when the file is missing (kernel without NUMA balancing)
 * @param swapEnabled   whether any swap is configured ({@code SwapTotal} in {@code /proc/meminfo} above 0)
 * @param vmstat        NUMA and migration counters of {@code /proc/vmstat} ({@code numa_*}, {@code pgmigrate_*},
 *                      {@code pgdemote_*}, {@code pgpromote_*}, {@code thp_migration_*}, ...)
 * @param meminfo       {@code /proc/meminfo} values in bytes, keyed by field name
 * @param interrupts    the numbered hardware interrupts by number, when a plugin declared
 *                      {@link Measurement#INTERRUPTS}; else empty
 */
public record KernelState(int numaBalancing, boolean swapEnabled, Map<String, Long> vmstat, Map<String, Long> meminfo,
                          List<Interrupt> interrupts) {

    public KernelState {
        vmstat = Map.copyOf(vmstat);
        meminfo = Map.copyOf(meminfo);
        interrupts = interrupts == null ? List.of() : List.copyOf(interrupts);
    }

    /** Kernel state without interrupts (not measured). */
    public KernelState(int numaBalancing, boolean swapEnabled, Map<String, Long> vmstat, Map<String, Long> meminfo) {
        this(numaBalancing, swapEnabled, vmstat, meminfo, List.of());
    }

    /** The same state with these interrupts. */
    public KernelState withInterrupts(List<Interrupt> list) {
        return new KernelState(numaBalancing, swapEnabled, vmstat, meminfo, list);
    }

    /** The same state with another {@code numa_balancing} mode. */
    public KernelState withNumaBalancing(int mode) {
        return new KernelState(mode, swapEnabled, vmstat, meminfo, interrupts);
    }

    /** The interrupt with this number, if measured. */
    public java.util.Optional<Interrupt> interrupt(int number) {
        for (Interrupt i : interrupts) {
            if (i.number() == number) {
                return java.util.Optional.of(i);
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code numa_balancing} is absent on this kernel. */
    public static final int NUMA_BALANCING_UNKNOWN = -1;
    /** Automatic NUMA balancing is off. */
    public static final int NUMA_BALANCING_DISABLED = 0;
    /** Classic AutoNUMA (task and page placement by fault statistics). */
    public static final int NUMA_BALANCING_NORMAL = 1;
    /** Promotion of hot pages from slow memory tiers. */
    public static final int NUMA_BALANCING_MEMORY_TIERING = 2;

    /** Whether classic AutoNUMA is on (mode bit 1). */
    public boolean autoNumaOn() {
        return numaBalancing > 0 && (numaBalancing & NUMA_BALANCING_NORMAL) != 0;
    }
}
