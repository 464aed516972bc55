package io.numaagent.runner.tasks;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.host.HostFiles;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.ReadProblems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code type: processes}: one task per process whose command line matches a regex and whose
 * resident set ({@code VmRSS} of {@code /proc/PID/status}) is at least the configured minimum.
 *
 * <p>The task id is {@code pid:<n>}; its cgroup is the process's cgroup from {@code /proc/PID/cgroup}
 * (the {@code 0::} line on cgroup v2, the cpuset line on v1). Measurements are the process's own:
 * per-node memory from {@code /proc/PID/numa_maps} ({@code N<node>=<pages>} times
 * {@code kernelpagesize_kB}), usage {@code VmRSS}, peak {@code VmHWM}, CPU time from
 * {@code /proc/PID/stat} (utime + stime at USER_HZ = 100), CPUs and nodes from
 * {@code Cpus_allowed_list} / {@code Mems_allowed_list}. A process that exits while being read is
 * skipped without a warning.
 */
public final class ProcessTaskSource implements TaskSource {

    /** Clock ticks per second of {@code /proc/PID/stat} (USER_HZ), 100 on every Linux architecture in use. */
    static final long USER_HZ = 100;

    private final Pattern command;
    private final long minRssBytes;
    private final HostPaths paths;
    private final CgroupLayout layout;
    private final long pageSize;

    public ProcessTaskSource(TaskSourceConfig.Processes config, HostPaths paths, CgroupLayout layout, long pageSize) {
        this.command = Pattern.compile(config.commandRegex());
        this.minRssBytes = config.minRssBytes();
        this.paths = paths;
        this.layout = layout;
        this.pageSize = pageSize;
    }

    @Override
    public List<Task> discover(ReadProblems problems) {
        List<Task> tasks = new ArrayList<>();
        for (int pid : HostFiles.numberedEntries(paths.procfs(), "")) {
            Path dir = paths.proc(Integer.toString(pid));
            // A process may exit at any moment: read into a private collector and drop it silently if gone.
            ReadProblems local = new ReadProblems();
            Optional<String> cmdline = HostFiles.read(dir.resolve("cmdline"), local);
            if (cmdline.isEmpty() || !Files.isDirectory(dir)) {
                continue;
            }
            String cmd = joinCmdline(cmdline.get());
            if (cmd.isEmpty() || !command.matcher(cmd).find()) {
                continue;
            }
            Optional<Map<String, String>> status = status(dir.resolve("status"), local);
            if (status.isEmpty()) {
                continue;
            }
            long rss = kbField(status.get(), "VmRSS");
            if (rss < minRssBytes) {
                continue;
            }
            Task t = build(pid, dir, cmd, status.get(), rss, problems);
            tasks.add(t);
        }
        return tasks;
    }

    private Task build(int pid, Path dir, String cmd, Map<String, String> status, long rss, ReadProblems problems) {
        String name = status.getOrDefault("Name", cmd.split(" ")[0]);
        String cgroup = cgroupOf(dir.resolve("cgroup"), problems);
        Map<Integer, Long> perNode = numaMaps(dir.resolve("numa_maps"), pageSize, problems);
        CpuSet cpus = parseCpus(dir.resolve("status"), status.getOrDefault("Cpus_allowed_list", ""), problems);
        NodeSet mems = parseNodes(dir.resolve("status"), status.getOrDefault("Mems_allowed_list", ""), problems);
        long cpuNanos = cpuTimeNanos(dir.resolve("stat"), problems);
        TaskMeasurements m = new TaskMeasurements(perNode, rss, -1, kbField(status, "VmHWM"), cpuNanos,
                cpus, mems, cpus, mems, false);
        return new Task("pid:" + pid, name, cgroup, List.of(), List.of(pid), Map.of("command", cmd), Map.of(),
                Resources.NONE, QosClass.UNKNOWN, m);
    }

