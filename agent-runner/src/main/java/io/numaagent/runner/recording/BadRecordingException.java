package io.numaagent.runner.recording;

/** Input that is not in the recording format; the message names the line (in a recording) and the field. */
public final class BadRecordingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String problem;

    BadRecordingException(int line, String problem, Throwable cause) {
        super(line > 0 ? "line " + line + ": " + problem : problem, cause);
        this.line = line;
        this.problem = problem;
    }

    /** The line of the recording, 1 for the first; 0 when the input was not read from a recording. */
    public int line() {
        return line;
    }

    /** What is wrong, without the line: {@code snapshot.sequence: expected an integer}. */
    public String problem() {
        return problem;
    }
}
