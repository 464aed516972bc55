package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.ReadProblems;
import java.util.List;

/** Says which tasks exist right now, each with this cycle's measurements. */
public interface TaskSource extends AutoCloseable {

    /**
     * The tasks found; what could not be read is reported to {@code problems}, never thrown.
     * Cgroups are read through the cycle's shared {@code cgroups}, so that every cgroup directory
     * is listed and every {@code cgroup.procs} read once per cycle, however many sources look at it.
     */
    List<Task> discover(CgroupReads cgroups, ReadProblems problems);

    /** Lets go of what the source holds between cycles (a watch on the API server); most hold nothing. */
    @Override
    default void close() {
    }
}
