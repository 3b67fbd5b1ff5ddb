package org.eqlfusion.session;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.eqlfusion.event.EcsEvent;

/**
 * Puts events back in event-time order: they wait here until the watermark (the latest
 * {@code @timestamp} seen, less the allowed lateness) passes them, then leave in
 * ({@code @timestamp}, arrival) order. An event older than one already released cannot be put in
 * order any more: it is late, and {@link #add} says so.
 *
 * <p>The buffer holds at most {@code maxEvents}: beyond that the earliest events leave before the
 * watermark passes them (a flood of events of the same moment must not exhaust memory); an event
 * older than them that arrives afterwards is then late.
 *
 * <p>Most events arrive in time order; those wait in a plain FIFO, and only the ones that arrive
 * out of order go through a heap. Releasing takes the earlier of the two heads.
 */
final class ReorderBuffer {

    private static final Comparator<EcsEvent> EVENT_TIME_ORDER = (a, b) -> a.isBefore(b) ? -1 : b.isBefore(a) ? 1 : 0;

    private final long latenessNanos;
    private final int maxEvents;
    private final ArrayDeque<EcsEvent> inOrder = new ArrayDeque<>();
    private final PriorityQueue<EcsEvent> outOfOrder = new PriorityQueue<>(EVENT_TIME_ORDER);
    private long maxSeenNanos = Long.MIN_VALUE;
    private long releasedUpToNanos = Long.MIN_VALUE;

    ReorderBuffer(long latenessNanos, int maxEvents) {
        this.latenessNanos = latenessNanos;
        this.maxEvents = maxEvents;
    }

    /** Takes an event in; false when it is late (older than an event already released), and then it is not kept. */
    boolean add(EcsEvent event) {
        if (event.getTimestampNanos() < releasedUpToNanos) {
            return false;
        }
        if (event.getReceivedNanos() != 0) {
            // the time it went in; release turns it into the time it waited
            event.setHeldNanos(System.nanoTime());
        }
        if (event.getTimestampNanos() >= maxSeenNanos) {
            inOrder.addLast(event);
            maxSeenNanos = event.getTimestampNanos();
        } else {
            outOfOrder.add(event);
        }
        return true;
    }

    /** Releases, in order, every event the watermark has passed. */
    void releaseReady(Consumer<EcsEvent> sink) {
        long watermark = watermarkNanos();
        EcsEvent next;
        while ((next = earliest()) != null && (next.getTimestampNanos() <= watermark || size() > maxEvents)) {
            release(take(next), sink);
        }
    }

    /** Releases everything, in order (end of input, shutdown, or an idle feed). */
    void releaseAll(Consumer<EcsEvent> sink) {
        EcsEvent next;
        while ((next = earliest()) != null) {
            release(take(next), sink);
        }
    }

    private EcsEvent earliest() {
        EcsEvent a = inOrder.peekFirst();
        EcsEvent b = outOfOrder.peek();
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return b.isBefore(a) ? b : a;
    }

    private EcsEvent take(EcsEvent earliest) {
        return earliest == inOrder.peekFirst() ? inOrder.pollFirst() : outOfOrder.poll();
    }

    private void release(EcsEvent event, Consumer<EcsEvent> sink) {
        releasedUpToNanos = event.getTimestampNanos();
        if (event.getReceivedNanos() != 0) {
            event.setHeldNanos(System.nanoTime() - event.getHeldNanos());
        }
        sink.accept(event);
    }

    long watermarkNanos() {
        return maxSeenNanos == Long.MIN_VALUE ? Long.MIN_VALUE : maxSeenNanos - latenessNanos;
    }

    long maxSeenNanos() {
        return maxSeenNanos;
    }

    int size() {
        return inOrder.size() + outOfOrder.size();
    }
}
