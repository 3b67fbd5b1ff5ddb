package org.eqlfusion.session;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.eqlfusion.event.EcsEvent;

/**
 * Puts events back in event-time order: they wait here until the watermark (the latest
 * {@code @timestamp} seen, less the allowed lateness) passes them, then leave in
 * ({@code @timestamp}, arrival) order. An event older than one already released cannot be put in
 * order any more: it is late, and {@link #add} says so.
 */
final class ReorderBuffer {

    private static final Comparator<EcsEvent> EVENT_TIME_ORDER =
            Comparator.comparingLong(EcsEvent::getTimestampNanos).thenComparingLong(EcsEvent::getSequenceNumber);

    private final long latenessNanos;
    private final PriorityQueue<EcsEvent> waiting = new PriorityQueue<>(EVENT_TIME_ORDER);
    private long maxSeenNanos = Long.MIN_VALUE;
    private long releasedUpToNanos = Long.MIN_VALUE;

    ReorderBuffer(long latenessNanos) {
        this.latenessNanos = latenessNanos;
    }

    /** Takes an event in; false when it is late (older than an event already released), and then it is not kept. */
    boolean add(EcsEvent event) {
        if (event.getTimestampNanos() < releasedUpToNanos) {
            return false;
        }
        waiting.add(event);
        maxSeenNanos = Math.max(maxSeenNanos, event.getTimestampNanos());
        return true;
    }

    /** Releases, in order, every event the watermark has passed. */
    void releaseReady(Consumer<EcsEvent> sink) {
        long watermark = watermarkNanos();
        while (!waiting.isEmpty() && waiting.peek().getTimestampNanos() <= watermark) {
            release(waiting.poll(), sink);
        }
    }

    /** Releases everything, in order (end of input, shutdown, or an idle feed). */
    void releaseAll(Consumer<EcsEvent> sink) {
        while (!waiting.isEmpty()) {
            release(waiting.poll(), sink);
        }
    }

    private void release(EcsEvent event, Consumer<EcsEvent> sink) {
        releasedUpToNanos = event.getTimestampNanos();
        sink.accept(event);
    }

    long watermarkNanos() {
        return maxSeenNanos == Long.MIN_VALUE ? Long.MIN_VALUE : maxSeenNanos - latenessNanos;
    }

    long maxSeenNanos() {
        return maxSeenNanos;
    }

    int size() {
        return waiting.size();
    }
}
