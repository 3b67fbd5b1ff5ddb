package org.eqlfusion.session;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.eqlfusion.event.EcsEvent;

/**
 * The driver's clock: the session time each event goes in at. It follows the events released in
 * event-time order and never goes back, so a late event goes in at the time of the newest before
 * it. An event dated further ahead of this machine's clock than {@code maxFuture} allows (its
 * host's clock is wrong) does not drag it along: it goes in at the clock's time. Only when no
 * event has come in order for a minute — this machine's own clock is behind, and every event
 * comes "ahead" — does it move the clock, to the machine's time less the lateness, so that time
 * still passes and what waits on it still expires. The driver's thread's.
 */
final class SessionClock {

    /** How long without an event in order before events ahead move the clock with the machine's. */
    static final long IN_ORDER_QUIET_MILLIS = 60_000;
    /** Events judged at a time, to tell a few hosts with wrong clocks from a machine whose own is behind. */
    static final int JUDGED = 10_000;

    /** How far ahead of the machine's clock an event may be dated and still move this one; MAX_VALUE: any. */
    private final long maxFutureMillis;
    private final long latenessMillis;
    private final LongSupplier machineMillis;
    /** The machine's clock as last read ({@link #readMachineClock}): once per batch, not per event. */
    private long machineNow;
    private long time;
    private boolean started;
    /** When (machine time) an event last came in order and moved the clock; MIN_VALUE: none yet. */
    private long lastInOrderAt = Long.MIN_VALUE;
    private int judged;
    private int aheadOfThem;

    /**
     * @param maxFuture     null: every event's time counts (replays of any era)
     * @param machineMillis this machine's clock, epoch milliseconds
     */
    SessionClock(Duration maxFuture, Duration lateness, LongSupplier machineMillis) {
        this.maxFutureMillis = maxFuture == null ? Long.MAX_VALUE : maxFuture.toMillis();
        this.latenessMillis = lateness.toMillis();
        this.machineMillis = machineMillis;
    }

    /**
     * Reads this machine's clock, for the events of a batch (or a flush) to be judged against:
     * one read per batch rather than two per event, which cost the session writer a few percent.
     */
    void readMachineClock() {
        if (maxFutureMillis != Long.MAX_VALUE) {
            machineNow = machineMillis.getAsLong();
        }
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
        long aheadMillis = event.getTimestamp() - machineNow;
        judged++;
        if (aheadMillis > maxFutureMillis) {
            aheadOfThem++;
            return aheadMillis;
        }
        return 0;
    }

    /**
     * Every {@link #JUDGED} events: whether most of them came dated too far ahead — rather this
     * machine's clock behind than that many hosts' ahead. Starts the next count.
     */
    boolean mostlyAhead() {
        if (judged < JUDGED) {
            return false;
        }
        boolean most = aheadOfThem * 2 > judged;
        judged = 0;
        aheadOfThem = 0;
        return most;
    }

    /** Gives an event released in order its session time: its own, or the clock's if that is later. */
    void enterInOrder(EcsEvent event) {
        long at = event.getTimestamp();
        time = started ? Math.max(time, at) : at;
        started = true;
        event.setSessionTime(time);
        if (maxFutureMillis != Long.MAX_VALUE) {
            lastInOrderAt = machineNow;
        }
    }

    /**
     * Gives an event dated too far ahead its session time: the clock's — moved on to the machine's
     * time less the lateness (where events in order would have it by now) when none has come in
     * order for a minute, or none ever.
     */
    void enterAhead(EcsEvent event) {
        long now = machineNow;
        // (nothing has come in order before the clock started)
        if (lastInOrderAt == Long.MIN_VALUE || now - lastInOrderAt > IN_ORDER_QUIET_MILLIS) {
            time = started ? Math.max(time, now - latenessMillis) : now - latenessMillis;
            started = true;
        }
        event.setSessionTime(time);
    }
}
