package io.numaagent.plugins.numaallocator;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Tasks that rebalance un-pinned, with the snapshot time until which they are not pinned again, so that a
 * task does not flip between pinned and un-pinned. Written by {@link Rebalance}, read by {@link PinChooser}
 * and {@link OutcomeFeedback}.
 */
final class RebalanceHoldOff {

    private final Map<String, Instant> until = new HashMap<>();

    void hold(String task, Instant notBefore) {
        until.put(task, notBefore);
    }

    /** Whether the task may not be pinned at {@code now}; a hold that has run out is dropped. */
    boolean holds(String task, Instant now) {
        Instant holdUntil = until.get(task);
        if (holdUntil == null) {
            return false;
        }
        if (now.isBefore(holdUntil)) {
            return true;
        }
        until.remove(task);
        return false;
    }

    /** Whether the task was un-pinned and its hold has not been found run out yet. */
    boolean contains(String task) {
        return until.containsKey(task);
    }

    void forget(Predicate<String> gone) {
        until.keySet().removeIf(gone);
    }
}
