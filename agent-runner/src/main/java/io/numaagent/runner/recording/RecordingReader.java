package io.numaagent.runner.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Snapshot;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the recording format: a recording (one snapshot per line, as {@code run --record} and
 * {@code snapshot} write it), or one snapshot, decision or outcome.
 *
 * <p>Reading is strict: a missing or mistyped field is a {@link BadRecordingException} naming the
 * field ({@code snapshot.platform.nodes[0].memoryTier: expected an integer}) and, in a recording,
 * the line. Fields the reader does not know are ignored.
 */
public final class RecordingReader implements Closeable {

    private static final ObjectReader SNAPSHOT = RecordingMapper.MAPPER.readerFor(Snapshot.class);
    private static final ObjectReader DECISION = RecordingMapper.MAPPER.readerFor(Decision.class);
    private static final ObjectReader OUTCOME = RecordingMapper.MAPPER.readerFor(Outcome.class);

    private final BufferedReader in;
    private int line;

    /** A reader of the recording {@code in}; closing it closes {@code in}. */
    public RecordingReader(BufferedReader in) {
        this.in = in;
    }

    /** The next snapshot; blank lines are skipped. @throws BadRecordingException naming line and field */
    public Optional<Snapshot> next() throws IOException {
        String text;
        while ((text = in.readLine()) != null) {
            line++;
            if (!text.isBlank()) {
                try {
                    return Optional.of(snapshot(text));
                } catch (BadRecordingException e) {
                    throw new BadRecordingException(line, e.problem(), e);
                }
            }
        }
        return Optional.empty();
    }

    /** Every remaining snapshot. */
    public List<Snapshot> readAll() throws IOException {
        List<Snapshot> all = new ArrayList<>();
        for (Optional<Snapshot> s = next(); s.isPresent(); s = next()) {
            all.add(s.get());
        }
        return all;
    }

    /** The number of the line read last (1 for the first). */
    public int line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** One snapshot. @throws BadRecordingException naming the field */
    public static Snapshot snapshot(String json) {
        return read(SNAPSHOT, "snapshot", json);
    }

    /** One decision, as the dry-run prints it. */
    public static Decision decision(String json) {
        return read(DECISION, "decision", json);
    }

    /** One outcome, as an applying run prints it. */
    public static Outcome outcome(String json) {
        return read(OUTCOME, "outcome", json);
    }

    private static <T> T read(ObjectReader reader, String what, String json) {
        try {
            return reader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new BadRecordingException(0, RecordingErrors.describe(what, e), e);
        }
    }
}
