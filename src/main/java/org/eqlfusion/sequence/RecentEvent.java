package org.eqlfusion.sequence;

import org.eqlfusion.event.EcsEvent;
import org.kie.api.definition.type.ClassReactive;

/**
 * An event that matched a sequence's leading missing stage ({@code ![...]} before the first
 * stage), remembered for the rule's maxspan: a sequence completed shortly after it is cancelled.
 */
@ClassReactive
public final class RecentEvent {

    private final String rule;
    private final SequenceKey key;
    private final EcsEvent event;

    public RecentEvent(String rule, SequenceKey key, EcsEvent event) {
        this.rule = rule;
        this.key = key;
        this.event = event;
    }

    public String getRule() {
        return rule;
    }

    public SequenceKey getKey() {
        return key;
    }

    public EcsEvent getEvent() {
        return event;
    }

    public long getTimestamp() {
        return event.getTimestamp();
    }

    /** Whether this event comes strictly before the completed sequence's first event. */
    public boolean precedes(CompletedSequence done) {
        return event.isBefore(done.getSequence().getEvents().get(0));
    }
}
