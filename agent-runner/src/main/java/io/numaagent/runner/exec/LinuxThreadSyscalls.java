package io.numaagent.runner.exec;

import com.sun.jna.Function;
import com.sun.jna.Memory;

/**
 * {@link ThreadSyscalls} on Linux through JNA: libc's {@code syscall(long number, ...)} with the
 * architecture's numbers (x86_64 {@code syscall_64.tbl}, aarch64 {@code asm-generic/unistd.h}), as
 * {@link LinuxSyscalls}, whose architecture detection and call (errno of a -1) it shares.
 */
public final class LinuxThreadSyscalls implements ThreadSyscalls {

    /** System call numbers of one architecture. */
    record Numbers(String arch, long schedSetattr, long schedGetattr, long setpriority, long ioprioSet,
                   long ioprioGet) {
    }

    static final Numbers X86_64 = new Numbers("x86_64", 314, 315, 141, 251, 252);
    static final Numbers AARCH64 = new Numbers("aarch64", 274, 275, 140, 30, 31);

    /** {@code SCHED_ATTR_SIZE_VER1}: with the utilisation clamps (kernels before 5.3 take it when they are 0). */
    static final int SCHED_ATTR_SIZE = 56;
    private static final int PRIO_PROCESS = 0;

    private final Numbers numbers;
    private final Function syscall;

    private LinuxThreadSyscalls(Numbers numbers) {
        this.numbers = numbers;
        this.syscall = Function.getFunction(com.sun.jna.Platform.C_LIBRARY_NAME, "syscall");
    }

    /** The table for {@code os.name}/{@code os.arch}: the architecture {@link LinuxSyscalls} knows, or {@code null}. */
    static Numbers numbersFor(String osName, String osArch) {
        LinuxSyscalls.Numbers known = LinuxSyscalls.numbersFor(osName, osArch);
        return known == null ? null : known.arch().equals(X86_64.arch()) ? X86_64 : AARCH64;
    }

    /**
     * The implementation for this JVM's architecture.
     *
     * @throws UnsupportedOperationException on anything but Linux x86_64 or aarch64, naming what was found
     */
    public static LinuxThreadSyscalls create() {
        Numbers n = numbersFor(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (n == null) {
            LinuxSyscalls.create(); // throws, naming what was found
        }
        return new LinuxThreadSyscalls(n);
    }

    private long call(String name, long number, Object... args) throws SyscallException {
        return LinuxSyscalls.invoke(syscall, name, number, args);
    }

    @Override
    public SchedAttr schedGetattr(int tid) throws SyscallException {
        Memory m = new Memory(SCHED_ATTR_SIZE);
        m.clear();
        call("sched_getattr", numbers.schedGetattr(), (long) tid, m, (long) SCHED_ATTR_SIZE, 0L);
        return new SchedAttr(m.getInt(4), m.getLong(8), m.getInt(16), m.getInt(20), m.getLong(24), m.getLong(32),
                m.getLong(40));
    }

    @Override
    public void schedSetattr(int tid, SchedAttr a) throws SyscallException {
        Memory m = new Memory(SCHED_ATTR_SIZE);
        m.clear();
        m.setInt(0, SCHED_ATTR_SIZE);
        m.setInt(4, a.policy());
        m.setLong(8, a.flags());
        m.setInt(16, a.nice());
        m.setInt(20, a.priority());
        m.setLong(24, a.runtime());
        m.setLong(32, a.deadline());
        m.setLong(40, a.period());
        call("sched_setattr", numbers.schedSetattr(), (long) tid, m, 0L);
    }

    @Override
    public void setNice(int tid, int nice) throws SyscallException {
        call("setpriority", numbers.setpriority(), (long) PRIO_PROCESS, (long) tid, (long) nice);
    }

    @Override
    public int ioprioGet(int tid) throws SyscallException {
        return (int) call("ioprio_get", numbers.ioprioGet(), (long) IOPRIO_WHO_PROCESS, (long) tid);
    }

    @Override
    public void ioprioSet(int tid, int ioprio) throws SyscallException {
        call("ioprio_set", numbers.ioprioSet(), (long) IOPRIO_WHO_PROCESS, (long) tid, (long) ioprio);
    }
}
