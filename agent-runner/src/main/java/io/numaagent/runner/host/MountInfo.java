package io.numaagent.runner.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure parser of {@code /proc/PID/mountinfo} (proc(5)): per line the mount id, parent id,
 * {@code major:minor} of the filesystem's device, the root of the mount within that filesystem, the
 * mount point, the per-mount options, optional fields ended by {@code -}, the filesystem type, the
 * source and the superblock options. Paths have space, tab, newline and backslash escaped as octal
 * ({@code \040}).
 */
public final class MountInfo {

    /**
     * One mount.
     *
     * @param major      major device number of the filesystem (0 for virtual filesystems: tmpfs, overlay, sysfs, ...)
     * @param minor      minor device number
     * @param root       the directory of the filesystem mounted here (a bind mount's source within its filesystem)
     * @param mountPoint where it is mounted, relative to the process's root
     * @param readOnly   whether the per-mount options hold {@code ro}
     * @param fsType     filesystem type
     */
    public record Mount(int major, int minor, String root, String mountPoint, boolean readOnly, String fsType) {
    }

    private MountInfo() {
    }

    /**
     * Parses the file's lines; a line that does not parse goes to {@code bad} as "line N: why" and is
     * left out.
     */
    public static List<Mount> parse(List<String> lines, List<String> bad) {
        List<Mount> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(parseLine(line));
            } catch (IllegalArgumentException e) {
                bad.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    static Mount parseLine(String line) {
        String[] f = line.trim().split(" ");
        int sep = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                sep = i;
                break;
            }
        }
        if (f.length < 7 || sep < 0 || sep + 1 >= f.length) {
            throw new IllegalArgumentException("expected 'id parent major:minor root mount-point options ... - type"
                    + " source options', got '" + line + "'");
        }
        String[] dev = f[2].split(":", -1);
        int major;
        int minor;
        try {
            major = Integer.parseInt(dev[0]);
            minor = dev.length == 2 ? Integer.parseInt(dev[1]) : -1;
        } catch (NumberFormatException e) {
            minor = -1;
            major = -1;
        }
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("field 3 '" + f[2] + "' is not major:minor");
        }
        boolean ro = List.of(f[5].split(",")).contains("ro");
        return new Mount(major, minor, unescape(f[3]), unescape(f[4]), ro, f[sep + 1]);
    }

    /** Undoes the kernel's octal escapes ({@code \040} is a space). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int at) {
        if (at + 3 > s.length()) {
            return false;
        }
        for (int i = at; i < at + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
