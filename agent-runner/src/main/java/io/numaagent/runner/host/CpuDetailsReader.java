package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.CpuCache;
import io.numaagent.api.snapshot.CpuDetails;
import io.numaagent.api.snapshot.CpuDetails.CoreKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a CPU's {@link CpuDetails} from sysfs: {@code topology/cluster_id}, {@code cache/index*}
 * ({@code level}, {@code type}, {@code id}, {@code shared_cpu_list}), {@code cpufreq/base_frequency},
 * {@code cpufreq/cpuinfo_max_freq}, {@code cpufreq/energy_performance_preference}, and the hybrid core
 * kinds ({@code devices/cpu_core/cpus}, {@code devices/cpu_atom/cpus}). Every one of these files may
 * be absent (no cpufreq driver in most virtual machines, no cluster id before 5.16, no cache id on
 * some firmware, no core kinds on non-hybrid machines): absence is "unknown" and not reported; garbled
 * content is reported. One reader per topology read: caches shared by several CPUs are read once.
 */
final class CpuDetailsReader {

    private final CpuSet performanceCores;
    private final CpuSet efficientCores;
    /** Caches already read, by level/type/id: the other CPUs sharing one reuse it. */
    private final Map<String, CpuCache> known = new HashMap<>();
    private final ReadProblems problems;

    CpuDetailsReader(HostPaths paths, ReadProblems problems) {
        this.problems = problems;
        this.performanceCores = optionalCpuSet(paths.sys("devices/cpu_core/cpus"));
        this.efficientCores = optionalCpuSet(paths.sys("devices/cpu_atom/cpus"));
    }

    /** The details of CPU {@code id} whose directory is {@code cpu} ({@code devices/system/cpu/cpuN}). */
    CpuDetails read(int id, Path cpu) {
        int cluster = (int) optionalLong(cpu.resolve("topology/cluster_id"), -1);
        List<CpuCache> caches = new ArrayList<>();
        Path cacheDir = cpu.resolve("cache");
        for (int index : HostDirectories.numberedEntries(cacheDir, "index")) {
            cache(cacheDir.resolve("index" + index)).ifPresent(caches::add);
        }
        long base = optionalLong(cpu.resolve("cpufreq/base_frequency"), 0);
        long max = optionalLong(cpu.resolve("cpufreq/cpuinfo_max_freq"), 0);
        String epp = HostFiles.readIfPresent(cpu.resolve("cpufreq/energy_performance_preference"), problems)
                .map(String::strip).orElse("");
        CoreKind kind = performanceCores.contains(id) ? CoreKind.PERFORMANCE
                : efficientCores.contains(id) ? CoreKind.EFFICIENT : CoreKind.UNKNOWN;
        return new CpuDetails(cluster, caches, base, max, epp, kind);
    }

    /** One {@code cache/indexM}; empty when its level or type is missing or garbled (reported). */
    private Optional<CpuCache> cache(Path index) {
        long level = optionalLong(index.resolve("level"), -1);
        Optional<String> type = HostFiles.readIfPresent(index.resolve("type"), problems).map(String::strip);
        if (level < 0 || type.isEmpty()) {
            if (level >= 0 || type.isPresent()) {
                problems.report(index, "cache without " + (level < 0 ? "level" : "type") + "; left out");
            }
            return Optional.empty();
        }
        int id = (int) optionalLong(index.resolve("id"), -1);
        String key = level + "/" + type.get() + "/" + id;
        CpuCache seen = id >= 0 ? known.get(key) : null;
        if (seen != null) {
            return Optional.of(seen);
        }
        Optional<CpuSet> shared = HostFiles.readIfPresent(index.resolve("shared_cpu_list"), problems)
                .flatMap(t -> HostFiles.parseCpuSet(index.resolve("shared_cpu_list"), t, problems));
        if (shared.isEmpty()) {
            return Optional.empty();
        }
        CpuCache c = new CpuCache((int) level, type.get(), id, shared.get());
        if (id >= 0) {
            known.put(key, c);
        }
        return Optional.of(c);
    }

    /** A decimal file that may be absent ({@code absent} then); garbage is reported and reads as absent. */
    private long optionalLong(Path file, long absent) {
        return HostFiles.readIfPresent(file, problems)
                .map(t -> HostFiles.parseLong(file, t, problems).orElse(absent))
                .orElse(absent);
    }

    private CpuSet optionalCpuSet(Path file) {
        return HostFiles.readIfPresent(file, problems)
                .flatMap(t -> HostFiles.parseCpuSet(file, t, problems))
                .orElse(CpuSet.EMPTY);
    }
}
