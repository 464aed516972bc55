package io.numaagent.api.snapshot;

/**
 * Something the runner could not read while building a snapshot. The cycle goes on without it.
 *
 * @param path    the file or directory, as a path under the injected root
 * @param message what was wrong
 */
public record ReadWarning(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
