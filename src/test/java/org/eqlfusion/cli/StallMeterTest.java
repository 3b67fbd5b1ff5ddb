package org.eqlfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StallMeterTest {

    /**
     * A machine that runs the meter's thread on time but for the sleeps it is told to stall:
     * its clock moves by the sleep asked for plus the stall; it stops after {@code sleeps} sleeps.
     */
    private static StallMeter.Stalls measure(int sleeps, long... stallMicrosAt) throws InterruptedException {
        AtomicLong clock = new AtomicLong();
        int[] n = {0};
        CountDownLatch done = new CountDownLatch(1);
        StallMeter meter = new StallMeter(clock::get, nanos -> {
            if (n[0] == sleeps) {
                done.countDown();
                throw new InterruptedException("done");
            }
            long stall = n[0] < stallMicrosAt.length ? stallMicrosAt[n[0]] * 1_000 : 0;
            clock.addAndGet(nanos + stall);
            n[0]++;
        });
        done.await();
        return meter.stop();
    }

    @Test
    void aMachineThatNeverStallsShowsNoLateWakeUps() throws InterruptedException {
        StallMeter.Stalls s = measure(1_000);
        assertThat(s.samples()).isEqualTo(1_000);
        assertThat(s.maxMillis()).isZero();
        assertThat(s.over10Millis()).isZero();
    }

    @Test
    void stallsAreCountedByHowLateTheSleepWokeUp() throws InterruptedException {
        // 3 ms, 30 ms, 12 ms and 9.9 ms late among 1,000 sleeps
        long[] stalls = new long[1_000];
        stalls[10] = 3_000;
        stalls[200] = 30_000;
        stalls[500] = 12_000;
        stalls[700] = 9_900;
        StallMeter.Stalls s = measure(1_000, stalls);
        assertThat(s.samples()).isEqualTo(1_000);
        assertThat(s.maxMillis()).isBetween(29.9, 30.1);
        assertThat(s.over10Millis()).as("30 and 12 ms, not 9.9").isEqualTo(2);
        assertThat(s.p99Millis()).isZero();
        assertThat(s.toString()).contains("at most 30.0 ms", "2 times by more than 10 ms");
    }

    @Test
    void aRealSleepIsMeasured() throws InterruptedException {
        StallMeter meter = new StallMeter();
        Thread.sleep(50);
        StallMeter.Stalls s = meter.stop();
        assertThat(s.samples()).isPositive();
    }
}
