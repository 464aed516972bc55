package io.numaagent.runner.recording;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where decisions and outcomes go on the operator's output: a dry-run prints each decision, an
 * applying run each outcome, one JSON line each in the recording format ({@link RecordingWriter}),
 * flushed at once so that scripts reading a pipe see each line as it is made.
 */
public final class LinePrinter {

    private final Consumer<String> lines;

    public LinePrinter(PrintStream out) {
        Objects.requireNonNull(out, "out");
        this.lines = line -> {
            out.println(line);
            out.flush();
        };
    }

    public LinePrinter(PrintWriter out) {
        Objects.requireNonNull(out, "out");
        this.lines = line -> {
            out.println(line);
            out.flush();
        };
    }

    /** Prints a decision that was not applied (dry-run). */
    public synchronized void print(Decision decision) {
        lines.accept(RecordingWriter.toLine(decision));
    }

    /** Prints what became of an applied decision. */
    public synchronized void print(Outcome outcome) {
        lines.accept(RecordingWriter.toLine(outcome));
    }
}
