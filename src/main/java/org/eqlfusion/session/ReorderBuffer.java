package org.eqlfusion.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.eqlfusion.event.EcsEvent;

/**
 * Puts events back in event-time order: they wait here until the watermark (the latest
 * {@code @timestamp} seen, less the allowed lateness) passes them, then leave in
 * ({@code @timestamp}, tiebreaker, arrival) order. An event older than one already released cannot
 * be put in order any more: it is late, and {@link #add} says so.
 *
 * <p>The buffer holds at most {@code maxEvents}: beyond that the earliest events leave before the
 * watermark passes them (a flood of events of the same moment must not exhaust memory); an event
 * older than them that arrives afterwards is then late.
 *
 * <p>Events arrive as a few streams each in time order, interleaved: one per shipper connection,
 * each request's batches offered as they are decoded. Each stream gets a lane, a plain FIFO an
 * event joins when it comes after the lane's last one (the lane whose last event is the latest
 * such, so streams keep to their own lanes); releasing takes the earliest of the lanes' heads.
 * Only beyond {@link #MAX_LANES} do events go through a heap: with two connections a heap took a
 * tenth of the session writer's time, sifting events that were in order but for each other.
 */
final class ReorderBuffer {

    /** More streams than this at once is disorder, not interleaving: the heap takes the rest. */
    static final int MAX_LANES = 8;

    private static final Comparator<EcsEvent> EVENT_TIME_ORDER = (a, b) -> a.isBefore(b) ? -1 : b.isBefore(a) ? 1 : 0;

    private final long latenessNanos;
    private final int maxEvents;
    private final List<ArrayDeque<EcsEvent>> lanes = new ArrayList<>(MAX_LANES);
    /**
     * Each lane's first event's time, beside the lanes: choosing what leaves next reads this array,
     * not each lane's first event, which has waited the whole lateness and is out of every cache.
     */
    private final long[] headNanos = new long[MAX_LANES];
    private final PriorityQueue<EcsEvent> outOfOrder = new PriorityQueue<>(EVENT_TIME_ORDER);
    private int size;
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
        ArrayDeque<EcsEvent> lane = laneAfterWhich(event);
        if (lane != null) {
            lane.addLast(event);
        } else if (lanes.size() < MAX_LANES) {
            lane = new ArrayDeque<>();
            lane.addLast(event);
            headNanos[lanes.size()] = event.getTimestampNanos();
            lanes.add(lane);
        } else {
            outOfOrder.add(event);
        }
        size++;
        maxSeenNanos = Math.max(maxSeenNanos, event.getTimestampNanos());
        return true;
    }

    /** The lane whose last event is the latest one before {@code event}, or null when none comes before it. */
    private ArrayDeque<EcsEvent> laneAfterWhich(EcsEvent event) {
        ArrayDeque<EcsEvent> best = null;
        EcsEvent bestLast = null;
        for (int i = 0; i < lanes.size(); i++) {
            ArrayDeque<EcsEvent> lane = lanes.get(i);
            EcsEvent last = lane.peekLast();
            if (last.isBefore(event) && (bestLast == null || bestLast.isBefore(last))) {
                best = lane;
                bestLast = last;
            }
        }
        return best;
    }

    /** Releases, in order, every event the watermark has passed. */
    void releaseReady(Consumer<EcsEvent> sink) {
        releaseUpTo(watermarkNanos(), sink);
    }

    /** Releases everything, in order (end of input, shutdown, or an idle feed). */
    void releaseAll(Consumer<EcsEvent> sink) {
        releaseUpTo(Long.MAX_VALUE, sink);
    }

    /** The events a run releases count as let go at its start: the ones before them are their wait, not the buffer's. */
    private void releaseUpTo(long watermark, Consumer<EcsEvent> sink) {
        long now = 0;
        EcsEvent next;
        while ((next = takeEarliestIf(watermark)) != null) {
            releasedUpToNanos = next.getTimestampNanos();
            if (next.getReceivedNanos() != 0) {
                if (now == 0) {
                    now = System.nanoTime();
                }
                next.setHeldNanos(now - next.getHeldNanos());
            }
            sink.accept(next);
        }
    }

    /** Takes out the earliest event when the watermark has passed it or the buffer is over its bound; else null. */
    private EcsEvent takeEarliestIf(long watermark) {
        int from = earliestLane();
        EcsEvent earliest = from < 0 ? null : lanes.get(from).peekFirst();
        EcsEvent heapHead = outOfOrder.peek();
        if (heapHead != null && (earliest == null || heapHead.isBefore(earliest))) {
            earliest = heapHead;
            from = -1;
        }
        if (earliest == null || (earliest.getTimestampNanos() > watermark && size <= maxEvents)) {
            return null;
        }
        if (from < 0) {
            outOfOrder.poll();
        } else {
            ArrayDeque<EcsEvent> lane = lanes.get(from);
            lane.pollFirst();
            if (lane.isEmpty()) {
                lanes.remove(from);
                System.arraycopy(headNanos, from + 1, headNanos, from, lanes.size() - from);
            } else {
                headNanos[from] = lane.peekFirst().getTimestampNanos();
            }
        }
        size--;
        return earliest;
    }

    /** The lane whose first event comes first, by the times beside them (the events only when times tie); -1: none. */
    private int earliestLane() {
        int best = -1;
        for (int i = 0; i < lanes.size(); i++) {
            if (best < 0 || headNanos[i] < headNanos[best]
                    || headNanos[i] == headNanos[best] && lanes.get(i).peekFirst().isBefore(lanes.get(best).peekFirst())) {
                best = i;
            }
        }
        return best;
    }

    long watermarkNanos() {
        return maxSeenNanos == Long.MIN_VALUE ? Long.MIN_VALUE : maxSeenNanos - latenessNanos;
    }

    long maxSeenNanos() {
        return maxSeenNanos;
    }

    int size() {
        return size;
    }
}
