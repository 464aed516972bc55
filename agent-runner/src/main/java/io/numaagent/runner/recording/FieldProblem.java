package io.numaagent.runner.recording;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A recorded value that breaks the format, worded as the error message says it ("expected an
 * integer", "missing"). Jackson adds the path to the field as the exception leaves each object and
 * array; {@link RecordingErrors} puts path and words together.
 */
final class FieldProblem extends JsonMappingException {

    private static final long serialVersionUID = 1L;

    FieldProblem(JsonParser parser, String problem) {
        super(parser, problem);
    }
}
