package org.eqlfusion.sink;

import org.eqlfusion.alert.Alert;

/**
 * Where alerts go once raised: a file, a webhook, the recent-alerts view, live subscribers. Called
 * on the session's writer thread, so an implementation hands slow work (network, disk syncs) to
 * its own thread.
 */
public interface AlertSink extends AutoCloseable {

    /** @param json the alert document as one line of UTF-8 JSON, without the newline */
    void accept(Alert alert, byte[] json);

    /** Writes out what is pending; called once, after the last alert. */
    @Override
    default void close() {
    }
}
