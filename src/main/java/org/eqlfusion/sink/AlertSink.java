package org.eqlfusion.sink;

import org.eqlfusion.alert.Alert;

/**
 * Where alerts go once raised: a file, a webhook, the recent-alerts view, live subscribers. Called
 * on the {@link AlertFanout}'s one thread, in the order the alerts were raised; a sink that blocks
 * holds up the other sinks (not the rules), so one that waits on a network hands that to a thread
 * of its own.
 */
public interface AlertSink extends AutoCloseable {

    /** @param json the alert document as one line of UTF-8 JSON, without the newline */
    void accept(Alert alert, byte[] json);

    /** Writes out what is pending; called once, after the last alert. */
    @Override
    default void close() {
    }
}
