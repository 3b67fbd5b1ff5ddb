package org.eqlfusion.sequence;

import org.eqlfusion.event.EcsEvent;
import org.kie.api.definition.type.ClassReactive;

/**
 * A sequence whose stages all matched, held until its missing-event stages ({@code ![...]} before
 * the first stage or after the last) are settled: Elasticsearch drops the sequence when events
 * matching them exist close enough that the whole sequence, missing events included, fits in
 * maxspan. Rules record the nearest such events; the alert is raised when the window has passed
 * and {@link #cancelled} says no.
 */
@ClassReactive
public final class CompletedSequence {

    private final PartialSequence sequence;
    private final boolean leadingStage;
    private final boolean trailingStage;
    private EcsEvent latestLeading;
    private EcsEvent earliestTrailing;

    public CompletedSequence(PartialSequence sequence, boolean leadingStage, boolean trailingStage) {
        this.sequence = sequence;
        this.leadingStage = leadingStage;
        this.trailingStage = trailingStage;
    }

    public PartialSequence getSequence() {
        return sequence;
    }

    public String getRule() {
        return sequence.getRule();
    }

    public SequenceKey getKey() {
        return sequence.getKey();
    }

    public long getStartTimestamp() {
        return sequence.getStartTimestamp();
    }

    /** A leading missing-stage event seen before the first event; the latest counts. */
    public void leadingSeen(EcsEvent event) {
        if (latestLeading == null || latestLeading.isBefore(event)) {
            latestLeading = event;
        }
    }

    /** A trailing missing-stage event seen after the last event; the earliest counts. */
    public void trailingSeen(EcsEvent event) {
        if (sequence.endsBefore(event) && (earliestTrailing == null || event.isBefore(earliestTrailing))) {
            earliestTrailing = event;
        }
    }

    /**
     * Whether the missing stages were present: every leading and trailing missing stage has an
     * event, and the sequence stretched to them spans no more than maxspan.
     */
    public boolean cancelled(long maxspanMillis) {
        if ((leadingStage && latestLeading == null) || (trailingStage && earliestTrailing == null)) {
            return false;
        }
        long from = leadingStage ? latestLeading.getTimestamp() : sequence.getStartTimestamp();
        long to = trailingStage ? earliestTrailing.getTimestamp() : sequence.getLastEvent().getTimestamp();
        return to - from <= maxspanMillis;
    }
}
