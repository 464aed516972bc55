package io.numaagent.runner.exec;

/** Time source and sleep for pacing page moves; injected so tests advance a fake clock instead of sleeping. */
public interface Sleeper {

    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Sleeps for {@code nanos} (no-op when not positive). */
    void sleepNanos(long nanos) throws InterruptedException;

    /** The real clock and {@link Thread#sleep}. */
    Sleeper SYSTEM = new Sleeper() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
            }
        }
    };
}
