package io.numaagent.runner.exec;

import java.io.IOException;
import java.nio.file.Path;

/** A cgroup or sysctl file could not be written; names the file and the errno. */
public final class HostWriteException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String errno;

    public HostWriteException(Path path, String errno, String message) {
        super("cannot write " + path + ": " + message + (errno == null ? "" : " (" + errno + ")"));
        this.path = path;
        this.errno = errno;
    }

    /** Builds the exception from a JDK I/O failure, recovering the errno where the JDK reports one. */
    static HostWriteException from(Path path, IOException e) {
        String errno;
        if (e instanceof java.nio.file.NoSuchFileException) {
            errno = "ENOENT";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            errno = "EACCES";
        } else {
            int n = Errno.fromMessage(e.getMessage());
            errno = n == 0 ? null : Errno.name(n);
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            msg = fse.getReason();
        } else if (errno != null) {
            msg = Errno.message(Errno.number(errno));
        }
        return new HostWriteException(path, errno, msg);
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** errno name ({@code EINVAL}, {@code EACCES}, ...) or {@code null} when unknown. */
    public String errno() {
        return errno;
    }
}
