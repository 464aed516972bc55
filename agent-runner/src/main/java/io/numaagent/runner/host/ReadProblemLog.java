package io.numaagent.runner.host;

import io.numaagent.runner.host.ReadProblems.Kind;
import io.numaagent.runner.host.ReadProblems.Problem;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the read problems of successive cycles so that a persistent one costs one log line, not one
 * per cycle: a problem (file, kind and message) is logged at WARN the first cycle it appears; while
 * it persists it is only counted (per kind, for {@code numa_agent_read_problems_total}); when the
 * file's problem changes it is logged again; when a file that had problems has none in a cycle,
 * that is logged once at INFO (and the problem, should it return, is logged again). Every cycle's
 * snapshot still carries all its warnings: only the log is quieter.
 *
 * <p>Fed by {@link #endCycle} once per snapshot, on the snapshot's thread.
 */
public final class ReadProblemLog {

    /** Where the lines go: SLF4J in the agent, a list in tests. */
    public interface Output {

        void warn(String line);

        void info(String line);
    }

    /** Receives how many problems of each kind one cycle had (the metric). */
    @FunctionalInterface
    public interface Counter {

        /** Nothing is counted. */
        Counter NONE = (kind, count) -> { };

        void add(Kind kind, long count);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReadProblemLog.class);

    /** The agent's log. */
    public static final Output SLF4J = new Output() {
        @Override
        public void warn(String line) {
            LOG.warn(line);
        }

        @Override
        public void info(String line) {
            LOG.info(line);
        }
    };

    private record Key(Kind kind, String message) {
    }

    private final Output output;
    private final Counter counter;
    /** The problems of the previous cycle, by file. */
    private Map<Path, Set<Key>> previous = new HashMap<>();

    /** Logs to the agent's log and counts nowhere. */
    public ReadProblemLog() {
        this(SLF4J, Counter.NONE);
    }

    public ReadProblemLog(Output output, Counter counter) {
        this.output = output;
        this.counter = counter;
    }

    /** Logs what is new in this cycle's problems, notes the files whose problems cleared, counts all. */
    public void endCycle(ReadProblems cycle) {
        Map<Path, Set<Key>> current = new HashMap<>();
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        for (Problem p : cycle.problems()) {
            counts.merge(p.kind(), 1L, Long::sum);
            Key key = new Key(p.kind(), p.message());
            if (!current.computeIfAbsent(p.path(), f -> new LinkedHashSet<>()).add(key)) {
                continue; // the same problem twice in one cycle: logged at most once
            }
            Set<Key> before = previous.get(p.path());
            if (before == null || !before.contains(key)) {
                output.warn("cannot read " + p.path() + ": " + p.message() + " (" + p.kind().label()
                        + "; logged again only when it changes)");
            }
        }
        for (var gone : previous.entrySet()) {
            if (!current.containsKey(gone.getKey())) {
                output.info(gone.getKey() + ": read problem cleared (was: "
                        + gone.getValue().iterator().next().message() + ")");
            }
        }
        previous = current;
        counts.forEach(counter::add);
    }
}
