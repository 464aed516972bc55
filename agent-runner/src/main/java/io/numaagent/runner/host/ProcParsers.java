package io.numaagent.runner.host;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Pure parsers of the per-process procfs files {@code cmdline}, {@code cgroup}, {@code stat} and
 * {@code numa_maps}, on their text as the kernel prints it. {@link ProcStatus} and {@link ProcMaps}
 * parse {@code status} and {@code maps}; {@link ProcessFiles} reads the files.
 */
public final class ProcParsers {

    /** Clock ticks per second of {@code /proc/PID/stat} (USER_HZ), 100 on every Linux architecture in use. */
    public static final long USER_HZ = 100;

    private ProcParsers() {
    }

    /** {@code cmdline}: the NUL-separated arguments joined by spaces (trailing NULs dropped). */
    public static String command(String raw) {
        String s = raw;
        while (s.endsWith("\0")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.replace('\0', ' ');
    }

    /**
     * {@code cgroup}: lines {@code hierarchy-id:controllers:path}. The process's cgroup path is that
     * of the {@code 0::} line on v2, of the line whose controllers include {@code cpuset} on v1;
     * empty when there is no such line.
     */
    public static Optional<String> cgroupPath(List<String> lines, boolean v2) {
        for (String l : lines) {
            String[] f = l.split(":", 3);
            if (f.length != 3) {
                continue;
            }
            if (v2 && f[0].equals("0") && f[1].isEmpty()) {
                return Optional.of(f[2]);
            }
            if (!v2 && List.of(f[1].split(",")).contains("cpuset")) {
                return Optional.of(f[2]);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code stat}: the CPU time (utime + stime, fields 14 and 15, in USER_HZ ticks) in
     * nanoseconds; empty when they do not parse. {@code comm} (field 2) may contain spaces and
     * parentheses, so fields are counted after the last ')'.
     */
    public static OptionalLong cpuTimeNanos(String stat) {
        int close = stat.lastIndexOf(')');
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        try {
            // after ')': state is field 3, so utime (14) and stime (15) are at index 11 and 12
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return OptionalLong.of(ticks * (1_000_000_000L / USER_HZ));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * {@code stat}: the process's start time (field 22, clock ticks after boot) as printed; empty when
     * absent. With the pid it names one process for good: a reused pid starts later.
     */
    public static String startTime(String stat) {
        int close = stat.lastIndexOf(')');
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // after ')': state is field 3, so starttime (22) is at index 19
        return f.length > 19 ? f[19] : "";
    }

    /**
     * {@code numa_maps}: bytes per node, each mapping's {@code N<node>=<pages>} times its
     * {@code kernelpagesize_kB} (huge pages count at their size), or {@code pageSize} when absent.
     * A line whose page size or node counts do not parse goes to {@code unexpected} and counts nothing.
     */
    public static Map<Integer, Long> numaMapsBytesPerNode(List<String> lines, long pageSize, Consumer<String> unexpected) {
        Map<Integer, Long> perNode = new TreeMap<>();
        for (String l : lines) {
            long size = pageSize;
            Map<Integer, Long> pages = new HashMap<>();
            try {
                for (String item : HostFiles.fields(l)) {
                    if (item.startsWith("kernelpagesize_kB=")) {
                        size = Long.parseLong(item.substring("kernelpagesize_kB=".length())) * 1024;
                    } else if (item.length() > 1 && item.charAt(0) == 'N' && Character.isDigit(item.charAt(1))
                            && !HostFiles.parseNodeItem(item, pages)) {
                        throw new NumberFormatException(item);
                    }
                }
            } catch (NumberFormatException e) {
                unexpected.accept(l);
                continue;
            }
            long s = size;
            pages.forEach((n, p) -> perNode.merge(n, p * s, Long::sum));
        }
        return perNode;
    }
}
