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

    /** {@code events} in stage order (one event for an event query), missing-event stages left out. */
    void onMatch(RuleMetadata rule, List<EcsEvent> events);
}
