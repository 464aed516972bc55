package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.host.ReadProblems;
import java.util.List;

/** Says which tasks exist right now, each with this cycle's measurements. */
public interface TaskSource {

    /** The tasks found; what could not be read is reported to {@code problems}, never thrown. */
    List<Task> discover(ReadProblems problems);
}
