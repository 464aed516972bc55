package io.numaagent.runner.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Syscalls} fake: records every call as a line of text and simulates the page tables of
 * fake processes (which node each present page is on), so that query and move behave as the
 * kernel's do. Errors are scripted per call ({@link #failCall}) or per page ({@link #failPage}).
 * Each call advances the fake clock by {@link #callNanos}.
 */
final class RecordingSyscalls implements Syscalls {

    static final int PAGE = 4096;

    final List<String> calls = new ArrayList<>();
    /** pid to (page address to node); absent address = not present (-ENOENT). */
    final Map<Integer, TreeMap<Long, Integer>> memory = new HashMap<>();
    private final Map<String, Integer> failOnCall = new HashMap<>();
    private final Map<String, Integer> callCounts = new HashMap<>();
    private final Map<Long, Integer> pageErrno = new HashMap<>();
    private final java.util.Set<Long> unmapped = new java.util.HashSet<>();
    private final Map<Integer, Long> migrateNotMoved = new HashMap<>();
    private final FakeSleeper clock;
    long callNanos;
    long madviseShortBy;

    RecordingSyscalls(FakeSleeper clock) {
        this.clock = clock;
    }

    /** Puts {@code count} present pages of {@code pid} from {@code start} on {@code node}. */
    RecordingSyscalls pages(int pid, long start, int count, int node) {
        TreeMap<Long, Integer> m = memory.computeIfAbsent(pid, p -> new TreeMap<>());
        for (int i = 0; i < count; i++) {
            m.put(start + (long) i * PAGE, node);
        }
        return this;
    }

    /** The {@code nth} (1-based) call named {@code call} ("move_pages", "migrate_pages", ...) fails with {@code errno}. */
    RecordingSyscalls failCall(String call, int nth, int errno) {
        failOnCall.put(call + "#" + nth, errno);
        return this;
    }

    /** Moving the page at {@code addr} fails with {@code -errno} in its status slot. */
    RecordingSyscalls failPage(long addr, int errno) {
        pageErrno.put(addr, errno);
        return this;
    }

    /** The {@code count} pages from {@code start} are no longer mapped: -EFAULT in every status slot. */
    RecordingSyscalls unmap(int pid, long start, int count) {
        for (int i = 0; i < count; i++) {
            memory.get(pid).remove(start + (long) i * PAGE);
            unmapped.add(start + (long) i * PAGE);
        }
        return this;
    }

    /** migrate_pages of {@code pid} reports {@code n} pages not moved. */
    RecordingSyscalls migrateLeaves(int pid, long n) {
        migrateNotMoved.put(pid, n);
        return this;
    }

    private void enter(String call, String line) throws SyscallException {
        calls.add(line);
        clock.advance(callNanos);
        int n = callCounts.merge(call, 1, Integer::sum);
        Integer errno = failOnCall.get(call + "#" + n);
        if (errno != null) {
            throw new SyscallException(call, errno);
        }
    }

    private TreeMap<Long, Integer> process(int pid, String call) throws SyscallException {
        TreeMap<Long, Integer> m = memory.get(pid);
        if (m == null) {
            throw new SyscallException(call, Errno.ESRCH);
        }
        return m;
    }

    @Override
    public long migratePages(int pid, long maxNode, long[] oldNodes, long[] newNodes) throws SyscallException {
        enter("migrate_pages", "migrate_pages(" + pid + ", " + maxNode + ", " + NodeMasks.toNodeSet(oldNodes) + ", "
                + NodeMasks.toNodeSet(newNodes) + ")");
        TreeMap<Long, Integer> m = process(pid, "migrate_pages");
        int to = NodeMasks.toNodeSet(newNodes).first();
        var from = NodeMasks.toNodeSet(oldNodes);
        m.replaceAll((addr, node) -> from.contains(node) ? to : node);
        return migrateNotMoved.getOrDefault(pid, 0L);
    }

    @Override
    public long movePages(int pid, long[] pages, int[] nodes, int[] status, int flags) throws SyscallException {
        String what = nodes == null ? "query" : "to " + nodes[0] + " flags " + flags;
        enter("move_pages", "move_pages(" + pid + ", " + pages.length + " pages from 0x" + Long.toHexString(pages[0])
                + ", " + what + ")");
        TreeMap<Long, Integer> m = process(pid, "move_pages");
        long notMoved = 0;
        for (int i = 0; i < pages.length; i++) {
            Integer node = m.get(pages[i]);
            if (unmapped.contains(pages[i])) {
                status[i] = -Errno.EFAULT;
                notMoved++;
            } else if (node == null) {
                status[i] = -Errno.ENOENT;
                notMoved++;
            } else if (nodes == null) {
                status[i] = node;
            } else if (pageErrno.containsKey(pages[i])) {
                status[i] = -pageErrno.get(pages[i]);
                notMoved++;
            } else {
                m.put(pages[i], nodes[i]);
                status[i] = nodes[i];
            }
        }
        return nodes == null ? 0 : notMoved;
    }

    @Override
    public int getMempolicy(long[] nodeMask, long maxNode, long addr, int flags) throws SyscallException {
        enter("get_mempolicy", "get_mempolicy(0x" + Long.toHexString(addr) + ", " + flags + ")");
        return 0;
    }

    @Override
    public int pidfdOpen(int pid, int flags) throws SyscallException {
        enter("pidfd_open", "pidfd_open(" + pid + ")");
        process(pid, "pidfd_open");
        return 1000 + pid;
    }

    @Override
    public long processMadvise(int pidfd, long[] starts, long[] lengths, int advice, int flags) throws SyscallException {
        StringBuilder sb = new StringBuilder("process_madvise(" + pidfd + ", [");
        for (int i = 0; i < starts.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(starts[i])).append('+').append(lengths[i]);
        }
        enter("process_madvise", sb.append("], ").append(advice).append(")").toString());
        return Arrays.stream(lengths).sum() - madviseShortBy;
    }

    @Override
    public void close(int fd) throws SyscallException {
        enter("close", "close(" + fd + ")");
    }

    @Override
    public int pageSize() {
        return PAGE;
    }

    /** Node of each present page of {@code pid}, by node. */
    Map<Integer, Long> pagesPerNode(int pid) {
        Map<Integer, Long> r = new TreeMap<>();
        memory.get(pid).values().forEach(n -> r.merge(n, 1L, Long::sum));
        return r;
    }
}
