package io.numaagent.runner.recording;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * Where decisions and outcomes go on the operator's output: a dry-run prints each decision, an
 * applying run each outcome, one JSON line each in the recording format ({@link RecordingWriter}),
 * flushed at once so that scripts reading a pipe see each line as it is made.
 */
public final class LinePrinter {

    private final PrintWriter out;

    public LinePrinter(PrintWriter out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Prints a decision that was not applied (dry-run). */
    public synchronized void print(Decision decision) {
        println(RecordingWriter.toLine(decision));
    }

    /** Prints what became of an applied decision. */
    public synchronized void print(Outcome outcome) {
        println(RecordingWriter.toLine(outcome));
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }
}
