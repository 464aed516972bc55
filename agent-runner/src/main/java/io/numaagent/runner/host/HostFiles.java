package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Small helpers for reading sysfs, procfs and cgroupfs files. Every failure is reported to
 * {@link ReadProblems} with the path and the helper returns an empty result, so that callers carry
 * on with what they have instead of failing the whole snapshot.
 */
public final class HostFiles {

    private HostFiles() {
    }

    /**
     * The file's text, or empty (reported) when it is missing or unreadable. Read as a stream to
     * its end: procfs files report size 0, and {@code Files.readString} sized by that returns only
     * the first byte of a sysctl such as {@code /proc/sys/kernel/pid_max} ("3" for 32768).
     */
    public static Optional<String> read(Path file, ReadProblems problems) {
        try {
            return Optional.of(readBounded(file, MAX_FILE_BYTES));
        } catch (NoSuchFileException e) {
            problems.report(file, "missing");
        } catch (FileTooLargeException e) {
            problems.report(file, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB; skipped without reading it");
        } catch (IOException | RuntimeException e) {
            problems.report(file, "unreadable: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Largest host file read, in bytes: far above any sysfs, procfs or cgroup file the runner reads
     * (a {@code numa_maps} of 65,530 mappings is about 10 MiB), far below what would strain the
     * agent's heap. A larger file is garbage or hostile: it is reported and skipped, not read.
     */
    public static final int MAX_FILE_BYTES = 16 << 20;

    /**
     * The file's text, read to its end but never beyond {@code maxBytes}: a regular file whose size
     * says it is larger is not opened, and a procfs file (size 0) is read to at most that bound.
     *
     * @throws IOException when it cannot be read or is larger than {@code maxBytes}
     */
    public static String readBounded(Path file, int maxBytes) throws IOException {
        if (Files.size(file) > maxBytes) {
            throw new FileTooLargeException(file, maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new FileTooLargeException(file, maxBytes);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** A host file over the read bound. */
    public static final class FileTooLargeException extends IOException {
        FileTooLargeException(Path file, int maxBytes) {
            super(file + " is larger than " + (maxBytes >> 20) + " MiB; not read");
        }
    }

    /** The file's text, or empty without a report when the file does not exist (optional files). */
    public static Optional<String> readIfPresent(Path file, ReadProblems problems) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return read(file, problems);
    }

    /** The file's lines, or empty (reported) when it is missing or unreadable. */
    public static Optional<List<String>> readLines(Path file, ReadProblems problems) {
        return read(file, problems).map(HostFiles::lines);
    }

    /** Non-blank lines of a text. */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * Parses a meminfo-style file: lines {@code <prefix> Key:   value [kB]}, where {@code prefix} is
     * {@code ""} for {@code /proc/meminfo} and {@code "Node 3"} for a node's {@code meminfo}. Values
     * with a {@code kB} unit become bytes. Lines of another shape are reported and skipped; a
     * missing file yields empty (reported).
     */
    public static Optional<Map<String, Long>> readMeminfo(Path file, String prefix, ReadProblems problems) {
        List<String> expected = prefix.isEmpty() ? List.of() : List.of(prefix.split(" "));
        int k = expected.size();
        return readLines(file, problems).map(lines -> {
            Map<String, Long> values = new TreeMap<>();
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length < k + 2 || !List.of(f).subList(0, k).equals(expected) || !f[k].endsWith(":")) {
                    problems.report(file, "unexpected line \"" + abbreviate(line) + "\"");
                    continue;
                }
                try {
                    long v = Long.parseLong(f[k + 1]);
                    boolean kb = f.length > k + 2 && f[k + 2].equals("kB");
                    values.put(f[k].substring(0, f[k].length() - 1), kb ? v * 1024 : v);
                } catch (NumberFormatException e) {
                    problems.report(file, "not a number in \"" + abbreviate(line) + "\"");
                }
            }
            return values;
        });
    }

    /**
     * Adds one per-node item {@code N<node>=<count>} of {@code numa_maps} or {@code memory.numa_stat}
     * to {@code into}; false when the item has another shape or its numbers do not parse.
     */
    public static boolean parseNodeItem(String item, Map<Integer, Long> into) {
        int eq = item.indexOf('=');
        if (!item.startsWith("N") || eq < 2) {
            return false;
        }
        try {
            into.put(Integer.parseInt(item.substring(1, eq)), Long.parseLong(item.substring(eq + 1)));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A single decimal integer file (e.g. {@code core_id}); empty (reported) when missing or garbled. */
    public static OptionalLong readLong(Path file, ReadProblems problems) {
        Optional<String> text = read(file, problems);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        return parseLong(file, text.get().strip(), problems);
    }

    /** Parses a decimal integer, reporting garbage against {@code file}. */
    public static OptionalLong parseLong(Path file, String value, ReadProblems problems) {
        try {
            return OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            problems.report(file, value.isBlank() ? "empty, expected a number" : "not a number: \"" + abbreviate(value) + "\"");
            return OptionalLong.empty();
        }
    }

    /** A kernel CPU list file ({@code 0-3,8-11}); empty (reported) when missing or garbled. */
    public static Optional<CpuSet> readCpuSet(Path file, ReadProblems problems) {
        return read(file, problems).flatMap(t -> parseCpuSet(file, t, problems));
    }

    /** A kernel node list file; empty (reported) when missing or garbled. */
    public static Optional<NodeSet> readNodeSet(Path file, ReadProblems problems) {
        return read(file, problems).flatMap(t -> parseNodeSet(file, t, problems));
    }

    /** Parses a CPU list, reporting garbage against {@code file}. */
    public static Optional<CpuSet> parseCpuSet(Path file, String text, ReadProblems problems) {
        try {
            return Optional.of(CpuSet.parse(text));
        } catch (IllegalArgumentException e) {
            problems.report(file, "not a CPU list: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Parses a node list, reporting garbage against {@code file}. */
    public static Optional<NodeSet> parseNodeSet(Path file, String text, ReadProblems problems) {
        try {
            return Optional.of(NodeSet.parse(text));
        } catch (IllegalArgumentException e) {
            problems.report(file, "not a node list: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Ids of the entries of {@code dir} named {@code prefix<number>} (e.g. {@code node0}, {@code cpu12}),
     * ascending. A missing directory yields an empty list without a report.
     */
    public static List<Integer> numberedEntries(Path dir, String prefix) {
        Pattern p = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,9})");
        List<Integer> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(e -> {
                var m = p.matcher(e.getFileName().toString());
                if (m.matches()) {
                    ids.add(Integer.parseInt(m.group(1)));
                }
            });
        } catch (IOException | RuntimeException e) {
            return ids;
        }
        ids.sort(null);
        return ids;
    }

    /** Sub-directories of {@code dir} sorted by name; empty (reported) when unreadable. */
    public static List<Path> subdirectories(Path dir, ReadProblems problems) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).forEach(out::add);
        } catch (IOException | RuntimeException e) {
            problems.report(dir, "cannot list: " + e.getMessage());
        }
        out.sort(null);
        return out;
    }

    static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }
}
