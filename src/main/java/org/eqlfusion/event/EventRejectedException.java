package org.eqlfusion.event;

/** An input that is not a usable event, with the reason a user can act on (what is wrong, and where). */
public final class EventRejectedException extends Exception {

    public EventRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
