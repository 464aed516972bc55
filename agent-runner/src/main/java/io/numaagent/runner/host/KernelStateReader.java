package io.numaagent.runner.host;

import io.numaagent.api.snapshot.KernelState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Reads kernel state that bears on placement: {@code /proc/sys/kernel/numa_balancing},
 * {@code /proc/meminfo} (in bytes) and the NUMA, migration, tiering and reclaim counters of
 * {@code /proc/vmstat}.
 */
public final class KernelStateReader {

    /** Prefixes of the {@code /proc/vmstat} counters kept in the snapshot. */
    public static final List<String> VMSTAT_PREFIXES = List.of(
            "numa_", "pgmigrate_", "pgdemote_", "pgpromote_", "thp_migration_", "pgsteal_", "pgscan_",
            "nr_isolated_", "pswpin", "pswpout", "compact_migrate_scanned", "nr_balloon_");

    private final HostPaths paths;
    /** Whether the kernel has {@code numa_balancing} (built with NUMA balancing): looked up once. */
    private Boolean hasBalancing;

    public KernelStateReader(HostPaths paths) {
        this.paths = paths;
    }

    /** Reads the kernel state; never throws for bad content. */
    public KernelState read(ReadProblems problems) {
        return read(problems, () -> readMeminfo(paths.proc("meminfo"), problems));
    }

    /**
     * Reads the kernel state, taking {@code /proc/meminfo} (in bytes, see {@link #readMeminfo}) from
     * {@code meminfo}, which the snapshot shares with the platform's reader.
     */
    public KernelState read(ReadProblems problems, Supplier<Map<String, Long>> meminfo) {
        Path balancing = paths.sysctl("kernel.numa_balancing");
        if (hasBalancing == null) {
            hasBalancing = Files.exists(balancing);
        }
        int mode = KernelState.NUMA_BALANCING_UNKNOWN;
        if (hasBalancing) {
            mode = (int) HostFiles.readLong(balancing, problems).orElse(KernelState.NUMA_BALANCING_UNKNOWN);
        }
        Map<String, Long> mem = meminfo.get();
        Map<String, Long> vmstat = readVmstat(paths.proc("vmstat"), problems);
        return new KernelState(mode, mem.getOrDefault("SwapTotal", 0L) > 0, vmstat, mem);
    }

    /** Parses {@code /proc/meminfo} ({@code MemTotal:       16316708 kB}); {@code kB} values become bytes. */
    public static Map<String, Long> readMeminfo(Path file, ReadProblems problems) {
        Optional<Map<String, Long>> values = HostFiles.readMeminfo(file, "", problems);
        if (values.isPresent() && values.get().isEmpty()) {
            problems.report(file, "no values");
        }
        return values.orElse(Map.of());
    }

    private static Map<String, Long> readVmstat(Path file, ReadProblems problems) {
        Map<String, Long> values = new TreeMap<>();
        Optional<List<String>> lines = HostFiles.readLines(file, problems);
        if (lines.isEmpty()) {
            return values;
        }
        boolean any = false;
        for (String line : lines.get()) {
            String[] f = HostFiles.fields(line);
            if (f.length != 2) {
                problems.report(file, "unexpected line \"" + HostFiles.abbreviate(line) + "\"");
                continue;
            }
            any = true;
            if (!kept(f[0])) {
                continue;
            }
            try {
                values.put(f[0], Long.parseLong(f[1]));
            } catch (NumberFormatException e) {
                problems.report(file, "not a number in \"" + HostFiles.abbreviate(line) + "\"");
            }
        }
        if (!any) {
            problems.report(file, "no counters");
        }
        return values;
    }

    private static boolean kept(String counter) {
        for (String prefix : VMSTAT_PREFIXES) {
            if (counter.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
