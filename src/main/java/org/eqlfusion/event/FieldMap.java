package org.eqlfusion.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An event's fields, dotted name to value, in the order they were read: the names in a
 * {@link FieldShape} that events read the same way share, the values in an array of the event's
 * own, instead of a hash table with one node per field. An event is read once and then looked up
 * many times, often long after, when it leaves the reorder buffer and its memory has gone cold: a
 * lookup probes the shape's table, shared and so likely in cache, and the collector traces one
 * array per buffered event where a hash map has a node per field.
 *
 * <p>Once {@link #freeze frozen} (an {@link EcsEvent} freezes its fields) the map refuses changes;
 * it also keeps each value folded for case the first time a rule asks ({@link #folded}).
 * Not thread-safe for writing: written by one decoder, then only read — by one session writer, or
 * by several at once when the rules are split over sessions. The folded memo is then filled by
 * whichever writer asks first; two asking together fold the value twice and one copy is kept,
 * and since a folded value is immutable (a String or an unmodifiable List), a writer that finds
 * the other's sees it whole.
 */
public final class FieldMap extends AbstractMap<String, Object> {

    private FieldShape shape = FieldShape.EMPTY;
    private Object[] values;
    private Object[] folded;
    private boolean frozen;

    public FieldMap() {
        this(16);
    }

    public FieldMap(int capacity) {
        values = new Object[Math.max(4, capacity)];
    }

    /** The fields of {@code map}, in its order. */
    public static FieldMap copyOf(Map<String, ?> map) {
        FieldMap copy = new FieldMap(map.size());
        map.forEach(copy::put);
        return copy;
    }

    /** No change after this; returns this map. */
    FieldMap freeze() {
        frozen = true;
        return this;
    }

    @Override
    public int size() {
        return shape.size();
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public Object put(String key, Object value) {
        int i = indexOf(key);
        if (i >= 0) {
            checkWritable();
            Object old = values[i];
            values[i] = value;
            if (folded != null) {
                folded[i] = null;
            }
            return old;
        }
        append(key, value);
        return null;
    }

    @Override
    public Object putIfAbsent(String key, Object value) {
        int i = indexOf(key);
        if (i < 0) {
            append(key, value);
        } else if (values[i] != null) {
            return values[i];
        } else {
            put(key, value);
        }
        return null;
    }

    @Override
    public Object remove(Object key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        checkWritable();
        Object old = values[i];
        int size = shape.size();
        int after = size - i - 1;
        System.arraycopy(values, i + 1, values, i, after);
        values[size - 1] = null;
        if (folded != null) {
            System.arraycopy(folded, i + 1, folded, i, after);
            folded[size - 1] = null;
        }
        shape = shape.without(i);
        return old;
    }

    @Override
    public void clear() {
        checkWritable();
        Arrays.fill(values, 0, shape.size(), null);
        folded = null;
        shape = FieldShape.EMPTY;
    }

    /**
     * The value of {@code key} folded for case by {@code fold}, folded the first time it is asked
     * for and kept; null when the field is missing.
     */
    Object folded(String key, UnaryOperator<Object> fold) {
        int i = indexOf(key);
        if (i < 0 || values[i] == null) {
            return null;
        }
        if (folded == null) {
            // a frozen map has all its fields: room for those only (a decoded event's value array
            // keeps room to grow, and its folded copy was as long, for every event matched)
            folded = new Object[frozen ? shape.size() : values.length];
        }
        Object f = folded[i];
        if (f == null) {
            f = fold.apply(values[i]);
            folded[i] = f;
        }
        return f;
    }

    private int indexOf(Object key) {
        return key instanceof String name ? shape.indexOf(name) : -1;
    }

    private void append(String key, Object value) {
        checkWritable();
        if (key == null) {
            throw new NullPointerException("a field needs a name");
        }
        int size = shape.size();
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            if (folded != null) {
                folded = Arrays.copyOf(folded, size * 2);
            }
        }
        shape = shape.with(key);
        values[size] = value;
    }

    private void checkWritable() {
        if (frozen) {
            throw new UnsupportedOperationException("an event's fields do not change once it is read");
        }
    }

    @Override
    public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
        FieldShape names = shape;
        for (int i = 0; i < names.size(); i++) {
            action.accept(names.name(i), values[i]);
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return shape.size();
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private int last = -1;

                    @Override
                    public boolean hasNext() {
                        return next < shape.size();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= shape.size()) {
                            throw new NoSuchElementException();
                        }
                        last = next++;
                        return new SimpleImmutableEntry<>(shape.name(last), values[last]);
                    }

                    @Override
                    public void remove() {
                        if (last < 0) {
                            throw new IllegalStateException();
                        }
                        FieldMap.this.remove(shape.name(last));
                        next = last;
                        last = -1;
                    }
                };
            }
        };
    }
}
