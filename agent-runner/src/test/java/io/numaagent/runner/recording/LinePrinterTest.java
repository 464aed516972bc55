package io.numaagent.runner.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinePrinterTest {

    private static final SetCpus DECISION = new SetCpus("numa-allocator", "/batch/a", CpuSet.parse("0-3"), "fits node 0");
    private static final String DECISION_LINE = "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"set-cpus\","
            + "\"cpus\":\"0-3\",\"reason\":\"fits node 0\"}";

    @Test
    void printsDryRunDecisionsAndAppliedOutcomesAsLines() {
        StringWriter out = new StringWriter();
        LinePrinter printer = new LinePrinter(new PrintWriter(out));

        printer.print(DECISION);
        printer.print(new Outcome(3, DECISION, Outcome.Status.APPLIED, "wrote 0-3", null, 0, 0, 1200, 800));

        assertThat(out.toString()).isEqualTo(DECISION_LINE + System.lineSeparator()
                + "{\"cycle\":3,\"decision\":" + DECISION_LINE + ",\"status\":\"applied\",\"detail\":\"wrote 0-3\","
                + "\"pagesMoved\":0,\"pagesFailed\":0,\"durationNanos\":1200,\"longestCallNanos\":800}" + System.lineSeparator());
    }

    @Test
    void eachLineIsFlushedAtOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // no autoflush: only the printer's own flush puts the line through
        LinePrinter printer = new LinePrinter(new PrintWriter(new java.io.BufferedOutputStream(bytes), false,
                StandardCharsets.UTF_8));

        printer.print(DECISION);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(DECISION_LINE + System.lineSeparator());
    }
}
