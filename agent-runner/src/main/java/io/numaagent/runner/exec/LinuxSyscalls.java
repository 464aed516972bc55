package io.numaagent.runner.exec;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Locale;

/**
 * {@link Syscalls} on Linux through JNA: libc's {@code syscall(long number, ...)} with the
 * architecture's system call numbers, errno from {@link Native#getLastError()}.
 *
 * <p>Numbers: x86_64 from {@code arch/x86/entry/syscalls/syscall_64.tbl}, aarch64 from the generic
 * table {@code include/uapi/asm-generic/unistd.h} (checked against the UAPI headers).
 */
public final class LinuxSyscalls implements Syscalls {

    /** System call numbers of one architecture. */
    record Numbers(String arch, long migratePages, long movePages, long getMempolicy, long processMadvise,
                   long pidfdOpen, long close) {
    }

    static final Numbers X86_64 = new Numbers("x86_64", 256, 279, 239, 440, 434, 3);
    static final Numbers AARCH64 = new Numbers("aarch64", 238, 239, 236, 440, 434, 57);

    /** {@code UIO_MAXIOV}: the kernel's bound on iovecs per {@code process_madvise} call. */
    static final int MAX_IOVECS = 1024;

    private static final int IOVEC_BYTES = 16;

    private final Numbers numbers;
    private final Function syscall;
    private final int pageSize;

    private LinuxSyscalls(Numbers numbers) {
        this.numbers = numbers;
        this.syscall = Function.getFunction(com.sun.jna.Platform.C_LIBRARY_NAME, "syscall");
        this.pageSize = basePageSize();
    }

    /**
     * The kernel's base page size, {@code getpagesize(3)} of the C library. Needs no system call
     * table, so that the commands that only read the machine (topology, snapshot) work on any
     * architecture.
     */
    public static int basePageSize() {
        return Function.getFunction(com.sun.jna.Platform.C_LIBRARY_NAME, "getpagesize").invokeInt(new Object[0]);
    }

    /** The system call table for {@code os.name}/{@code os.arch}, or {@code null} when not Linux x86_64/aarch64. */
    static Numbers numbersFor(String osName, String osArch) {
        if (osName == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux") || osArch == null) {
            return null;
        }
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> null;
        };
    }

    /** Whether this JVM runs on an architecture whose system call numbers are known. */
    public static boolean isSupported() {
        return numbersFor(System.getProperty("os.name"), System.getProperty("os.arch")) != null;
    }

    /**
     * The implementation for this JVM's architecture.
     *
     * @throws UnsupportedOperationException on anything but Linux x86_64 or aarch64, naming what was found
     */
    public static LinuxSyscalls create() {
        Numbers n = numbersFor(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (n == null) {
            throw new UnsupportedOperationException("no system call table for " + System.getProperty("os.name")
                    + "/" + System.getProperty("os.arch") + " (supported: Linux x86_64, aarch64)");
        }
        return new LinuxSyscalls(n);
    }

    private long call(String name, long number, Object... args) throws SyscallException {
        return invoke(syscall, name, number, args);
    }

    /** libc's {@code syscall(number, args...)}; -1 is a {@link SyscallException} with the call's errno. */
    static long invoke(Function syscall, String name, long number, Object... args) throws SyscallException {
        Object[] all = new Object[args.length + 1];
        all[0] = number;
        System.arraycopy(args, 0, all, 1, args.length);
        long rc = syscall.invokeLong(all);
        if (rc == -1) {
            throw new SyscallException(name, Native.getLastError());
        }
        return rc;
    }

    private static Memory longs(long[] values) {
        Memory m = new Memory(8L * Math.max(1, values.length));
        m.write(0, values, 0, values.length);
        return m;
    }

    private static Memory ints(int[] values) {
        Memory m = new Memory(4L * Math.max(1, values.length));
        m.write(0, values, 0, values.length);
        return m;
    }

    @Override
    public long migratePages(int pid, long maxNode, long[] oldNodes, long[] newNodes) throws SyscallException {
        return call("migrate_pages", numbers.migratePages(), (long) pid, maxNode, longs(oldNodes), longs(newNodes));
    }

    @Override
    public long movePages(int pid, long[] pages, int[] nodes, int[] status, int flags) throws SyscallException {
        if (status.length < pages.length || (nodes != null && nodes.length < pages.length)) {
            throw new IllegalArgumentException("nodes and status need one slot per page");
        }
        if (pages.length == 0) {
            return 0;
        }
        Memory statusMem = new Memory(4L * pages.length);
        Pointer nodesMem = nodes == null ? null : ints(nodes);
        long rc = call("move_pages", numbers.movePages(), (long) pid, (long) pages.length, longs(pages), nodesMem,
                statusMem, (long) flags);
        statusMem.read(0, status, 0, pages.length);
        return rc;
    }

    @Override
    public int getMempolicy(long[] nodeMask, long maxNode, long addr, int flags) throws SyscallException {
        Memory mode = new Memory(4);
        mode.setInt(0, 0);
        Memory mask = nodeMask == null ? null : longs(nodeMask);
        call("get_mempolicy", numbers.getMempolicy(), mode, mask, nodeMask == null ? 0L : maxNode, addr, (long) flags);
        if (nodeMask != null) {
            mask.read(0, nodeMask, 0, nodeMask.length);
        }
        return mode.getInt(0);
    }

    @Override
    public int pidfdOpen(int pid, int flags) throws SyscallException {
        return (int) call("pidfd_open", numbers.pidfdOpen(), (long) pid, (long) flags);
    }

    @Override
    public long processMadvise(int pidfd, long[] starts, long[] lengths, int advice, int flags) throws SyscallException {
        if (starts.length != lengths.length) {
            throw new IllegalArgumentException("starts and lengths differ in length");
        }
        long total = 0;
        for (int from = 0; from < starts.length; from += MAX_IOVECS) {
            int n = Math.min(MAX_IOVECS, starts.length - from);
            Memory iov = new Memory((long) IOVEC_BYTES * n);
            long wanted = 0;
            for (int i = 0; i < n; i++) {
                iov.setLong((long) IOVEC_BYTES * i, starts[from + i]);
                iov.setLong((long) IOVEC_BYTES * i + 8, lengths[from + i]);
                wanted += lengths[from + i];
            }
            long done = call("process_madvise", numbers.processMadvise(), (long) pidfd, iov, (long) n, (long) advice,
                    (long) flags);
            total += done;
            if (done < wanted) {
                break; // the kernel stopped early; the caller reports the shortfall
            }
        }
        return total;
    }

    @Override
    public void close(int fd) throws SyscallException {
        call("close", numbers.close(), (long) fd);
    }

    @Override
    public int pageSize() {
        return pageSize;
    }
}
