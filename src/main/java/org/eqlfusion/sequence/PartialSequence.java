package org.eqlfusion.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eqlfusion.event.EcsEvent;
import org.kie.api.definition.type.ClassReactive;

/**
 * A sequence that has matched its first {@code stage} stages and waits for the next: the state of
 * EQL's sequence state machine, held as a fact. Its time is its FIRST event's, so that a rule's
 * {@code EcsEvent( this after[0s, <maxspan>] $start ) from $event}, with {@code $start} its
 * {@code startTimestamp}, bounds the whole sequence by maxspan, as EQL does.
 *
 * <p>A plain fact, not a Drools event, as are the state machine's other facts: in a stream-mode
 * session Drools evaluates a rule at once for every insertion or deletion of an event, once per
 * node the event reaches (a partial reaches four or five), where a fact waits for the next
 * evaluation of the rules. The rules compare its times explicitly and delete it themselves.
 *
 * <p>Stage rules start partials, move them on one stage, and complete them; the rules in
 * {@code sequences.drl} keep one partial per rule, key and stage (the newest).
 * A partial is never changed in place: moving on makes a new one.
 */
@ClassReactive
public final class PartialSequence {

    private final String rule;
    private final SequenceKey key;
    private final List<EcsEvent> events;
    private final long expiresAt;

    private PartialSequence(String rule, SequenceKey key, List<EcsEvent> events, long expiresAt) {
        this.rule = rule;
        this.key = key;
        this.events = events;
        this.expiresAt = expiresAt;
    }

    /** A new partial: {@code first} matched stage 1 of {@code rule} with join key {@code key}. */
    public static PartialSequence start(String rule, SequenceKey key, EcsEvent first) {
        return new PartialSequence(rule, key, List.of(first), Long.MAX_VALUE);
    }

    /**
     * This partial, to be let go of once {@code millis} of event time have passed since it started
     * (see {@link #getExpiresAt()}); a partial that is not given this never expires by age.
     */
    public PartialSequence expiringAfter(long millis) {
        EcsEvent first = events.get(0);
        // a partial ages from when its first event went in: its own time, or the clock's when it
        // came late (so that it waits as long for the late events that may complete it) or dated
        // ahead of the machine's clock (so that it expires when the clock moves on, not in years)
        long agingFrom = first.getSessionTime() != 0 ? first.getSessionTime() : first.getTimestamp();
        return new PartialSequence(rule, key, events, agingFrom + millis);
    }

    /** This partial moved on one stage by {@code next}. */
    public PartialSequence then(EcsEvent next) {
        List<EcsEvent> more = new ArrayList<>(events.size() + 1);
        more.addAll(events);
        more.add(next);
        return new PartialSequence(rule, key, Collections.unmodifiableList(more), expiresAt);
    }

    /** The rule_id of the sequence rule this partial belongs to. */
    public String getRule() {
        return rule;
    }

    public SequenceKey getKey() {
        return key;
    }

    /** How many stages are matched. */
    public int getStage() {
        return events.size();
    }

    public List<EcsEvent> getEvents() {
        return events;
    }

    public long getStartTimestamp() {
        return events.get(0).getTimestamp();
    }

    /**
     * The event time after which this partial may be let go of: expiry rules join it with
     * {@link EventTime} ({@code PartialSequence( ..., expiresAt < $now )}); being a plain property,
     * Drools' range index keeps partials ordered by it, so moving EventTime visits only those that expired.
     */
    public long getExpiresAt() {
        return expiresAt;
    }

    public EcsEvent getLastEvent() {
        return events.get(events.size() - 1);
    }

    /** Whether this partial's last event is strictly earlier than {@code event}: only then may the event extend it. */
    public boolean endsBefore(EcsEvent event) {
        return getLastEvent().isBefore(event);
    }

    /** Whether this partial's last event is {@code event} itself or earlier: what an {@code until} event ends. */
    public boolean endsNoLaterThan(EcsEvent event) {
        return getLastEvent() == event || getLastEvent().isBefore(event);
    }

    /** Whether this partial's last event is strictly earlier than {@code other}'s: the older of two partials. */
    public boolean endsBefore(PartialSequence other) {
        return getLastEvent().isBefore(other.getLastEvent());
    }

    @Override
    public String toString() {
        return "PartialSequence[" + rule + " " + key + " stage " + getStage() + "]";
    }
}
