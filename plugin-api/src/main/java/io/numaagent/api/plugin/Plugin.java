package io.numaagent.api.plugin;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.snapshot.Snapshot;
import java.util.List;

/**
 * A running plugin instance: pure decision logic. It receives an immutable snapshot and returns the
 * changes it wants; it never touches files under /proc, /sys or cgroupfs and never makes system calls.
 *
 * <p>{@link #decide} is called from one thread at a time, at the plugin's configured interval.
 * An exception thrown from it costs this plugin this cycle, not the agent.
 */
public interface Plugin extends AutoCloseable {

    /**
     * Decides what to change given the current snapshot.
     *
     * @return decisions in the order they should be applied; empty for "nothing to do"
     */
    List<Decision> decide(Snapshot snapshot);

    /** Releases what the plugin holds. The default does nothing. */
    @Override
    default void close() {
    }
}
