package org.eqlfusion.alert;

/**
 * Receives alerts as rules raise them. Called on the session's writer thread, in event-time
 * order: keep it quick, or hand the alert to another thread.
 */
@FunctionalInterface
public interface AlertListener {

    void onAlert(Alert alert);
}
