package org.eqlfusion.sink;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.eqlfusion.alert.Alert;

/** Live subscribers ({@code GET /alerts/stream}): each new alert's JSON goes to each of them. */
public final class AlertSubscribers implements AlertSink {

    private final CopyOnWriteArrayList<BiConsumer<Alert, byte[]>> subscribers = new CopyOnWriteArrayList<>();

    /** Adds a subscriber; it must not block (it runs on the session's writer thread). Returns what unsubscribes it. */
    public Runnable subscribe(BiConsumer<Alert, byte[]> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public int count() {
        return subscribers.size();
    }

    @Override
    public void accept(Alert alert, byte[] json) {
        for (BiConsumer<Alert, byte[]> s : subscribers) {
            s.accept(alert, json);
        }
    }
}
