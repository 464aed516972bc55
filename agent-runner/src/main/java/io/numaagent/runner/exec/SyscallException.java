package io.numaagent.runner.exec;

/** A system call returned -1; carries the errno number and its name ({@code ESRCH}, {@code EPERM}, ...). */
public final class SyscallException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    public SyscallException(String call, int errno) {
        super(call + ": " + Errno.name(errno) + " (" + Errno.message(errno) + ")");
        this.call = call;
        this.errno = Math.abs(errno);
    }

    /** The system call, e.g. {@code move_pages}. */
    public String call() {
        return call;
    }

    /** The errno number. */
    public int errno() {
        return errno;
    }

    /** The errno name, e.g. {@code ESRCH}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /**
     * This error as an outcome's detail names it: {@code "process 42 exited: ESRCH (No such process)"}
     * when the process is gone, else {@code "<doing>: EPERM (Operation not permitted)"}.
     */
    String detail(int pid, String doing) {
        return detail(errno == Errno.ESRCH ? "process " + pid + " exited" : doing);
    }

    /** {@code "<what>: EPERM (Operation not permitted)"}. */
    String detail(String what) {
        return what + ": " + errnoName() + " (" + Errno.message(errno) + ")";
    }
}
