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
 * @param unfinished  a memory decision ({@code migrate-memory}, {@code move-pages}, {@code swap-out}) that the
 *                    cycle's migration time cut short, or that it left no time to start: the rest is not
 *                    done, and the same decision asked for again resumes it (the executor keeps where a
 *                    {@code move_pages} walk stopped). The detail says so in words for people; plugins test this.
 */
public record Outcome(long cycle, Decision decision, Status status, String detail, String errno,
                      long pagesMoved, long pagesFailed, long durationNanos, long longestCallNanos,
                      boolean unfinished) {

    public Outcome {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    /** A finished outcome (see {@link #unfinished}). */
    public Outcome(long cycle, Decision decision, Status status, String detail, String errno,
                   long pagesMoved, long pagesFailed, long durationNanos, long longestCallNanos) {
        this(cycle, decision, status, detail, errno, pagesMoved, pagesFailed, durationNanos, longestCallNanos, false);
    }

    /** This outcome marked as cut short by the cycle's migration time (see {@link #unfinished}). */
    public Outcome asUnfinished() {
        return new Outcome(cycle, decision, status, detail, errno, pagesMoved, pagesFailed, durationNanos,
                longestCallNanos, true);
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
