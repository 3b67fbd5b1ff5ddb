package org.eqlfusion.cli;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * How much this machine stalled its threads while a load ran: a thread of the load's own process
 * asks to sleep 1 ms again and again, and records by how much it woke up late. A process that
 * does nothing else wakes up late only when the machine did not run it — the operating system,
 * the hypervisor or another process had the cores — and the server's threads, on the same cores,
 * suffered the same stalls. A latency figure is read beside it: an alert cannot be faster than the
 * machine lets its threads run. (On this project's VM a kernel thread reclaiming memory, kdamond,
 * stalled threads by 10 – 40 ms about twice a second while a server's pre-touched heap lay idle.)
 */
final class StallMeter {

    /** Sleeps the thread; a test gives one whose sleeps overrun as it says. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /** What was measured: how many sleeps, and by how much they woke up late. */
    record Stalls(long samples, double p99Millis, double maxMillis, long over10Millis) {
        @Override
        public String toString() {
            return String.format("%,d sleeps of 1 ms woke up late by p99 %.1f ms, at most %.1f ms, %,d times by more than 10 ms",
                    samples, p99Millis, maxMillis, over10Millis);
        }
    }

    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Histogram lateMicros = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final Thread thread;
    private volatile boolean stop;

    /** Starts measuring with real sleeps. */
    StallMeter() {
        this(System::nanoTime, nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    StallMeter(LongSupplier clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.thread = new Thread(this::run, "eql-fusion-stall-meter");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (!stop) {
            long before = clock.getAsLong();
            try {
                sleeper.sleep(PERIOD_NANOS);
            } catch (InterruptedException e) {
                return;
            }
            long late = clock.getAsLong() - before - PERIOD_NANOS;
            lateMicros.recordValue(Math.min(lateMicros.getHighestTrackableValue(), Math.max(0, late / 1_000)));
        }
    }

    /** Stops measuring and says what it saw. */
    Stalls stop() throws InterruptedException {
        stop = true;
        thread.join();
        long over10 = lateMicros.getCountBetweenValues(10_001, lateMicros.getHighestTrackableValue());
        return new Stalls(lateMicros.getTotalCount(), lateMicros.getValueAtPercentile(99) / 1000.0,
                lateMicros.getMaxValue() / 1000.0, over10);
    }
}
