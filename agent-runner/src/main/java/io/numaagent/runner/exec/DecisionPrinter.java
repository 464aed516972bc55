package io.numaagent.runner.exec;

import io.numaagent.api.decision.Decision;
import io.numaagent.runner.json.SnapshotJson;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where dry-run decisions go: one JSON line each ({@link SnapshotJson#decisionToJson}, the same form
 * as in recordings), flushed at once so that scripts reading a pipe see each decision as it is made.
 */
public final class DecisionPrinter {

    private final Consumer<String> lines;

    public DecisionPrinter(PrintStream out) {
        Objects.requireNonNull(out, "out");
        this.lines = line -> {
            out.println(line);
            out.flush();
        };
    }

    public DecisionPrinter(PrintWriter out) {
        Objects.requireNonNull(out, "out");
        this.lines = line -> {
            out.println(line);
            out.flush();
        };
    }

    /** Prints the decision's JSON line. */
    public synchronized void print(Decision decision) {
        lines.accept(SnapshotJson.decisionToJson(decision));
    }
}
