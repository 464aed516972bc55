package io.numaagent.runner.host;

import io.numaagent.api.snapshot.ReadWarning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what could not be read while building one snapshot. A reader that meets a missing or
 * garbled file reports it here, naming the path, and carries on with what it has; the warnings go
 * into the snapshot, the log and the {@code numa_agent_read_errors_total} counter.
 */
public final class ReadProblems {

    private static final Logger LOG = LoggerFactory.getLogger(ReadProblems.class);

    private final List<ReadWarning> warnings = new ArrayList<>();

    /** Records that {@code path} could not be used, and why. */
    public synchronized void report(Path path, String message) {
        ReadWarning w = new ReadWarning(path.toString(), message);
        warnings.add(w);
        LOG.warn("cannot read {}: {}", path, message);
    }

    /** Everything reported so far. */
    public synchronized List<ReadWarning> warnings() {
        return List.copyOf(warnings);
    }

    public synchronized boolean isEmpty() {
        return warnings.isEmpty();
    }
}
