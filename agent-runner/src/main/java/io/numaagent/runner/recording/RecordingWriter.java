package io.numaagent.runner.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Snapshot;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes the recording format: a snapshot, decision or outcome as one line of JSON, and a
 * recording as snapshot lines appended to a file.
 *
 * <p>Sets are kernel lists ({@code "0-3,8"}), times ISO-8601, QoS and outcome status lower-case
 * with dashes, maps sorted by key. Records are written component by component, in declaration
 * order, except where {@link Mixins} says otherwise. A decision is an object with, in this order,
 * {@code plugin}, {@code task} (absent for machine-wide decisions), {@code action}, the action's own
 * fields ({@code ranges} as {@code [{"start":"0x7f..","length":N}]}) and {@code reason}.
 */
public final class RecordingWriter implements Closeable {

    private static final ObjectWriter LINE = RecordingMapper.MAPPER.writer();
    private static final ObjectWriter INDENTED = RecordingMapper.MAPPER.writerWithDefaultPrettyPrinter();

    private final Writer out;

    /** A recording written to {@code out}; closing this closes {@code out}. */
    public RecordingWriter(Writer out) {
        this.out = out;
    }

    /** Appends the snapshot as one line and flushes, so that the recording holds every cycle that ended. */
    public void append(Snapshot snapshot) throws IOException {
        out.write(toLine(snapshot));
        out.write('\n');
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** One snapshot as a single line (no newline). */
    public static String toLine(Snapshot snapshot) {
        return write(LINE, snapshot);
    }

    /** One decision as a single line: the dry-run line. */
    public static String toLine(Decision decision) {
        return write(LINE, decision);
    }

    /** One outcome as a single line: the line of an applied decision. */
    public static String toLine(Outcome outcome) {
        return write(LINE, outcome);
    }

    /** One snapshot indented for reading ({@code snapshot --pretty}); the same JSON as {@link #toLine(Snapshot)}. */
    public static String toIndentedJson(Snapshot snapshot) {
        return write(INDENTED, snapshot);
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value, e); // every value of the api has a form
        }
    }
}
