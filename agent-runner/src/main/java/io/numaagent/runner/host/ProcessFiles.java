package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the procfs files of one process ({@code <procfs>/PID/...}) through the parsers of
 * {@link ProcStatus} and {@link ProcParsers}. What is missing or garbled is reported to
 * {@link ReadProblems} against the file, and a neutral value is returned.
 */
public final class ProcessFiles {

    private final Path dir;

    public ProcessFiles(HostPaths paths, int pid) {
        this.dir = paths.proc(Integer.toString(pid));
    }

    /** Whether the process is still there: its {@code /proc/PID} directory exists. */
    public boolean exists() {
        return java.nio.file.Files.isDirectory(dir);
    }

    /** The pids of every process: the numbered entries of the procfs root, ascending. */
    public static List<Integer> pids(HostPaths paths) {
        return HostDirectories.numberedEntries(paths.procfs(), "");
    }

    /** The command line, arguments joined by spaces; empty (reported) when it cannot be read. */
    public Optional<String> command(ReadProblems problems) {
        return HostFiles.read(dir.resolve("cmdline"), problems).map(ProcParsers::command);
    }

    /** {@code status}; empty (reported) when it cannot be read. */
    public Optional<ProcStatus> status(ReadProblems problems) {
        return HostFiles.readLines(dir.resolve("status"), problems).map(ProcStatus::parse);
    }

    /** {@code Cpus_allowed_list} of {@code status}; empty (a garbled list reported). */
    public CpuSet allowedCpus(ProcStatus status, ReadProblems problems) {
        return HostFiles.parseCpuSet(dir.resolve("status"), status.field("Cpus_allowed_list", ""), problems)
                .orElse(CpuSet.EMPTY);
    }

    /** {@code Mems_allowed_list} of {@code status}; empty (a garbled list reported). */
    public NodeSet allowedMems(ProcStatus status, ReadProblems problems) {
        return HostFiles.parseNodeSet(dir.resolve("status"), status.field("Mems_allowed_list", ""), problems)
                .orElse(NodeSet.EMPTY);
    }

    /** The process's cgroup path (see {@link ProcParsers#cgroupPath}); "/" when unknown (reported). */
    public String cgroupPath(boolean v2, ReadProblems problems) {
        Path file = dir.resolve("cgroup");
        Optional<List<String>> lines = HostFiles.readLines(file, problems);
        if (lines.isEmpty()) {
            return "/";
        }
        Optional<String> path = ProcParsers.cgroupPath(lines.get(), v2);
        if (path.isEmpty()) {
            problems.report(file, "no " + (v2 ? "cgroup v2 (0::)" : "cpuset") + " line");
        }
        return path.orElse("/");
    }

    /** Bytes per node from {@code numa_maps} (see {@link ProcParsers#numaMapsBytesPerNode}); garbled lines reported. */
    public Map<Integer, Long> memoryBytesPerNode(long pageSize, ReadProblems problems) {
        Path file = dir.resolve("numa_maps");
        Optional<List<String>> lines = HostFiles.readLines(file, problems);
        if (lines.isEmpty()) {
            return new TreeMap<>();
        }
        return ProcParsers.numaMapsBytesPerNode(lines.get(), pageSize,
                line -> problems.report(file, "unexpected line \"" + HostFiles.abbreviate(line) + "\""));
    }

    /** CPU time from {@code stat} in nanoseconds; -1 when unknown (reported). */
    public long cpuTimeNanos(ReadProblems problems) {
        Path file = dir.resolve("stat");
        Optional<String> text = HostFiles.read(file, problems);
        if (text.isEmpty()) {
            return -1;
        }
        var nanos = ProcParsers.cpuTimeNanos(text.get());
        if (nanos.isEmpty()) {
            problems.report(file, "cannot parse utime/stime");
            return -1;
        }
        return nanos.getAsLong();
    }
}
