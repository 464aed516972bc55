package io.numaagent.runner.host;

import io.numaagent.api.snapshot.ReadWarning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects what could not be read while building one snapshot. A reader that meets a missing or
 * garbled file reports it here, naming the path, and carries on with what it has; the warnings go
 * into the snapshot. Logging is not done here but by {@link ReadProblemLog} once per cycle, so that
 * a problem that persists is logged once rather than every cycle.
 */
public final class ReadProblems {

    /** What went wrong, as the {@code kind} label of {@code numa_agent_read_problems_total}: a fixed set. */
    public enum Kind {
        /** The file (or the cgroup it belongs to) does not exist. */
        MISSING,
        /** It exists but could not be opened, listed or read. */
        UNREADABLE,
        /** It was read but its content has an unexpected shape. */
        MALFORMED,
        /** The same task was listed by more than one source. */
        DUPLICATE;

        /** The metric label: {@code missing}, {@code unreadable}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One report: the file, the kind and the message of its warning. */
    public record Problem(Path path, Kind kind, String message) {

        public ReadWarning warning() {
            return new ReadWarning(path.toString(), message);
        }
    }

    /**
     * Problems listed per file and snapshot; more are counted in one summary problem. A garbled
     * file of a million bad lines is one problem to the operator, not a million warnings.
     */
    public static final int MAX_PER_FILE = 5;

    private final List<Problem> problems = new ArrayList<>();
    private final Map<Path, Integer> perFile = new HashMap<>();

    /** Records that the content of {@code path} could not be used, and why ({@link Kind#MALFORMED}). */
    public void report(Path path, String message) {
        report(path, Kind.MALFORMED, message);
    }

    /** Records that {@code path} could not be used, and why. */
    public synchronized void report(Path path, Kind kind, String message) {
        if (perFile.merge(path, 1, Integer::sum) > MAX_PER_FILE) {
            return;
        }
        problems.add(new Problem(path, kind, message));
    }

    /** Records a problem again (one remembered from an earlier read that was not repeated). */
    public void report(Problem problem) {
        report(problem.path(), problem.kind(), problem.message());
    }

    /** Everything reported so far, in order, with one "N more problems" per file over {@link #MAX_PER_FILE}. */
    public synchronized List<Problem> problems() {
        List<Problem> out = new ArrayList<>(problems);
        perFile.forEach((path, n) -> {
            if (n > MAX_PER_FILE) {
                out.add(new Problem(path, Kind.MALFORMED, (n - MAX_PER_FILE) + " more problems in this file, not listed"));
            }
        });
        return List.copyOf(out);
    }

    /** Everything reported so far, as the snapshot carries it. */
    public synchronized List<ReadWarning> warnings() {
        List<ReadWarning> out = new ArrayList<>(problems.size());
        for (Problem p : problems()) {
            out.add(p.warning());
        }
        return List.copyOf(out);
    }

    public synchronized boolean isEmpty() {
        return problems.isEmpty();
    }
}
