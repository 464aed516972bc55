package io.numaagent.runner.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Listings of sysfs, procfs and cgroupfs directories ({@code node0}, {@code cpu12}, a cgroup's
 * children), as {@link HostFiles} reads their files: an unreadable directory is reported to
 * {@link ReadProblems} and gives an empty result, so the snapshot carries on.
 */
public final class HostDirectories {

    private HostDirectories() {
    }

    /**
     * Ids of the entries of {@code dir} named {@code prefix<number>} (e.g. {@code node0}, {@code cpu12}),
     * ascending. A missing directory yields an empty list without a report.
     */
    public static List<Integer> numberedEntries(Path dir, String prefix) {
        List<Integer> ids = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path e : s) {
                int id = numberAfter(e.getFileName().toString(), prefix);
                if (id >= 0) {
                    ids.add(id);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ArrayList<>();
        }
        ids.sort(null);
        return ids;
    }

    /** The number of {@code name} = {@code prefix<1 to 9 digits>}, or -1. */
    static int numberAfter(String name, String prefix) {
        int digits = name.length() - prefix.length();
        if (!name.startsWith(prefix) || digits < 1 || digits > 9) {
            return -1;
        }
        int id = 0;
        for (int i = prefix.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    /** Sub-directories of {@code dir} sorted by name; empty (reported) when unreadable. */
    public static List<Path> subdirectories(Path dir, ReadProblems problems) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).forEach(out::add);
        } catch (IOException | RuntimeException e) {
            problems.report(dir, ReadProblems.Kind.UNREADABLE, "cannot list: " + e.getMessage());
        }
        out.sort(null);
        return out;
    }

    /**
     * The directory's identity and link count from one {@code stat} (see {@link CgroupReads.Dir});
     * empty when {@code dir} is not a directory or cannot be looked at.
     */
    public static Optional<CgroupReads.Dir> directory(Path dir) {
        try {
            Map<String, Object> a = Files.readAttributes(dir, "unix:isDirectory,fileKey,nlink");
            if (!Boolean.TRUE.equals(a.get("isDirectory"))) {
                return Optional.empty();
            }
            Object links = a.get("nlink");
            return Optional.of(new CgroupReads.Dir(dir, a.get("fileKey"),
                    links instanceof Number n ? n.longValue() : -1));
        } catch (UnsupportedOperationException e) {
            // no "unix" view (not Linux): the basic attributes, links unknown
            try {
                BasicFileAttributes b = Files.readAttributes(dir, BasicFileAttributes.class);
                return b.isDirectory() ? Optional.of(new CgroupReads.Dir(dir, b.fileKey(), -1)) : Optional.empty();
            } catch (IOException | RuntimeException again) {
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Sub-directories of {@code dir} sorted by name, each with what its {@code stat} showed; empty
     * (reported) when {@code dir} cannot be listed.
     */
    public static List<CgroupReads.Dir> subdirectoriesWithAttributes(Path dir, ReadProblems problems) {
        List<CgroupReads.Dir> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path e : s) {
                directory(e).ifPresent(out::add);
            }
        } catch (IOException | RuntimeException e) {
            problems.report(dir, ReadProblems.Kind.UNREADABLE, "cannot list: " + e.getMessage());
        }
        out.sort(Comparator.comparing(CgroupReads.Dir::path));
        return out;
    }
}
