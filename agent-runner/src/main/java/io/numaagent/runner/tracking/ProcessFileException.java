package io.numaagent.runner.tracking;

import java.io.IOException;

/** A file of one tracked process could not be read: that process is dropped, the tracker goes on. */
final class ProcessFileException extends IOException {

    ProcessFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
