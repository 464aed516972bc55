package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.snapshot.Task;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.ToIntFunction;

/**
 * What a container's annotations say about its placement, each empty where nothing was said (the
 * config default then applies, and the reference's "explicitly annotated" rules see the difference).
 * This is the seam between annotation parsing and the allocator: {@link #NONE} places a container
 * by config alone.
 *
 * @param cpuPreserve      {@code cpu.preserve}: leave CPU pinning alone
 * @param memoryPreserve   {@code memory.preserve}: leave memory pinning alone
 * @param preferReserved   {@code prefer-reserved-cpus}
 * @param preferShared     {@code prefer-shared-cpus}
 * @param preferIsolated   {@code prefer-isolated-cpus}
 * @param requireIsolated  {@code require-isolated-cpus}: fail when fewer isolated CPUs than whole CPUs are granted
 * @param hideHyperthreads {@code hide-hyperthreads}
 * @param cpuPriority      {@code prefer-cpu-priority}
 * @param memoryTypes      {@code memory-type} as a {@link io.numaagent.plugins.topologyaware.pools.MemoryType} mask
 * @param coldStart        {@code cold-start} duration
 * @param unlimitedBurstable {@code unlimited-burstable} level name
 * @param affinity         the weight this container's affinities give another container (negative for
 *                         anti-affinity, 0 for none)
 * @param hints            topology hints ({@code test.topologyhints}, {@code strict.topologyhints})
 */
public record ContainerPreferences(Optional<Boolean> cpuPreserve, Optional<Boolean> memoryPreserve,
                                   Optional<Boolean> preferReserved, Optional<Boolean> preferShared,
                                   Optional<Boolean> preferIsolated, Optional<Boolean> requireIsolated,
                                   Optional<Boolean> hideHyperthreads, Optional<CpuPriority> cpuPriority,
                                   OptionalInt memoryTypes, Optional<Duration> coldStart,
                                   Optional<String> unlimitedBurstable, ToIntFunction<Task> affinity,
                                   TopologyHints hints) {

    /** No annotations: everything from config. */
    public static final ContainerPreferences NONE = new ContainerPreferences(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            OptionalInt.empty(), Optional.empty(), Optional.empty(), other -> 0, TopologyHints.NONE);

    /** Preferences without topology hints. */
    public ContainerPreferences(Optional<Boolean> cpuPreserve, Optional<Boolean> memoryPreserve,
                                Optional<Boolean> preferReserved, Optional<Boolean> preferShared,
                                Optional<Boolean> preferIsolated, Optional<Boolean> requireIsolated,
                                Optional<Boolean> hideHyperthreads, Optional<CpuPriority> cpuPriority,
                                OptionalInt memoryTypes, Optional<Duration> coldStart,
                                Optional<String> unlimitedBurstable, ToIntFunction<Task> affinity) {
        this(cpuPreserve, memoryPreserve, preferReserved, preferShared, preferIsolated, requireIsolated,
                hideHyperthreads, cpuPriority, memoryTypes, coldStart, unlimitedBurstable, affinity, TopologyHints.NONE);
    }
}
