package org.eqlfusion.session;

import org.eqlfusion.event.EcsEvent;

/**
 * Told of each event out of its time: one that arrived later than the allowed lateness (older than
 * an event the session already processed), or one dated further ahead of this machine's clock than
 * allowed (its host's clock is wrong). Both are processed all the same. Called on the writer thread.
 */
@FunctionalInterface
public interface LateEventListener {

    /** @param behindMillis how far the event's time is behind the newest event released to the session */
    void onLate(EcsEvent event, long behindMillis);

    /** @param aheadMillis how far the event's time is ahead of this machine's clock */
    default void onAhead(EcsEvent event, long aheadMillis) {
    }
}
