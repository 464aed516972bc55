package io.numaagent.runner.tasks;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.ProcStatus;
import io.numaagent.runner.host.ProcessFiles;
import io.numaagent.runner.host.ReadProblems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * skipped without a warning. The files are read and parsed by {@link ProcessFiles}.
 */
public final class ProcessTaskSource implements TaskSource {

    private final Pattern command;
    private final long minRssBytes;
    private final Host host;

    public ProcessTaskSource(TaskSourceConfig.Processes config, Host host) {
        this.command = Pattern.compile(config.commandRegex());
        this.minRssBytes = config.minRssBytes();
        this.host = host;
    }

    /** Reads no cgroup tree: a process's cgroup comes from its own {@code /proc/PID/cgroup}. */
    @Override
    public List<Task> discover(CgroupReads cgroups, ReadProblems problems) {
        List<Task> tasks = new ArrayList<>();
        for (int pid : ProcessFiles.pids(host.paths())) {
            ProcessFiles files = new ProcessFiles(host.paths(), pid);
            // A process may exit at any moment: read into a private collector and drop it silently if gone.
            ReadProblems local = new ReadProblems();
            Optional<String> cmdline = files.command(local);
            if (cmdline.isEmpty()) {
                reportUnlessGone(files, local, problems);
                continue;
            }
            String cmd = cmdline.get();
            if (cmd.isEmpty() || !command.matcher(cmd).find()) {
                continue;
            }
            Optional<ProcStatus> status = files.status(local);
            if (status.isEmpty()) {
                reportUnlessGone(files, local, problems);
                continue;
            }
            long rss = status.get().kbAsBytes("VmRSS");
            if (rss < minRssBytes) {
                continue;
            }
            tasks.add(build(pid, files, cmd, status.get(), rss, cgroups.kinds(), problems));
        }
        return tasks;
    }

    /**
     * A process still there whose files could not be read (garbled, oversized, unreadable) is
     * reported; one that has exited meanwhile ({@code /proc/PID} gone) is not.
     */
    private static void reportUnlessGone(ProcessFiles files, ReadProblems local, ReadProblems problems) {
        if (files.exists()) {
            local.warnings().forEach(w -> problems.report(Path.of(w.path()), w.message()));
        }
    }

    /** The process as a task, with the measurement {@code kinds} asked for ({@code numa_maps} is the dear one). */
    private Task build(int pid, ProcessFiles files, String cmd, ProcStatus status, long rss, Set<Measurement> kinds,
                       ReadProblems problems) {
        // the command's first word; a command line of only blanks (seen garbled) has none: the pid
        String first = cmd.strip().split(" ", 2)[0];
        String name = status.field("Name", first.isEmpty() ? Integer.toString(pid) : first);
        String cgroup = files.cgroupPath(host.cgroups().isV2(), problems);
        Map<Integer, Long> perNode = kinds.contains(Measurement.MEMORY_PER_NODE)
                ? files.memoryBytesPerNode(host.pageSizeBytes(), problems) : Map.of();
        CpuSet cpus = files.allowedCpus(status, problems);
        NodeSet mems = files.allowedMems(status, problems);
        long cpuNanos = kinds.contains(Measurement.CPU_USAGE) ? files.cpuTimeNanos(problems) : -1;
        TaskMeasurements m = new TaskMeasurements(perNode, rss, -1, status.kbAsBytes("VmHWM"), cpuNanos,
                cpus, mems, cpus, mems, false).only(kinds);
        return new Task("pid:" + pid, name, cgroup, List.of(), List.of(pid), Map.of("command", cmd), Map.of(),
                Resources.NONE, QosClass.UNKNOWN, m);
    }
}
