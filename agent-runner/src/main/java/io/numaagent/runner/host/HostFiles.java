package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Small helpers for reading sysfs, procfs and cgroupfs files. Every failure is reported to
 * {@link ReadProblems} with the path and the helper returns an empty result, so that callers carry
 * on with what they have instead of failing the whole snapshot.
 */
public final class HostFiles {

    private HostFiles() {
    }

    /**
     * The file's text, or empty (reported) when it is missing or unreadable. Read to its end through
     * a reused buffer: procfs files report size 0, so the size cannot be trusted (sized by it,
     * {@code Files.readString} returns only the first byte of a sysctl such as
     * {@code /proc/sys/kernel/pid_max}), and a buffer per file was the snapshot's main garbage.
     */
    public static Optional<String> read(Path file, ReadProblems problems) {
        try {
            return Optional.of(readBounded(file, MAX_FILE_BYTES));
        } catch (NoSuchFileException e) {
            problems.report(file, ReadProblems.Kind.MISSING, "missing");
        } catch (IOException | RuntimeException e) {
            reportUnreadable(file, e, problems);
        }
        return Optional.empty();
    }

    /**
     * Largest host file read, in bytes: far above any sysfs, procfs or cgroup file the runner reads
     * (a {@code numa_maps} of 65,530 mappings is about 10 MiB), far below what would strain the
     * agent's heap. A larger file is garbage or hostile: it is reported and skipped.
     */
    public static final int MAX_FILE_BYTES = 16 << 20;

