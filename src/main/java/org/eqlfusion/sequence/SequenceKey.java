package org.eqlfusion.sequence;

import java.util.List;

/**
 * The join key of an event at one stage of a sequence: the values of the sequence's {@code by}
 * fields followed by the stage's own {@code by} fields. Stages join when their keys are equal.
 */
public record SequenceKey(List<Object> values) {

    public SequenceKey {
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
