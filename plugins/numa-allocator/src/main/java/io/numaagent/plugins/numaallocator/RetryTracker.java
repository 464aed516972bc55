package io.numaagent.plugins.numaallocator;

import io.numaagent.api.decision.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers, per task, decisions of one kind that did not work out, so that the allocator does not
 * re-issue them every cycle (WCA re-issues its re-migration on every iteration while the condition
 * holds, whatever happened before).
 *
 * <ul>
 *   <li>Failed with {@code EPERM}, {@code EACCES}, {@code EINVAL} or {@code ENOSYS}: retrying cannot
 *       help until the task's processes change, so the task is blocked until its pid list differs.</li>
 *   <li>Any other failure ({@code ESRCH}: a process vanished, {@code ENOMEM}, ...), a rejection by the
 *       executor, or a partial move (pages failed): skipped for 1, 2, 4, ... up to 64 cycles after
 *       consecutive failures.</li>
 *   <li>Applied or unchanged with nothing failed: forgotten.</li>
 *   <li>Dry-run outcomes say nothing about the machine and are ignored.</li>
 * </ul>
 */
final class RetryTracker {

    static final int MAX_BACKOFF_CYCLES = 64;
    private static final Set<String> PERMANENT_ERRNOS = Set.of("EPERM", "EACCES", "EINVAL", "ENOSYS");

    private record State(int failures, long notBeforeCycle, List<Integer> blockedPids, String lastError) {
    }

    private final Map<String, State> states = new HashMap<>();

    /** Records the outcome of a decision about {@code taskPids}' task, seen in the snapshot of {@code cycle}. */
    void record(String task, Outcome o, long cycle, List<Integer> taskPids) {
        switch (o.status()) {
            case DRY_RUN -> {
            }
            case APPLIED, UNCHANGED -> {
                if (o.pagesFailed() > 0) {
                    fail(task, cycle, null, o.pagesFailed() + " pages could not be moved");
                } else {
                    states.remove(task);
                }
            }
            case FAILED -> {
                String errno = o.errno();
                String error = (errno == null ? "failed" : errno) + (o.detail().isEmpty() ? "" : ": " + o.detail());
                fail(task, cycle, errno != null && PERMANENT_ERRNOS.contains(errno) ? taskPids : null, error);
            }
            case REJECTED -> fail(task, cycle, null, "rejected: " + o.detail());
        }
    }

    private void fail(String task, long cycle, List<Integer> blockPids, String error) {
        State previous = states.get(task);
        int failures = previous == null ? 1 : previous.failures + 1;
        long wait = Math.min(MAX_BACKOFF_CYCLES, 1L << Math.min(failures - 1, 6));
        states.put(task, new State(failures, cycle + wait, blockPids == null ? null : List.copyOf(blockPids), error));
    }

    /** Why the task must not get this kind of decision in {@code cycle}, or {@code null} if it may. */
    String blocked(String task, long cycle, List<Integer> currentPids) {
        State s = states.get(task);
        if (s == null) {
            return null;
        }
        if (s.blockedPids != null) {
            if (s.blockedPids.equals(currentPids)) {
                return "earlier attempt " + s.lastError + "; waiting for the task's processes to change";
            }
            states.remove(task);
            return null;
        }
        if (cycle < s.notBeforeCycle) {
            return "earlier attempt " + s.lastError + "; " + s.failures + " failure(s) in a row, next try in cycle "
                    + s.notBeforeCycle;
        }
        return null;
    }

    /** Forgets tasks that are gone. */
    void removeIf(java.util.function.Predicate<String> gone) {
        states.keySet().removeIf(gone);
    }

    int size() {
        return states.size();
    }
}
