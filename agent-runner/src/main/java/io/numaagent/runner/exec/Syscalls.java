package io.numaagent.runner.exec;

/**
 * The memory-placement system calls the executor makes, as plain Java (no JNA types), so that the
 * executor can be tested against {@code RecordingSyscalls}. {@link LinuxSyscalls} is the real one.
 *
 * <p>Node masks are arrays of unsigned longs, bit {@code n % 64} of word {@code n / 64} = node
 * {@code n}, exactly as the kernel reads them; see {@link NodeMasks}.
 */
public interface Syscalls {

    /** {@code move_pages}/{@code mbind} flag: move pages mapped only by this process. */
    int MPOL_MF_MOVE = 1 << 1;
    /** {@code get_mempolicy} flag: return a node id instead of the policy mode. */
    int MPOL_F_NODE = 1;
    /** {@code get_mempolicy} flag: look up the policy (or with MPOL_F_NODE, the node) of {@code addr}. */
    int MPOL_F_ADDR = 1 << 1;
    /** {@code madvise} advice: reclaim the pages (swap out anonymous, drop clean file pages); Linux 5.4+. */
    int MADV_PAGEOUT = 21;

    /**
     * {@code migrate_pages(2)}: moves every page of {@code pid} on {@code oldNodes} to {@code newNodes}.
     *
     * @param maxNode number of mask bits plus one, as the kernel counts (see {@link NodeMasks#maxNode})
     * @return the number of pages that could not be moved
     */
    long migratePages(int pid, long maxNode, long[] oldNodes, long[] newNodes) throws SyscallException;

    /**
     * {@code move_pages(2)}. With {@code nodes == null} it only queries: {@code status[i]} receives the
     * node of page {@code i}, or a negative errno ({@code -ENOENT}: not present, {@code -EFAULT}: not
     * mapped or the zero page). Otherwise page {@code i} is moved to {@code nodes[i]} and
     * {@code status[i]} receives its node afterwards or a negative errno ({@code -EBUSY},
     * {@code -EACCES} for shared pages without MOVE_ALL, {@code -ENOMEM}, ...). Per-page errors do not
     * fail the call.
     *
     * @param pages page-aligned addresses in {@code pid}
     * @param flags {@link #MPOL_MF_MOVE} (ignored when querying)
     * @return 0, or (newer kernels) the number of pages that were not moved
     */
    long movePages(int pid, long[] pages, int[] nodes, int[] status, int flags) throws SyscallException;

    /**
     * {@code get_mempolicy(2)} of the calling thread. The executor does not use it: tests check
     * with it, independently of {@code move_pages}, where a page lies.
     *
     * @param nodeMask receives the policy's node mask (may be {@code null})
     * @param maxNode  bits of {@code nodeMask} plus one
     * @return the policy mode, or with {@code MPOL_F_NODE|MPOL_F_ADDR} the node {@code addr} lies on
     */
    int getMempolicy(long[] nodeMask, long maxNode, long addr, int flags) throws SyscallException;

    /** {@code pidfd_open(2)}: a file descriptor referring to {@code pid}. Close it with {@link #close}. */
    int pidfdOpen(int pid, int flags) throws SyscallException;

    /**
     * {@code process_madvise(2)} over the ranges {@code starts[i]}..{@code starts[i]+lengths[i]} of the
     * process behind {@code pidfd}.
     *
     * @return bytes advised (less than requested when the kernel stopped early)
     */
    long processMadvise(int pidfd, long[] starts, long[] lengths, int advice, int flags) throws SyscallException;

    /** {@code close(2)}. */
    void close(int fd) throws SyscallException;

    /** The base page size in bytes. */
    int pageSize();
}
