package io.numaagent.runner.host;

import io.numaagent.api.snapshot.ReadWarning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what could not be read while building one snapshot. A reader that meets a missing or
 * garbled file reports it here, naming the path, and carries on with what it has; the warnings go
 * into the snapshot, the log and the {@code numa_agent_read_errors_total} counter.
 */
public final class ReadProblems {

    private static final Logger LOG = LoggerFactory.getLogger(ReadProblems.class);

    /**
     * Problems listed per file and snapshot; more are counted in one summary warning. A garbled
     * file of a million bad lines is one problem to the operator, not a million log lines.
     */
    public static final int MAX_PER_FILE = 5;

    private final List<ReadWarning> warnings = new ArrayList<>();
    private final Map<String, Integer> perFile = new HashMap<>();

    /** Records that {@code path} could not be used, and why. */
    public synchronized void report(Path path, String message) {
        int n = perFile.merge(path.toString(), 1, Integer::sum);
        if (n > MAX_PER_FILE) {
            return;
        }
        ReadWarning w = new ReadWarning(path.toString(), message);
        warnings.add(w);
        LOG.warn("cannot read {}: {}", path, message);
    }

    /** Everything reported so far, with one "N more problems" warning per file over {@link #MAX_PER_FILE}. */
    public synchronized List<ReadWarning> warnings() {
        List<ReadWarning> out = new ArrayList<>(warnings);
        perFile.forEach((path, n) -> {
            if (n > MAX_PER_FILE) {
                out.add(new ReadWarning(path, (n - MAX_PER_FILE) + " more problems in this file, not listed"));
            }
        });
        return List.copyOf(out);
    }

    public synchronized boolean isEmpty() {
        return warnings.isEmpty();
    }
}
