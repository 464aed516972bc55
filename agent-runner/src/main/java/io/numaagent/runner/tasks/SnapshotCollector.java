package io.numaagent.runner.tasks;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.host.CgroupFileCache;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.CpuPowerReader;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.InterruptReader;
import io.numaagent.runner.host.KernelStateReader;
import io.numaagent.runner.host.PlatformReader;
import io.numaagent.runner.host.ReadProblemLog;
import io.numaagent.runner.host.ReadProblems;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Assembles one {@link Snapshot}: platform, kernel state and the tasks of every source, with
 * everything that could not be read as the snapshot's warnings. The sources share one
 * {@link CgroupReads} per snapshot, so each cgroup is listed and read once however many sources
 * cover it. Tasks are deduplicated by id: the first source that lists a task wins and the
 * duplicate is reported.
 */
public final class SnapshotCollector implements AutoCloseable {

    private final Host host;
    private final PlatformReader platformReader;
    private final KernelStateReader kernelReader;
    private final InterruptReader interruptReader;
    private final List<TaskSource> sources;
    private final Clock clock;
    private final CgroupReads.FileAccess files;
    private final CgroupFileCache keptFiles = new CgroupFileCache();
    /** The measurement kinds read per task (what the plugins and the runner use); the others are absent. */
    private Set<Measurement> measured = Measurement.all();
    /** The interrupts of the last snapshot (what the outcomes of set-irq-affinity were about). */
    private List<Interrupt> lastInterrupts = List.of();
    /** The cgroup of each task of the last snapshot, by task id: where the outcomes about it wrote. */
    private Map<String, String> cgroupOfTask = Map.of();
    private final ReadProblemLog problemLog;
    /** Where task devices come from; null when no running plugin reads them. */
    private TaskDeviceCache devices;
    /** Where the threads' scheduling comes from; null when not wired (read only while it is measured). */
    private ThreadSchedulingReader threadScheduling;
    /** Reads the CPUs' frequency and idle settings; null when no running plugin reads them. */
    private CpuPowerReader cpuPower;
    /** Where containers' pod resources come from; null when no running plugin reads them. */
    private PodResourcesCache podResources;

    /** Snapshots whose read problems are logged (once while they last) to the agent's log. */
    public SnapshotCollector(Host host, List<TaskSource> sources, Clock clock) {
        this(host, sources, clock, new ReadProblemLog());
    }

    /** Snapshots whose read problems go to {@code problemLog} at the end of each. */
    public SnapshotCollector(Host host, List<TaskSource> sources, Clock clock, ReadProblemLog problemLog) {
        this(host, sources, clock, CgroupReads.FileAccess.HOST, problemLog);
    }

    /** As the public constructor, the cgroup tree read through {@code files} (tests count the reads). */
    SnapshotCollector(Host host, List<TaskSource> sources, Clock clock, CgroupReads.FileAccess files) {
        this(host, sources, clock, files, new ReadProblemLog());
    }

    private SnapshotCollector(Host host, List<TaskSource> sources, Clock clock, CgroupReads.FileAccess files,
                              ReadProblemLog problemLog) {
        this.host = host;
        this.files = files;
        this.platformReader = new PlatformReader(host);
        this.kernelReader = new KernelStateReader(host.paths());
        this.interruptReader = new InterruptReader(host.paths());
        this.sources = List.copyOf(sources);
        this.clock = clock;
        this.problemLog = problemLog;
    }

    /** Reads the devices of each task's containers through {@code cache} (when a plugin reads them). */
    public SnapshotCollector readingDevices(TaskDeviceCache cache) {
        this.devices = cache;
        return this;
    }

    /** Reads the CPUs' cpufreq and cpuidle settings and the uncore limits each snapshot (when a plugin reads them). */
    public SnapshotCollector readingCpuPower() {
        this.cpuPower = new CpuPowerReader(host.paths());
        return this;
    }

    /**
     * Reads how each task's threads run through {@code reader}, in every snapshot while
     * {@link Measurement#THREAD_SCHEDULING} is {@link #measured()}.
     */
    public SnapshotCollector readingThreadScheduling(ThreadSchedulingReader reader) {
        this.threadScheduling = reader;
        return this;
    }

