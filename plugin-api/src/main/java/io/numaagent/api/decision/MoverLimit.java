package io.numaagent.api.decision;

/**
 * A plugin's own pace for its memory decisions ({@code move-pages}, {@code migrate-memory} moved with
 * {@code move_pages}, {@code swap-out}), on top of the executor's shared bandwidth budget: memtierd's
 * {@code mover: {intervalms, bandwidth}}. The executor lets the plugin's moves through at
 * {@code bytesPerSecond} on average, in bursts of at most one interval's worth
 * ({@code bytesPerSecond * intervalMs / 1000}, at least one page).
 *
 * @param bytesPerSecond the plugin's bandwidth (memtierd's {@code bandwidth} is MiB/s: multiply by 1048576)
 * @param intervalMs     memtierd's {@code intervalms}: the time one burst stands for
 */
public record MoverLimit(long bytesPerSecond, long intervalMs) {
    public MoverLimit {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive, got " + bytesPerSecond);
        }
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("intervalMs must be positive, got " + intervalMs);
        }
    }

    /** Bytes one interval allows. */
    public long burstBytes() {
        return Math.max(1, bytesPerSecond / 1000 * intervalMs + bytesPerSecond % 1000 * intervalMs / 1000);
    }
}
