package io.numaagent.runner.host;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses {@code /proc/PID/maps} and tells the mappings whose pages can be moved between nodes. */
public final class ProcMaps {

    /**
     * One line of {@code /proc/PID/maps}.
     *
     * @param pathname file, {@code [heap]}, {@code [stack]}, ... or "" for anonymous memory
     */
    public record Mapping(long start, long end, String perms, String pathname) {

        private boolean readable() {
            return perms.length() > 0 && perms.charAt(0) == 'r';
        }

        /**
         * Whether {@code move_pages} can act on it: readable (no guard or PROT_NONE areas) and not a
         * kernel-provided page ({@code [vdso]}, {@code [vvar]}, {@code [vsyscall]}, ...), which
         * cannot move. Private anonymous, private file and shared mappings qualify; pages shared with
         * other processes come back per page as -EACCES without {@code MPOL_MF_MOVE_ALL}.
         */
        public boolean movable() {
            if (!readable()) {
                return false;
            }
            return !(pathname.startsWith("[v") || pathname.equals("[uprobes]"));
        }
    }

    /**
     * Largest maps file read: 64 MiB holds about 500,000 mappings, several times the default
     * {@code vm.max_map_count} (65,530) and the 262,144 some databases raise it to.
     */
    public static final int MAX_MAPS_BYTES = 64 << 20;

    private ProcMaps() {
    }

    /**
     * Reads the maps file of {@code pid} under {@code procfs}.
     *
     * @throws NoSuchFileException when the process is gone
     * @throws IOException naming the file and line when it is garbled
     */
    public static List<Mapping> read(Path procfs, int pid) throws IOException {
        Path path = procfs.resolve(Integer.toString(pid)).resolve("maps");
        try {
            return parse(List.of(HostFiles.readBounded(path, MAX_MAPS_BYTES).split("\n")));
        } catch (IllegalArgumentException e) {
            throw new IOException(path + " " + e.getMessage(), e);
        }
    }

    /**
     * Parses the lines of a maps file; blank lines are skipped.
     *
     * @throws IllegalArgumentException "line N: cannot parse ..." for the first garbled line
     */
    public static List<Mapping> parse(List<String> lines) {
        List<Mapping> result = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                result.add(parse(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": cannot parse \"" + line + "\": "
                        + e.getMessage(), e);
            }
        }
        return result;
    }

    /** Parses one line: {@code start-end perms offset dev inode [pathname]}. */
    public static Mapping parse(String line) {
        String[] f = line.strip().split("\\s+", 6);
        if (f.length < 5) {
            throw new IllegalArgumentException("expected at least 5 fields");
        }
        int dash = f[0].indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("no address range");
        }
        long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
        long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
        if (Long.compareUnsigned(end, start) <= 0) {
            throw new IllegalArgumentException("empty address range");
        }
        return new Mapping(start, end, f[1], f.length == 6 ? f[5] : "");
    }
}
