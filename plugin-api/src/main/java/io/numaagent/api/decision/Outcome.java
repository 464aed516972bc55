package io.numaagent.api.decision;

import java.util.Objects;

/**
 * What became of one decision. Fed back to plugins in the next snapshot.
 *
 * @param cycle       sequence number of the snapshot the decision was made on
 * @param decision    the decision
 * @param status      what happened
 * @param detail      the reason for a rejection, the error for a failure, or what was written
 * @param errno       errno name ({@code ESRCH}, {@code EPERM}, ...) of a failed system call, else {@code null}
 * @param pagesMoved  pages moved by a memory decision (0 for others)
 * @param pagesFailed pages a memory decision could not move
 * @param durationNanos wall time spent applying it
 * @param longestCallNanos the longest single system call made for it
 */
public record Outcome(long cycle, Decision decision, Status status, String detail, String errno,
                      long pagesMoved, long pagesFailed, long durationNanos, long longestCallNanos) {

    public Outcome {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    /** An outcome with no memory figures. */
    public static Outcome of(long cycle, Decision decision, Status status, String detail) {
        return new Outcome(cycle, decision, status, detail, null, 0, 0, 0, 0);
    }

    /** What happened to a decision. */
    public enum Status {
        /** Written to the machine. */
        APPLIED,
        /** The machine already was in the wanted state; nothing written. */
        UNCHANGED,
        /** Not attempted: invalid against the snapshot, lost an ownership conflict, or not allowed by config. */
        REJECTED,
        /** Attempted and failed (see errno). */
        FAILED,
        /** Dry-run: printed, not applied. */
        DRY_RUN;

        /** Lower-case name used in logs, JSON and metric labels. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
