package io.numaagent.runner.exec;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Linux errno numbers and names ({@code asm-generic/errno-base.h}, {@code asm-generic/errno.h}),
 * which x86_64 and aarch64 share. Only the ones the executor's system calls and cgroup writes can
 * produce are named; others print as {@code E<number>}. Constants exist for the numbers the
 * executor tests for; the table names the rest.
 */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EIO = 5;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;

    private record Entry(String name, String message) {
    }

    // message = the C library's strerror text, which Java puts into IOException messages of failed writes
    private static final Map<Integer, Entry> TABLE = Map.ofEntries(
            Map.entry(1, new Entry("EPERM", "Operation not permitted")),
            Map.entry(2, new Entry("ENOENT", "No such file or directory")),
            Map.entry(3, new Entry("ESRCH", "No such process")),
            Map.entry(4, new Entry("EINTR", "Interrupted system call")),
            Map.entry(5, new Entry("EIO", "Input/output error")),
            Map.entry(7, new Entry("E2BIG", "Argument list too long")),
            Map.entry(9, new Entry("EBADF", "Bad file descriptor")),
            Map.entry(11, new Entry("EAGAIN", "Resource temporarily unavailable")),
            Map.entry(12, new Entry("ENOMEM", "Cannot allocate memory")),
            Map.entry(13, new Entry("EACCES", "Permission denied")),
            Map.entry(14, new Entry("EFAULT", "Bad address")),
            Map.entry(16, new Entry("EBUSY", "Device or resource busy")),
            Map.entry(17, new Entry("EEXIST", "File exists")),
            Map.entry(19, new Entry("ENODEV", "No such device")),
            Map.entry(22, new Entry("EINVAL", "Invalid argument")),
            Map.entry(28, new Entry("ENOSPC", "No space left on device")),
            Map.entry(30, new Entry("EROFS", "Read-only file system")),
            Map.entry(34, new Entry("ERANGE", "Numerical result out of range")),
            Map.entry(38, new Entry("ENOSYS", "Function not implemented")),
            Map.entry(95, new Entry("EOPNOTSUPP", "Operation not supported")),
            Map.entry(133, new Entry("EHWPOISON", "Memory page has hardware error")));

    private static final Map<String, Integer> BY_MESSAGE = new TreeMap<>();

    static {
        TABLE.forEach((number, e) -> BY_MESSAGE.put(e.message().toLowerCase(Locale.ROOT), number));
    }

    private Errno() {
    }

    /** The symbolic name, e.g. {@code ESRCH}; {@code E<number>} for numbers not in the table. */
    public static String name(int errno) {
        Entry e = TABLE.get(Math.abs(errno));
        return e != null ? e.name() : "E" + Math.abs(errno);
    }

    /** The strerror text, e.g. {@code No such process}. */
    public static String message(int errno) {
        Entry e = TABLE.get(Math.abs(errno));
        return e != null ? e.message() : "errno " + Math.abs(errno);
    }

    /** The number for a name such as {@code EINVAL}, or 0 when unknown. */
    public static int number(String name) {
        for (Map.Entry<Integer, Entry> e : TABLE.entrySet()) {
            if (e.getValue().name().equals(name)) {
                return e.getKey();
            }
        }
        return 0;
    }

    /**
     * The errno whose strerror text ends the message of a failed file write (the JDK reports
     * {@code write(2)} errors as {@code IOException("Invalid argument")}), or 0 when none matches.
     */
    public static int fromMessage(String message) {
        if (message == null) {
            return 0;
        }
        String m = message.toLowerCase(Locale.ROOT).strip();
        for (Map.Entry<String, Integer> e : BY_MESSAGE.entrySet()) {
            if (m.equals(e.getKey()) || m.endsWith(": " + e.getKey()) || m.endsWith(" " + e.getKey())) {
                return e.getValue();
            }
        }
        return 0;
    }
}
