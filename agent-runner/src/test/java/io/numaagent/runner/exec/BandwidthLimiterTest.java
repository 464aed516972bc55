package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BandwidthLimiterTest {

    private static final long MIB = 1L << 20;

    @Test
    void hundredMibAtFiftyMibPerSecondTakesTwoSecondsLessOneBurst() throws InterruptedException {
        FakeSleeper clock = new FakeSleeper();
        BandwidthLimiter limiter = new BandwidthLimiter(50 * MIB, 2 * MIB, clock);
        for (int i = 0; i < 50; i++) {
            limiter.acquire(2 * MIB);
        }
        // the first 2 MiB batch rides the burst; the other 49 take 40 ms each
        assertThat(clock.slept()).isEqualTo(1_960_000_000L);
        assertThat(clock.slept()).isCloseTo(2_000_000_000L, within(40_000_000L));
        assertThat(clock.sleeps).hasSize(49).containsOnly(40_000_000L);
        assertThat(limiter.sleptNanos()).isEqualTo(1_960_000_000L);
    }

    @Test
    void zeroRateIsUnlimited() throws InterruptedException {
        FakeSleeper clock = new FakeSleeper();
        BandwidthLimiter limiter = new BandwidthLimiter(0, 2 * MIB, clock);
        for (int i = 0; i < 1000; i++) {
            limiter.acquire(64 * MIB);
        }
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void idleTimeRefillsOnlyUpToTheBurst() throws InterruptedException {
        FakeSleeper clock = new FakeSleeper();
        BandwidthLimiter limiter = new BandwidthLimiter(50 * MIB, 2 * MIB, clock);
        limiter.acquire(2 * MIB);
        limiter.acquire(2 * MIB);
        assertThat(clock.sleeps).containsExactly(40_000_000L);
        clock.advance(10_000_000_000L);
        limiter.acquire(2 * MIB);
        limiter.acquire(2 * MIB);
        assertThat(clock.sleeps).containsExactly(40_000_000L, 40_000_000L);
    }

    @Test
    void timeSpentElsewhereCountsTowardsTheBudget() throws InterruptedException {
        FakeSleeper clock = new FakeSleeper();
        BandwidthLimiter limiter = new BandwidthLimiter(50 * MIB, 2 * MIB, clock);
        limiter.acquire(2 * MIB);
        clock.advance(30_000_000L); // the move itself took 30 ms
        limiter.acquire(2 * MIB);
        clock.advance(30_000_000L);
        limiter.acquire(2 * MIB);
        assertThat(clock.sleeps).containsExactly(10_000_000L, 10_000_000L);
    }
}
