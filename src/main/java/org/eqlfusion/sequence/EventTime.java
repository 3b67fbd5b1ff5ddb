package org.eqlfusion.sequence;

/**
 * The session's event time as a fact, so that rules can let go of state that has aged out
 * without one timer per fact: the session driver moves it on about once a second of event time,
 * and to the end of time when the input ends. Rules compare ages against it
 * ({@code EventTime( $now : millis )}, {@code PartialSequence( ..., expiresAt < $now )}); it never
 * decides a match. With Drools' beta range index on, such a join visits only the partials that aged out.
 */
public final class EventTime {

    private final long millis;

    public EventTime(long millis) {
        this.millis = millis;
    }

    /** Event time in epoch milliseconds. */
    public long getMillis() {
        return millis;
    }

    @Override
    public String toString() {
        return "EventTime[" + millis + "]";
    }
}
