package org.eqlfusion.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The join key of an event at one stage of a sequence: the values of the sequence's {@code by}
 * fields followed by the stage's own {@code by} fields. Stages join when their keys are equal.
 *
 * <p>Drools hashes a key at each join it indexes: the hash is computed once, when the key is made.
 */
public final class SequenceKey {

    private final List<Object> values;
    private final int hash;

    public SequenceKey(List<Object> values) {
        this.values = Collections.unmodifiableList(new ArrayList<>(values));
        this.hash = this.values.hashCode();
    }

    public List<Object> values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof SequenceKey other && other.hash == hash && other.values.equals(values));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
