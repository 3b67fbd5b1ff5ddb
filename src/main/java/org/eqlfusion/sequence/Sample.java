package org.eqlfusion.sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eqlfusion.event.EcsEvent;
import org.kie.api.definition.type.ClassReactive;

/**
 * The state of an EQL {@code sample} for one join key: one slot per filter, each taking the first
 * event of the key that matches that filter (an event fills one slot at most), in any order. Once
 * every slot is filled the sample is raised and stays, closed, so the key gives one sample
 * (Elasticsearch's default max_samples_per_key of 1). Never changed in place.
 */
@ClassReactive
public final class Sample {

    private final String rule;
    private final SequenceKey key;
    private final EcsEvent[] slots;
    private final boolean closed;

    private Sample(String rule, SequenceKey key, EcsEvent[] slots, boolean closed) {
        this.rule = rule;
        this.key = key;
        this.slots = slots;
        this.closed = closed;
    }

    /** A new sample of {@code filters} slots whose slot {@code slot} (1-based) holds {@code event}. */
    public static Sample start(String rule, SequenceKey key, int filters, int slot, EcsEvent event) {
        return new Sample(rule, key, new EcsEvent[filters], false).with(slot, event);
    }

    /** This sample with slot {@code slot} (1-based) holding {@code event}. */
    public Sample with(int slot, EcsEvent event) {
        EcsEvent[] next = Arrays.copyOf(slots, slots.length);
        next[slot - 1] = event;
        return new Sample(rule, key, next, false);
    }

    /** This sample, complete and raised: it keeps the key from giving another. */
    public Sample finished() {
        return new Sample(rule, key, slots, true);
    }

    public String getRule() {
        return rule;
    }

    public SequenceKey getKey() {
        return key;
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean isEmpty(int slot) {
        return slots[slot - 1] == null;
    }

    public boolean holds(EcsEvent event) {
        for (EcsEvent e : slots) {
            if (e == event) {
                return true;
            }
        }
        return false;
    }

    public boolean isComplete() {
        for (EcsEvent e : slots) {
            if (e == null) {
                return false;
            }
        }
        return true;
    }

    /** The events, in filter order (all slots filled once complete). */
    public List<EcsEvent> getEvents() {
        List<EcsEvent> events = new ArrayList<>(slots.length);
        for (EcsEvent e : slots) {
            if (e != null) {
                events.add(e);
            }
        }
        return events;
    }

    public long getStartTimestamp() {
        long first = Long.MAX_VALUE;
        for (EcsEvent e : slots) {
            if (e != null) {
                first = Math.min(first, e.getTimestamp());
            }
        }
        return first;
    }
}
