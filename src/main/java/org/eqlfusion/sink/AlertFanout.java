package org.eqlfusion.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.alert.AlertListener;

/**
 * The engine's alert listener in a server: encodes each alert once and hands it to every sink. A
 * sink that fails is logged and the others still get the alert.
 */
public final class AlertFanout implements AlertListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AlertFanout.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AlertSink> sinks;

    public AlertFanout(List<AlertSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void onAlert(Alert alert) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(alert.document());
        } catch (JsonProcessingException e) {
            LOG.log(Level.SEVERE, "alert " + alert.uuid() + " cannot be encoded as JSON", e);
            return;
        }
        for (AlertSink sink : sinks) {
            try {
                sink.accept(alert, json);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "alert sink " + sink.getClass().getSimpleName() + " failed on alert "
                        + alert.uuid(), e);
            }
        }
    }

    /** Closes every sink, in order, each once; a failing one does not keep the next from closing. */
    @Override
    public void close() {
        for (AlertSink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "alert sink " + sink.getClass().getSimpleName() + " failed to close", e);
            }
        }
    }
}
