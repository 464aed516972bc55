package io.numaagent.runner.exec;

import io.numaagent.runner.host.CgroupLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link CgroupWriter} over a cgroup root (normally {@code /sys/fs/cgroup}), v1 or v2. Writes
 * {@code value + "\n"} as {@code echo} would, in one {@code write(2)}, to an existing file only:
 * a missing control file means a vanished cgroup or an absent controller, never something to create.
 */
public final class FileCgroupWriter implements CgroupWriter {

    private final CgroupLayout files;

    /** @param files where each cgroup's control files live */
    public FileCgroupWriter(CgroupLayout files) {
        this.files = files;
    }

    @Override
    public void write(String cgroupPath, String file, String value) throws HostWriteException {
        writeExisting(files.fileFor(cgroupPath, file), value);
    }

    static void writeExisting(Path path, String value) throws HostWriteException {
        try {
            Files.write(path, (value + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw HostWriteException.from(path, e);
        }
    }
}
