package org.eqlfusion.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.alert.AlertListener;

/**
 * The engine's alert listener in a server: takes each alert off the session thread, encodes it
 * once and hands it to every sink, in the order raised, on a thread of its own. A sink that
 * writes to a disk (an append waits while the file is being synced: 1 – 3 ms on this project's
 * machine) or fails is then never time the rules wait for. A sink that fails is logged and the
 * others still get the alert.
 *
 * <p>No alert is dropped: when {@code capacity} alerts wait, the session thread waits for room.
 * {@link #drain()} returns once every alert raised before it has reached every sink;
 * {@link #close()} delivers what waits, then closes the sinks.
 */
public final class AlertFanout implements AlertListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AlertFanout.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final int DEFAULT_CAPACITY = 16_384;

    /**
     * An alert and when it was raised; or a marker completed once everything before it was
     * delivered, the {@code last} one (from {@link #close()}) ending the thread.
     */
    private record Queued(Alert alert, long raisedNanos, CompletableFuture<Void> marker, boolean last) {
    }

    private final List<AlertSink> sinks;
    private final BlockingQueue<Queued> queue;
    private final Thread thread;
    private volatile boolean closed;

    public AlertFanout(List<AlertSink> sinks) {
        this(sinks, DEFAULT_CAPACITY);
    }

    public AlertFanout(List<AlertSink> sinks, int capacity) {
        this.sinks = List.copyOf(sinks);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "eql-fusion-alert-fanout");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void onAlert(Alert alert) {
        if (closed && !thread.isAlive()) {
            LOG.severe("alert " + alert.uuid() + " raised after the alert sinks were closed: not delivered");
            return;
        }
        put(new Queued(alert, System.nanoTime(), null, false));
    }

    /** Alerts raised and not yet handed to every sink (a sink that stalls makes it grow). */
    public int pending() {
        return queue.size();
    }

    /** Waits until every alert raised before this call has reached every sink. */
    public void drain() {
        if (closed || !thread.isAlive()) {
            // closing: close delivers what waits, and a marker behind its own would never be taken
            return;
        }
        mark(false);
    }

    private void mark(boolean last) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        put(new Queued(null, 0, delivered, last));
        delivered.join();
    }

    private void put(Queued item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing an alert to its sinks", e);
        }
    }

    private void run() {
        while (true) {
            Queued item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (item.marker() != null) {
                item.marker().complete(null);
                if (item.last()) {
                    // only close's own marker ends the thread: a flush's marker taken while close
                    // is under way must not leave close waiting on a thread that is gone
                    return;
                }
                continue;
            }
            deliver(item);
        }
    }

    private void deliver(Queued item) {
        // the alert's latency runs on to the moment its sinks have it
        Alert alert = item.alert().latencyNanos() < 0 ? item.alert()
                : item.alert().later(System.nanoTime() - item.raisedNanos());
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

    /** Delivers every alert still waiting, then closes every sink, in order, each once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        mark(true);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AlertSink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "alert sink " + sink.getClass().getSimpleName() + " failed to close", e);
            }
        }
    }
}
