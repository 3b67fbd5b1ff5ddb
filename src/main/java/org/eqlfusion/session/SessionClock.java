package org.eqlfusion.session;

import java.time.Duration;
import org.eqlfusion.event.EcsEvent;

/**
 * The driver's clock: the session time each event goes in at. It follows the events released in
 * event-time order and never goes back, so a late event goes in at the time of the newest before
 * it. An event dated further ahead of this machine's clock than {@code maxFuture} allows (its
 * host's clock is wrong) goes in at the clock's time and does not move it. The driver's thread's.
 */
final class SessionClock {

    /** How far ahead of the machine's clock an event may be dated and still move this one; MAX_VALUE: any. */
    private final long maxFutureMillis;
    private long time;
    private boolean started;

    /** @param maxFuture null: every event's time counts (replays of any era) */
    SessionClock(Duration maxFuture) {
        this.maxFutureMillis = maxFuture == null ? Long.MAX_VALUE : maxFuture.toMillis();
    }

    /** The session time now (the latest an event went in at). */
    long time() {
        return time;
    }

    /**
     * How far {@code event} is dated beyond what may move this clock, in milliseconds ahead of the
     * machine's clock, or 0 when its time counts.
     */
    long aheadOfMachine(EcsEvent event) {
        if (maxFutureMillis == Long.MAX_VALUE) {
            return 0;
        }
        long aheadMillis = event.getTimestamp() - System.currentTimeMillis();
        return aheadMillis > maxFutureMillis ? aheadMillis : 0;
    }

    /** Gives an event released in order its session time: its own, or the clock's if that is later. */
    void enterInOrder(EcsEvent event) {
        long at = event.getTimestamp();
        time = started ? Math.max(time, at) : at;
        started = true;
        event.setSessionTime(time);
    }

    /**
     * Gives an event dated too far ahead its session time: the clock's, which it leaves where it
     * is — or the machine's, when nothing came before it.
     */
    void enterAhead(EcsEvent event) {
        if (!started) {
            time = System.currentTimeMillis();
            started = true;
        }
        event.setSessionTime(time);
    }
}
