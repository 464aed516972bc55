package io.numaagent.runner.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CgroupWriter} that records each write as {@code path file=value}, then passes it on to
 * an optional delegate (a file writer over a fixture tree, to check the resulting files too).
 */
final class RecordingCgroupWriter implements CgroupWriter {

    final List<String> writes = new ArrayList<>();
    private final CgroupWriter delegate;

    RecordingCgroupWriter(CgroupWriter delegate) {
        this.delegate = delegate;
    }

    @Override
    public void write(String cgroupPath, String file, String value) throws HostWriteException {
        writes.add(cgroupPath + " " + file + "=" + value);
        if (delegate != null) {
            delegate.write(cgroupPath, file, value);
        }
    }
}