    /** Largest buffer kept between reads; a bigger file (a long {@code numa_maps}) gets its own. */
    private static final int KEPT_BUFFER = 64 * 1024;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);

    /**
     * The file's text (UTF-8), read to its end, at most {@link #MAX_FILE_BYTES}.
     *
     * @throws NoSuchFileException   when it does not exist
     * @throws FileTooLargeException when it is larger than the bound
     * @throws IOException           when it cannot be read
     */
    public static String readText(Path file) throws IOException {
        return readBounded(file, MAX_FILE_BYTES);
    }

    /**
     * A cgroup control file's text, as {@link #readText(Path)} but with one {@code read} fewer for a
     * small file, {@code asFile} being {@code file.toFile()} made once by a caller that reads the same
     * file every cycle (making it normalises the path string each time).
     *
     * <p>A read that returns less than was asked, with fewer than {@link #SHORT_READ_ENDS} bytes read
     * in all, is taken as the end of the file, without the read that would return 0. cgroupfs files are
     * seq_files: a file of one record (every measurement file) gives its whole text to a read large
     * enough, and one of many records ({@code cgroup.procs}: a pid a line) fills the kernel's buffer of
     * at least a page until the records end, so it returns less than asked before the end only past
     * about 4 KiB; on a regular file a short read is the end. The text is taken as Latin-1 (the files
     * are ASCII; a byte above 127 stays one character rather than becoming U+FFFD).
     */
    public static String readControlFile(Path file, File asFile) throws IOException {
        return readBounded(file, asFile, MAX_FILE_BYTES, SHORT_READ_ENDS);
    }

    /** Below this many bytes a short read of a cgroup control file is its end ({@link #readControlFile}). */
    static final int SHORT_READ_ENDS = 2048;

    /**
     * The file's text (UTF-8), read to its end but never beyond {@code maxBytes}. Small files (all but
     * a few) cost only open, read and close: once a file outgrows the kept buffer, its size is
     * asked once, and a regular file larger than the bound is refused before more is read; a procfs
     * file (size 0) is read to at most the bound.
     *
     * @throws NoSuchFileException   when it does not exist
     * @throws FileTooLargeException when it is larger than {@code maxBytes}
     * @throws IOException           when it cannot be read
     */
    public static String readBounded(Path file, int maxBytes) throws IOException {
        return readBounded(file, file.toFile(), maxBytes, 0);
    }

    /** As {@link #readBounded(Path, int)}; a read short of what was asked ends the file below {@code shortReadEnds} bytes. */
    private static String readBounded(Path file, File asFile, int maxBytes, int shortReadEnds) throws IOException {
        byte[] kept = BUFFER.get();
        byte[] buf = kept;
        int n = 0;
        boolean sizeChecked = false;
        // FileInputStream rather than a FileChannel: no interruptible-channel bookkeeping and no
        // temporary direct buffer per read, which cost as much as the system calls for small files
        try (FileInputStream in = open(file, asFile)) {
            while (true) {
                if (n == buf.length) {
                    if (!sizeChecked && n >= KEPT_BUFFER) {
                        sizeChecked = true;
                        if (in.getChannel().size() > maxBytes) {
                            throw new FileTooLargeException(file, maxBytes);
                        }
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxBytes + 1));
                }
                int asked = Math.min(buf.length - n, 8192);
                int r = in.read(buf, n, asked);
                if (r < 0) {
                    break;
                }
                n += r;
                if (n > maxBytes) {
                    throw new FileTooLargeException(file, maxBytes);
                }
                if (r < asked && n < shortReadEnds) {
                    break;
                }
            }
        }
        if (buf != kept && buf.length <= KEPT_BUFFER) {
            BUFFER.set(buf);
        }
        // a control file (shortReadEnds > 0) is ASCII by the kernel's format: taken as Latin-1 its bytes
        // are copied as they are, without UTF-8's scan of every byte for a multi-byte sequence
        return new String(buf, 0, n, shortReadEnds > 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** Reports a file that exists but could not be used: over the read bound, or unreadable. */
    static void reportUnreadable(Path file, Exception e, ReadProblems problems) {
        if (e instanceof FileTooLargeException) {
            problems.report(file, ReadProblems.Kind.MALFORMED, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB; skipped");
        } else {
            problems.report(file, ReadProblems.Kind.UNREADABLE, "unreadable: " + e.getMessage());
        }
    }

    /** A host file over the read bound. */
    public static final class FileTooLargeException extends IOException {
        FileTooLargeException(Path file, int maxBytes) {
            super(file + " is larger than " + (maxBytes >> 20) + " MiB; not read");
        }
    }

    /** Opens the file; {@link NoSuchFileException} when it does not exist, as NIO would say. */
    private static FileInputStream open(Path file, File asFile) throws IOException {
        try {
            return new FileInputStream(asFile);
        } catch (FileNotFoundException e) {
            // one exception for "missing", "permission denied" and "a directory": tell missing apart
            if (Files.notExists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            throw e;
        }
    }

    /** The file's text, or empty without a report when the file does not exist (optional files). */
    public static Optional<String> readIfPresent(Path file, ReadProblems problems) {
        try {
            return Optional.of(readText(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            reportUnreadable(file, e, problems);
            return Optional.empty();
        }
    }

    /** The file's lines, or empty (reported) when it is missing or unreadable. */
    public static Optional<List<String>> readLines(Path file, ReadProblems problems) {
        return read(file, problems).map(HostFiles::lines);
    }

    /** Non-blank lines of a text. */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String l = text.substring(start, end);
            if (!l.isBlank()) {
                out.add(l);
            }
            start = end + 1;
        }
        return out;
    }

    /**
     * The whitespace-separated fields of a line, as {@code line.trim().split("\\s+")} gives them
     * (a blank line is one empty field), without compiling a pattern per line.
     */
    public static String[] fields(String line) {
        String t = line.trim();
        List<String> out = new ArrayList<>(8);
        int i = 0;
        int n = t.length();
        while (i < n) {
            int start = i;
            while (i < n && !isSpace(t.charAt(i))) {
                i++;
            }
            out.add(t.substring(start, i));
            while (i < n && isSpace(t.charAt(i))) {
                i++;
            }
        }
        return out.isEmpty() ? new String[] {""} : out.toArray(new String[0]);
    }

    /** {@code \\s} of a regex: space, tab, newline, vertical tab, form feed, carriage return. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /**
     * Parses a meminfo-style file: lines {@code <prefix> Key:   value [kB]}, where {@code prefix} is
     * {@code ""} for {@code /proc/meminfo} and {@code "Node 3"} for a node's {@code meminfo}. Values
     * with a {@code kB} unit become bytes. Lines of another shape are reported and skipped; a
     * missing file yields empty (reported).
     */
    public static Optional<Map<String, Long>> readMeminfo(Path file, String prefix, ReadProblems problems) {
        String[] expected = prefix.isEmpty() ? new String[0] : prefix.split(" ");
        int k = expected.length;
        return readLines(file, problems).map(lines -> {
            Map<String, Long> values = new TreeMap<>();
            for (String line : lines) {
                String[] f = fields(line);
                if (f.length < k + 2 || !Arrays.equals(f, 0, k, expected, 0, k) || !f[k].endsWith(":")) {
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
        return parseNodeItem(item, 0, item.length(), into);
    }

    /**
     * As {@link #parseNodeItem(String, Map)} for the item {@code text[start, end)}, without making a
     * String of it (per-node items are parsed for every task in every cycle).
     */
    public static boolean parseNodeItem(String text, int start, int end, Map<Integer, Long> into) {
        return nodeItem(text, start, end, into, false);
    }

    /**
     * As {@link #parseNodeItem(String, int, int, Map)}, the value added to what {@code into} holds for
     * the node (v2's {@code anon} and {@code file} lines summed as they are parsed).
     */
    static boolean addNodeItem(String text, int start, int end, Map<Integer, Long> into) {
        return nodeItem(text, start, end, into, true);
    }

    private static boolean nodeItem(String text, int start, int end, Map<Integer, Long> into, boolean add) {
        int eq = text.indexOf('=', start);
        if (end - start < 1 || text.charAt(start) != 'N' || eq < start + 2 || eq >= end) {
            return false;
        }
        try {
            int node = Integer.parseInt(text, start + 1, eq, 10);
            long value = Long.parseLong(text, eq + 1, end, 10);
            if (add) {
                into.merge(node, value, Long::sum);
            } else {
                into.put(node, value);
            }
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

    static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }
}
