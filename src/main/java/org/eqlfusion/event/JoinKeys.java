package org.eqlfusion.event;

import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.sequence.SequenceKey;

/** The join keys of an event for a sequence or sample stage ({@link EcsEvent#keys}). */
final class JoinKeys {

    private JoinKeys() {
    }

    /** The keys of an event with {@code fields} for a stage joined by {@code keyFields} (see {@link EcsEvent#keys}). */
    static List<SequenceKey> of(FieldMap fields, String... keyFields) {
        List<Object> single = singleKey(fields, keyFields);
        if (single != null) {
            return single == NO_KEY ? List.of() : List.of(new SequenceKey(single));
        }
        List<List<Object>> combos = List.of(List.of());
        for (String key : keyFields) {
            boolean optional = key.startsWith("?");
            Object value = fields.get(optional ? key.substring(1) : key);
            if (value == null && !optional) {
                return List.of();
            }
            List<?> values = value == null ? java.util.Collections.singletonList(null)
                    : value instanceof List<?> many ? many : List.of(value);
            if (key.equals(HostScope.HOST_FIELD) && values.size() > 1) {
                // a host shard joins this event only by the hosts it holds: another shard has the others
                values = HostScope.held(values);
            }
            List<List<Object>> next = new ArrayList<>(combos.size() * values.size());
            for (List<Object> prefix : combos) {
                for (Object v : values) {
                    if (v == null && !optional) {
                        continue;
                    }
                    List<Object> combo = new ArrayList<>(prefix);
                    combo.add(v);
                    if (!next.contains(combo)) {
                        next.add(combo);
                    }
                }
            }
            combos = next;
        }
        List<SequenceKey> keys = new ArrayList<>(combos.size());
        for (List<Object> combo : combos) {
            keys.add(new SequenceKey(combo));
        }
        return keys;
    }

    /** A sentinel of its own: no key, as opposed to the empty key of a sequence without {@code by}. */
    private static final List<Object> NO_KEY = java.util.Collections.unmodifiableList(new ArrayList<>());

    /**
     * The one key when no key field holds a List (the common case, read without building the
     * combinations), {@link #NO_KEY} when a required field is missing, or null when a field is
     * multi-valued and {@link #of} must combine.
     */
    private static List<Object> singleKey(FieldMap fields, String[] keyFields) {
        List<Object> key = new ArrayList<>(keyFields.length);
        for (String field : keyFields) {
            boolean optional = field.startsWith("?");
            Object value = fields.get(optional ? field.substring(1) : field);
            if (value instanceof List<?>) {
                return null;
            }
            if (value == null && !optional) {
                return NO_KEY;
            }
            key.add(value);
        }
        return key;
    }
}
