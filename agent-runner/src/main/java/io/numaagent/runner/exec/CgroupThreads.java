package io.numaagent.runner.exec;

import io.numaagent.runner.host.CgroupLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The thread ids of one cgroup: {@code cgroup.threads} on v2, {@code tasks} on v1 (each lists the cgroup's
 * own threads, one id per line, not those of its sub-cgroups).
 */
public final class CgroupThreads {

    private final CgroupLayout layout;

    public CgroupThreads(CgroupLayout layout) {
        this.layout = layout;
    }

    /** The file listing the threads of {@code cgroup}. */
    public Path file(String cgroup) {
        return layout.fileFor(cgroup, layout.isV2() ? "cgroup.threads" : "tasks");
    }

    /**
     * The threads of {@code cgroup}, in the file's order; empty when the cgroup is gone.
     *
     * @throws IOException when the file cannot be read, or holds something that is not a thread id
     */
    public List<Integer> of(String cgroup) throws IOException {
        Path file = file(cgroup);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException gone) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.isEmpty()) {
                continue;
            }
            try {
                out.add(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (i + 1) + ": not a thread id: \"" + s + "\"");
            }
        }
        return out;
    }
}
