package io.numaagent.runner.tasks;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.KernelStateReader;
import io.numaagent.runner.host.PlatformReader;
import io.numaagent.runner.host.ReadProblems;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles one {@link Snapshot}: platform, kernel state and the tasks of every source, with
 * everything that could not be read as the snapshot's warnings. The sources share one
 * {@link CgroupReads} per snapshot, so each cgroup is listed and read once however many sources
 * cover it. Tasks are deduplicated by id: the first source that lists a task wins and the
 * duplicate is reported.
 */
public final class SnapshotCollector {

    private final Host host;
    private final PlatformReader platformReader;
    private final KernelStateReader kernelReader;
    private final List<TaskSource> sources;
    private final Clock clock;
    private final CgroupReads.FileAccess files;

    public SnapshotCollector(Host host, List<TaskSource> sources, Clock clock) {
        this(host, sources, clock, CgroupReads.FileAccess.HOST);
    }

    /** As the public constructor, the cgroup tree read through {@code files} (tests count the reads). */
    SnapshotCollector(Host host, List<TaskSource> sources, Clock clock, CgroupReads.FileAccess files) {
        this.host = host;
        this.files = files;
        this.platformReader = new PlatformReader(host);
        this.kernelReader = new KernelStateReader(host.paths());
        this.sources = List.copyOf(sources);
        this.clock = clock;
    }

    /** Takes snapshot number {@code sequence}, carrying the previous cycle's outcomes. */
    public Snapshot collect(long sequence, List<Outcome> previousOutcomes) {
        ReadProblems problems = new ReadProblems();
        var time = clock.instant();
        Platform platform = platformReader.read(problems);
        KernelState kernel = kernelReader.read(problems);
        CgroupReads cgroups = new CgroupReads(host, problems, files);
        Map<String, Task> tasks = new LinkedHashMap<>();
        for (TaskSource source : sources) {
            for (Task t : source.discover(cgroups, problems)) {
                if (tasks.putIfAbsent(t.id(), t) != null) {
                    problems.report(Path.of(t.cgroupPath()), "task " + t.id() + " listed by more than one source; "
                            + "keeping the first");
                }
            }
        }
        return new Snapshot(sequence, time, platform, kernel, new ArrayList<>(tasks.values()), previousOutcomes,
                problems.warnings());
    }
}
