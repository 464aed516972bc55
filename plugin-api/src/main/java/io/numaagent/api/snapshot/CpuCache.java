package io.numaagent.api.snapshot;

import io.numaagent.api.CpuSet;
import java.util.Objects;

/**
 * One CPU cache as sysfs lists it under {@code devices/system/cpu/cpuN/cache/indexM}.
 *
 * @param level      {@code level} (1, 2, 3, ...)
 * @param type       {@code type}: {@code Data}, {@code Instruction} or {@code Unified}
 * @param id         {@code id}, unique among the caches of one level and type; -1 where the kernel has
 *                   none (before 5.0 on x86, and where firmware names none)
 * @param sharedCpus {@code shared_cpu_list}: the CPUs sharing this cache
 */
public record CpuCache(int level, String type, int id, CpuSet sharedCpus) {

    public CpuCache {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sharedCpus, "sharedCpus");
    }
}
