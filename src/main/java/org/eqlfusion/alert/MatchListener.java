package org.eqlfusion.alert;

import java.util.List;
import org.eqlfusion.event.EcsEvent;

/**
 * Receives each match of a rule with the events themselves, before any alert document is made:
 * for callers that want the events (a hunt prints them), not alerts. Called as
 * {@link AlertListener} is: on the session's writer thread, in event-time order.
 */
@FunctionalInterface
public interface MatchListener {

    /**
     * @param events   in stage order (one event for an event query), missing-event stages left out
     * @param joinKeys the values the events were joined on (of a multi-valued field, the one value
     *                 they share), the sequence's {@code by} fields then the stage's; empty for an event query
     */
    void onMatch(RuleMetadata rule, List<EcsEvent> events, List<Object> joinKeys);
}
