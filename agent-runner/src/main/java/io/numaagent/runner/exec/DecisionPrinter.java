package io.numaagent.runner.exec;

import io.numaagent.api.decision.Decision;
import java.io.PrintStream;
import java.util.Objects;

/** Where dry-run decisions go: one {@link DecisionJson} line each, flushed at once. */
public final class DecisionPrinter {

    private final PrintStream out;

    public DecisionPrinter(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Prints the decision's JSON line. */
    public void print(Decision decision) {
        synchronized (out) {
            out.println(DecisionJson.toLine(decision));
            out.flush();
        }
    }
}
