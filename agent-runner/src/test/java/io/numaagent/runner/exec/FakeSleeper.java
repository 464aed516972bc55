package io.numaagent.runner.exec;

import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told to or when slept on; records every sleep. */
final class FakeSleeper implements Sleeper {

    private long now = 1_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) {
        sleeps.add(nanos);
        now += Math.max(0, nanos);
    }

    void advance(long nanos) {
        now += nanos;
    }

    long slept() {
        return sleeps.stream().mapToLong(Long::longValue).sum();
    }
}
