package org.eqlfusion.hunt;

import java.util.Comparator;
import java.util.List;
import org.eqlfusion.event.EcsEvent;

/**
 * One result of a hunt: an event, a sequence or a sample.
 *
 * @param events   its events in stage order, a null where a missing-event stage ({@code ![...]}) holds
 * @param joinKeys the values of its join keys ({@code by} fields), as Elasticsearch returns them; empty for an event
 * @param event    whether it is an event query's result (one event), not a sequence's or a sample's
 */
public record HuntMatch(List<EcsEvent> events, List<Object> joinKeys, boolean event) {

    /** Events in the order the engine takes them: @timestamp, then tiebreaker, then arrival. */
    static final Comparator<EcsEvent> TIME_ORDER = (a, b) -> a.isBefore(b) ? -1 : b.isBefore(a) ? 1 : 0;

    /** Its last event (the one that completed it): Elasticsearch orders sequences by it. */
    EcsEvent last() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) != null) {
                return events.get(i);
            }
        }
        throw new IllegalStateException("a match without events");
    }
}
