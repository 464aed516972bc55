package io.numaagent.runner.exec;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Linux errno numbers and names ({@code asm-generic/errno-base.h}, {@code asm-generic/errno.h}),
 * which x86_64 and aarch64 share. Only the ones the executor's system calls and cgroup writes can
 * produce are named; others print as {@code E<number>}.
 */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int EOPNOTSUPP = 95;
    public static final int EHWPOISON = 133;

    private record Entry(String name, String message) {
    }

    // message = the C library's strerror text, which Java puts into IOException messages of failed writes
    private static final Map<Integer, Entry> TABLE = Map.ofEntries(
            Map.entry(EPERM, new Entry("EPERM", "Operation not permitted")),
            Map.entry(ENOENT, new Entry("ENOENT", "No such file or directory")),
            Map.entry(ESRCH, new Entry("ESRCH", "No such process")),
            Map.entry(EINTR, new Entry("EINTR", "Interrupted system call")),
            Map.entry(EIO, new Entry("EIO", "Input/output error")),
            Map.entry(E2BIG, new Entry("E2BIG", "Argument list too long")),
            Map.entry(EBADF, new Entry("EBADF", "Bad file descriptor")),
            Map.entry(EAGAIN, new Entry("EAGAIN", "Resource temporarily unavailable")),
            Map.entry(ENOMEM, new Entry("ENOMEM", "Cannot allocate memory")),
            Map.entry(EACCES, new Entry("EACCES", "Permission denied")),
            Map.entry(EFAULT, new Entry("EFAULT", "Bad address")),
            Map.entry(EBUSY, new Entry("EBUSY", "Device or resource busy")),
            Map.entry(EEXIST, new Entry("EEXIST", "File exists")),
            Map.entry(ENODEV, new Entry("ENODEV", "No such device")),
            Map.entry(EINVAL, new Entry("EINVAL", "Invalid argument")),
            Map.entry(ENOSPC, new Entry("ENOSPC", "No space left on device")),
            Map.entry(EROFS, new Entry("EROFS", "Read-only file system")),
            Map.entry(ERANGE, new Entry("ERANGE", "Numerical result out of range")),
            Map.entry(ENOSYS, new Entry("ENOSYS", "Function not implemented")),
            Map.entry(EOPNOTSUPP, new Entry("EOPNOTSUPP", "Operation not supported")),
            Map.entry(EHWPOISON, new Entry("EHWPOISON", "Memory page has hardware error")));

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
