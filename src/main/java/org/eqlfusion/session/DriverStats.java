package org.eqlfusion.session;

/**
 * A snapshot of a session driver's counters.
 *
 * @param received     events handed to the driver
 * @param processed    events that went through the session
 * @param late         events that came later than the allowed lateness (processed all the same)
 * @param ruleErrors   events on which a rule threw (logged; the session went on)
 * @param buffered     events waiting in the reorder buffer
 * @param queued       batches waiting for the writer thread
 * @param facts        facts in the session (partial sequences; events leave once matched)
 * @param watermarkMillis the event time up to which everything has been processed
 * @param insertions   entry-point insertions: how many entry points the processed events were routed to, summed
 * @param newestEventMillis the newest event time received ({@link Long#MIN_VALUE} before any): an event
 *                     more than the lateness older than it is late
 * @param ahead        events dated further ahead of this machine's clock than allowed (processed at the
 *                     engine's time, without dragging it along)
 */
public record DriverStats(long received, long processed, long late, long ruleErrors, int buffered, int queued, long facts,
                          long watermarkMillis, long insertions, long newestEventMillis, long ahead) {
}
