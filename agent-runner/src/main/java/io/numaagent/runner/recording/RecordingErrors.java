package io.numaagent.runner.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;

/** Turns Jackson's exceptions into the format's error messages: {@code snapshot.tasks[0].qos: unknown value "x"}. */
final class RecordingErrors {

    private RecordingErrors() {
    }

    /**
     * The message for a failure to read {@code what} ("snapshot", "decision", "outcome"): the path
     * to the bad field, then the problem.
     */
    static String describe(String what, JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException syntax) {
                // the parser's complaint, whether it came by itself or wrapped on its way out of a field
                return "not JSON: " + syntax.getOriginalMessage();
            }
        }
        if (!(e instanceof JsonMappingException m)) {
            return "not JSON: " + e.getOriginalMessage();
        }
        StringBuilder at = new StringBuilder(what);
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                at.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                at.append('[').append(r.getIndex()).append(']');
            }
        }
        return at + ": " + problem(m);
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof FieldProblem) {
            return e.getOriginalMessage();
        }
        if (e instanceof InvalidNullException) {
            return "missing";
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            // a record's own check, e.g. "cpus must not be empty"
            Throwable c = e.getCause();
            return c.getMessage() == null ? c.toString() : c.getMessage();
        }
        if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            // a scalar where an object or array belongs (scalars themselves are read by ValueFormats)
            return Collection.class.isAssignableFrom(mi.getTargetType()) || mi.getTargetType().isArray()
                    ? "expected an array" : "expected an object";
        }
        return e.getOriginalMessage();
    }
}
