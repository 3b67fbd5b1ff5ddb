package org.eqlfusion.session;

import org.eqlfusion.event.EcsEvent;

/**
 * Told of each event that arrived later than the allowed lateness: older than an event the
 * session already processed. Called on the writer thread.
 */
@FunctionalInterface
public interface LateEventListener {

    /** @param behindMillis how far the event's time is behind the newest event released to the session */
    void onLate(EcsEvent event, long behindMillis);
}