    /** Asks the kubelet through {@code cache} what it assigned to pod containers (when a plugin reads that). */
    public SnapshotCollector readingPodResources(PodResourcesCache cache) {
        this.podResources = cache;
        return this;
    }

    /**
     * Reads per task only the measurement {@code kinds} given (and the cpusets, which the executor and
     * the dry-run need whatever the plugins read); by default every kind.
     */
    public SnapshotCollector measuring(Set<Measurement> kinds) {
        EnumSet<Measurement> read = EnumSet.of(Measurement.CPUSETS);
        read.addAll(kinds);
        this.measured = read;
        return this;
    }

    /** The measurement kinds each task's measurements hold. */
    public Set<Measurement> measured() {
        return measured;
    }

    /**
     * Takes snapshot number {@code sequence}, carrying the previous cycle's outcomes. Not
     * thread-safe: what the readers keep between snapshots (topology, missing files) assumes one
     * snapshot at a time.
     */
    public Snapshot collect(long sequence, List<Outcome> previousOutcomes) {
        ReadProblems problems = new ReadProblems();
        var time = clock.instant();
        keptFiles.startCycle(time);
        forgetWrittenConfiguration(previousOutcomes);
        Supplier<Map<String, Long>> meminfo = once(() -> KernelStateReader.readMeminfo(host.paths().proc("meminfo"),
                problems));
        Platform platform = platformReader.read(problems, meminfo);
        KernelState kernel = kernelReader.read(problems, meminfo);
        if (measured.contains(Measurement.INTERRUPTS)) { // host-level: once per snapshot, only when declared
            interruptReader.learn(previousOutcomes, lastInterrupts);
            kernel = kernel.withInterrupts(interruptReader.read(problems));
            lastInterrupts = kernel.interrupts();
        }
        CpuPower power = cpuPower == null ? CpuPower.NONE : cpuPower.read(platform.onlineCpus(), problems);
        CgroupReads cgroups = new CgroupReads(host, problems, files, keptFiles, measured);
        Map<String, Task> tasks = new LinkedHashMap<>();
        for (TaskSource source : sources) {
            for (Task t : source.discover(cgroups, problems)) {
                if (tasks.putIfAbsent(t.id(), t) != null) {
                    problems.report(Path.of(t.cgroupPath()), ReadProblems.Kind.DUPLICATE, "task " + t.id()
                            + " listed by more than one source; keeping the first");
                }
            }
        }
        List<Task> listed = new ArrayList<>(tasks.values());
        if (devices != null) {
            listed = devices.withDevices(listed, cgroups);
        }
        if (threadScheduling != null && measured.contains(Measurement.THREAD_SCHEDULING)) {
            listed = threadScheduling.withThreadScheduling(listed, problems);
        }
        if (podResources != null) {
            listed = podResources.withPodResources(listed);
        }
        keptFiles.endCycle();
        problemLog.endCycle(problems);
        Map<String, String> taskCgroups = new HashMap<>();
        for (Task t : tasks.values()) {
            if (t.cgroupPath() != null && !t.cgroupPath().isEmpty()) {
                taskCgroups.put(t.id(), t.cgroupPath());
            }
        }
        cgroupOfTask = taskCgroups;
        return new Snapshot(sequence, time, platform, kernel, listed, previousOutcomes,
                problems.warnings(), List.of(), power);
    }

    /**
     * The cgroups the previous cycle's cpuset and CPU weight decisions wrote (or tried to: a failed write may have
     * changed a parent first) are read afresh, so that a plugin sees its own change at once.
     */
    private void forgetWrittenConfiguration(List<Outcome> previousOutcomes) {
        for (Outcome o : previousOutcomes) {
            Decision d = o.decision();
            if (d instanceof SetCpus || d instanceof SetMems || d instanceof SetMemoryMigrate || d instanceof SetCpuShares) {
                String cgroup = cgroupOfTask.get(d.task());
                if (cgroup != null) {
                    keptFiles.invalidateConfiguration(cgroup);
                }
            }
        }
    }

    /** Closes the task sources (a Kubernetes source stops its watch). */
    @Override
    public void close() {
        for (TaskSource source : sources) {
            source.close();
        }
    }

    /** {@code /proc/meminfo} is read at most once per snapshot, by whichever reader asks first. */
    private static <T> Supplier<T> once(Supplier<T> read) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = read.get();
                }
                return value;
            }
        };
    }
}