    static String joinCmdline(String raw) {
        String s = raw;
        while (s.endsWith("\0")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.replace('\0', ' ');
    }

    private static Optional<Map<String, String>> status(Path file, ReadProblems problems) {
        return HostFiles.readLines(file, problems).map(lines -> {
            Map<String, String> m = new HashMap<>();
            for (String l : lines) {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    m.put(l.substring(0, colon), l.substring(colon + 1).strip());
                }
            }
            return m;
        });
    }

    /** A {@code status} field like {@code VmRSS:	  123456 kB} in bytes; 0 when absent (kernel threads). */
    private static long kbField(Map<String, String> status, String key) {
        String v = status.get(key);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v.split("\\s+")[0]) * 1024;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The process's cgroup path: the {@code 0::} line on v2, the cpuset controller's line on v1. */
    private String cgroupOf(Path file, ReadProblems problems) {
        Optional<List<String>> lines = HostFiles.readLines(file, problems);
        if (lines.isEmpty()) {
            return "/";
        }
        for (String l : lines.get()) {
            String[] f = l.split(":", 3);
            if (f.length != 3) {
                continue;
            }
            if (layout.isV2() && f[0].equals("0") && f[1].isEmpty()) {
                return f[2];
            }
            if (!layout.isV2() && List.of(f[1].split(",")).contains("cpuset")) {
                return f[2];
            }
        }
        problems.report(file, "no " + (layout.isV2() ? "cgroup v2 (0::)" : "cpuset") + " line");
        return "/";
    }

    /**
     * Bytes per node of a process from {@code numa_maps}: each mapping's {@code N<node>=<pages>} times
     * its {@code kernelpagesize_kB} (huge pages count at their size), or the base page size when absent.
     */
    static Map<Integer, Long> numaMaps(Path file, long pageSize, ReadProblems problems) {
        Map<Integer, Long> perNode = new TreeMap<>();
        Optional<List<String>> lines = HostFiles.readLines(file, problems);
        if (lines.isEmpty()) {
            return perNode;
        }
        for (String l : lines.get()) {
            String[] f = l.trim().split("\\s+");
            long size = pageSize;
            Map<Integer, Long> pages = new HashMap<>();
            try {
                for (String item : f) {
                    if (item.startsWith("kernelpagesize_kB=")) {
                        size = Long.parseLong(item.substring("kernelpagesize_kB=".length())) * 1024;
                    } else if (item.length() > 2 && item.charAt(0) == 'N' && Character.isDigit(item.charAt(1))) {
                        int eq = item.indexOf('=');
                        pages.put(Integer.parseInt(item.substring(1, eq)), Long.parseLong(item.substring(eq + 1)));
                    }
                }
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                problems.report(file, "unexpected line \"" + l.strip() + "\"");
                continue;
            }
            long s = size;
            pages.forEach((n, p) -> perNode.merge(n, p * s, Long::sum));
        }
        return perNode;
    }

    private static long cpuTimeNanos(Path file, ReadProblems problems) {
        Optional<String> text = HostFiles.read(file, problems);
        if (text.isEmpty()) {
            return -1;
        }
        // comm (field 2) may contain spaces and parentheses: fields are counted after the last ')'.
        String s = text.get();
        int close = s.lastIndexOf(')');
        String[] f = s.substring(close + 1).trim().split("\\s+");
        try {
            // after ')' : state(3) ... utime is field 14, stime 15 => index 11 and 12
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * (1_000_000_000L / USER_HZ);
        } catch (RuntimeException e) {
            problems.report(file, "cannot parse utime/stime");
            return -1;
        }
    }

    private static CpuSet parseCpus(Path file, String v, ReadProblems problems) {
        return HostFiles.parseCpuSet(file, v, problems).orElse(CpuSet.EMPTY);
    }

    private static NodeSet parseNodes(Path file, String v, ReadProblems problems) {
        return HostFiles.parseNodeSet(file, v, problems).orElse(NodeSet.EMPTY);
    }
}
