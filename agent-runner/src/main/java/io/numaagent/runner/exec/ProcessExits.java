package io.numaagent.runner.exec;

import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.ProcStatus;
import java.io.IOException;

/**
 * Tells a memory system call's EINVAL about an exiting process from a real EINVAL. A process that
 * is exiting has released its memory map before it is reaped (still running its exit path, or a
 * zombie), and the kernel then answers EINVAL (as for a kernel thread) instead of ESRCH.
 * {@code /proc/PID/status} shows it: no {@code VmSize:} line, or state Z/X. Such an error is
 * reported as the exit it is, so that plugins and operators see one errno for one event.
 */
final class ProcessExits {

    private final HostPaths paths;

    ProcessExits(HostPaths paths) {
        this.paths = paths;
    }

    /** {@code e}, or ESRCH of the same call when {@code e} is EINVAL and {@code pid} is exiting or gone. */
    SyscallException exitedAsEsrch(SyscallException e, int pid) {
        if (e.errno() != Errno.EINVAL) {
            return e;
        }
        boolean exited;
        try {
            ProcStatus status = ProcStatus.read(paths, pid);
            exited = status.hasExited() || !status.hasMemoryMap();
        } catch (IOException gone) {
            exited = true;
        }
        return exited ? new SyscallException(e.call(), Errno.ESRCH) : e;
    }
}
