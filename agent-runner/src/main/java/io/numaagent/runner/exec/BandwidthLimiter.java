package io.numaagent.runner.exec;

/**
 * A token bucket for page moves: {@code bytesPerSecond} on average, with bursts up to
 * {@code burstBytes}. One instance is shared by every memory decision of every cycle, so that all
 * moves together stay within the configured budget.
 *
 * <p>Kept as a "theoretical arrival time": each acquire pushes the time at which the bucket is
 * empty again forward by {@code bytes / rate}; the caller sleeps until at most {@code burst} worth
 * of time lies ahead of now. Rate 0 means unlimited.
 */
public final class BandwidthLimiter {

    private final long bytesPerSecond;
    private final long burstNanos;
    private final Sleeper sleeper;
    private long emptyAt;
    private boolean started;
    private long sleptNanos;

    public BandwidthLimiter(long bytesPerSecond, long burstBytes, Sleeper sleeper) {
        if (bytesPerSecond < 0 || burstBytes < 0) {
            throw new IllegalArgumentException("bandwidth and burst must not be negative");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burstNanos = bytesPerSecond == 0 ? 0 : nanosFor(burstBytes, bytesPerSecond);
        this.sleeper = sleeper;
    }

    private static long nanosFor(long bytes, long rate) {
        return (long) Math.ceil((double) bytes * 1e9 / rate);
    }

    /** Waits until {@code bytes} may be moved. */
    public synchronized void acquire(long bytes) throws InterruptedException {
        if (bytesPerSecond == 0 || bytes <= 0) {
            return;
        }
        long now = sleeper.nanoTime();
        if (!started || emptyAt < now) {
            emptyAt = now; // an idle bucket refills, up to the burst
            started = true;
        }
        emptyAt += nanosFor(bytes, bytesPerSecond);
        long wait = emptyAt - burstNanos - now;
        if (wait > 0) {
            sleptNanos += wait;
            sleeper.sleepNanos(wait);
        }
    }

    /** Total time this limiter made callers sleep. */
    public synchronized long sleptNanos() {
        return sleptNanos;
    }
}
